#!/usr/bin/env python3
# Runs torch's nn.Upsample(mode="nearest") forward and backward on fixed channels-last inputs and
# writes tests/fixtures/torch-upsample.json: case -> x, dy, y and dx, all [batch, H, W, C].
# Run with Debian's torch: /usr/bin/python3 scripts/torch-upsample-fixtures.py; commit the JSON.

import json
import pathlib

import torch
from torch import nn

# (id, batch, height, width, channels, scale along height, scale along width)
CASES = [
    ("2x2-of-3x4x2", 2, 3, 4, 2, 2, 2),
    ("2x3-of-2x2x3", 1, 2, 2, 3, 2, 3),
    ("3x1-of-4x3x1", 3, 4, 3, 1, 3, 1),
]


def flat(tensor: torch.Tensor) -> list:
    return [round(float(v), 7) for v in tensor.reshape(-1)]


def main() -> None:
    generator = torch.Generator().manual_seed(8)
    cases = []
    for name, batch, height, width, channels, sh, sw in CASES:
        x = torch.rand(batch, height, width, channels, generator=generator) * 2 - 1
        dy = torch.rand(batch, height * sh, width * sw, channels, generator=generator) * 2 - 1
        first = x.permute(0, 3, 1, 2).clone().requires_grad_(True)
        y = nn.Upsample(scale_factor=(float(sh), float(sw)), mode="nearest")(first)
        y.backward(dy.permute(0, 3, 1, 2))
        cases.append({
            "name": name,
            "batch": batch,
            "height": height,
            "width": width,
            "channels": channels,
            "size": [sh, sw],
            "x": flat(x),
            "dy": flat(dy),
            "y": flat(y.detach().permute(0, 2, 3, 1)),
            "dx": flat(first.grad.permute(0, 2, 3, 1)),
        })
    fixture = {
        "generatedBy": "scripts/torch-upsample-fixtures.py",
        "torch": torch.__version__,
        "cases": cases,
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-upsample.json"
    out.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
