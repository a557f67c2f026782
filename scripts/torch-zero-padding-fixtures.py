#!/usr/bin/env python3
# Runs torch's nn.ZeroPad2d forward and backward on fixed channels-last inputs and writes
# tests/fixtures/torch-zero-padding.json: case -> x, dy, y and dx, all [batch, H, W, C].
# Run with Debian's torch: /usr/bin/python3 scripts/torch-zero-padding-fixtures.py; commit the JSON.

import json
import pathlib

import torch
from torch import nn

# (id, batch, height, width, channels, top, bottom, left, right)
CASES = [
    ("1-all-round-3x4x2", 2, 3, 4, 2, 1, 1, 1, 1),
    ("2-and-1-of-2x2x3", 1, 2, 2, 3, 2, 2, 1, 1),
    ("uneven-of-4x3x1", 3, 4, 3, 1, 0, 1, 2, 0),
]


def flat(tensor: torch.Tensor) -> list:
    return [round(float(v), 7) for v in tensor.reshape(-1)]


def main() -> None:
    generator = torch.Generator().manual_seed(8)
    cases = []
    for name, batch, height, width, channels, top, bottom, left, right in CASES:
        x = torch.rand(batch, height, width, channels, generator=generator) * 2 - 1
        out_height, out_width = top + height + bottom, left + width + right
        dy = torch.rand(batch, out_height, out_width, channels, generator=generator) * 2 - 1
        first = x.permute(0, 3, 1, 2).clone().requires_grad_(True)
        # ZeroPad2d takes (left, right, top, bottom).
        y = nn.ZeroPad2d((left, right, top, bottom))(first)
        y.backward(dy.permute(0, 3, 1, 2))
        cases.append({
            "name": name,
            "batch": batch,
            "height": height,
            "width": width,
            "channels": channels,
            "padding": {"top": top, "bottom": bottom, "left": left, "right": right},
            "x": flat(x),
            "dy": flat(dy),
            "y": flat(y.detach().permute(0, 2, 3, 1)),
            "dx": flat(first.grad.permute(0, 2, 3, 1)),
        })
    fixture = {
        "generatedBy": "scripts/torch-zero-padding-fixtures.py",
        "torch": torch.__version__,
        "cases": cases,
    }
    root = pathlib.Path(__file__).resolve().parent.parent
    out = root / "tests" / "fixtures" / "torch-zero-padding.json"
    out.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
