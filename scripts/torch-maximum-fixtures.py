#!/usr/bin/env python3
# Runs the element-wise maximum in torch (forward, and backward by autograd) on fixed inputs and
# writes tests/fixtures/torch-maximum.json: case -> inputs (each [batch, size]), dy, y, dxs.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-maximum-fixtures.py; commit the JSON.
# Two inputs use torch.maximum (Keras's Maximum); more use torch.stack(...).amax(0). Both share the
# gradient of tied inputs evenly: the "ties" cases draw small integers, so many values tie.

import functools
import json
import pathlib

import torch

# (id, number of inputs, batch, values per sample, small integers so that values tie)
CASES = [
    ("two-inputs", 2, 3, 5, False),
    ("three-inputs", 3, 2, 6, False),
    ("two-inputs-with-ties", 2, 4, 6, True),
    ("four-inputs-with-ties", 4, 3, 5, True),
]


def maximum(inputs: list) -> torch.Tensor:
    if len(inputs) == 2:
        return torch.maximum(inputs[0], inputs[1])
    return torch.stack(inputs).amax(dim=0)


def flat(tensor: torch.Tensor) -> list:
    return [round(float(v), 8) for v in tensor.reshape(-1)]


def main() -> None:
    generator = torch.Generator().manual_seed(31)
    cases = []
    for name, count, batch, size, ties in CASES:
        inputs = []
        for _ in range(count):
            if ties:
                x = torch.randint(-1, 2, (batch, size), generator=generator).double()
            else:
                x = (torch.rand(batch, size, generator=generator) * 4 - 2).double()
            inputs.append(x.requires_grad_(True))
        dy = (torch.rand(batch, size, generator=generator) * 2 - 1).double()
        y = maximum(inputs)
        # The forward is the maximum however it is computed.
        assert torch.equal(y, functools.reduce(torch.maximum, inputs))
        y.backward(dy)
        cases.append({
            "name": name,
            "batch": batch,
            "size": size,
            "inputs": [flat(x.detach()) for x in inputs],
            "dy": flat(dy),
            "y": flat(y.detach()),
            "dxs": [flat(x.grad) for x in inputs],
        })
    fixture = {
        "generatedBy": "scripts/torch-maximum-fixtures.py",
        "torch": torch.__version__,
        "cases": cases,
    }
    root = pathlib.Path(__file__).resolve().parent.parent
    out = root / "tests" / "fixtures" / "torch-maximum.json"
    out.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
