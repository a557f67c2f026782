#!/usr/bin/env python3
# Writes examples/data/sorted-digits.json: 2,000 sequences of 8 digits, half sorted (non-decreasing,
# label 1) and half "almost sorted" (a sorted sequence with one adjacent pair of different digits
# swapped, label 0). The same digits occur in both classes, so only their order tells them apart:
# a model needs positions. Deterministic (seed 14); run: python3 scripts/make-digit-sequences.py

import json
import pathlib
import random

STEPS = 8
COUNT = 2000


def main() -> None:
    rng = random.Random(14)
    inputs, targets = [], []
    while len(inputs) < COUNT:
        digits = sorted(rng.randrange(10) for _ in range(STEPS))
        if len(inputs) % 2 == 0:
            inputs.append(digits)
            targets.append(1)
            continue
        places = [i for i in range(STEPS - 1) if digits[i] != digits[i + 1]]
        if not places:
            continue
        i = rng.choice(places)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        inputs.append(digits)
        targets.append(0)
    data = {
        "description": "8 digits; 1 = sorted (non-decreasing), 0 = one adjacent pair swapped; "
        "written by scripts/make-digit-sequences.py (seed 14)",
        "task": "classification",
        "classes": 2,
        "inputs": inputs,
        "targets": targets,
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "examples" / "data" / "sorted-digits.json"
    out.write_text(json.dumps(data) + "\n")
    print(f"wrote {out}: {len(inputs)} sequences")


if __name__ == "__main__":
    main()
