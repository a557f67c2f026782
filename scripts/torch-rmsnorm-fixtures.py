#!/usr/bin/env python3
# Runs RMS normalization in torch (forward, and backward by autograd) on fixed inputs and writes
# tests/fixtures/torch-rmsnorm.json: case -> x [batch, rows, features], gamma, dy, y, dx, dgamma.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-rmsnorm-fixtures.py; commit the JSON.
# torch 1.13 has no nn.RMSNorm (torch >= 2.4 has): its formula is written out, as that module's
# documentation states it, y = x * rsqrt(mean(x^2, last axis) + eps) * weight; with a newer torch
# the script checks its formula against nn.RMSNorm first.

import json
import pathlib

import torch
from torch import nn

# (id, batch, rows per sample, features, epsilon)
CASES = [
    ("vectors-of-5", 3, 1, 5, 1e-6),
    ("sequence-4x3", 2, 4, 3, 1e-6),
    ("large-epsilon-one-feature", 2, 2, 1, 0.5),
]


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def flat(tensor: torch.Tensor) -> list:
    return [round(float(v), 8) for v in tensor.reshape(-1)]


def main() -> None:
    generator = torch.Generator().manual_seed(21)
    cases = []
    for name, batch, rows, features, eps in CASES:
        x = (torch.rand(batch, rows, features, generator=generator) * 4 - 2).double()
        gamma = (torch.rand(features, generator=generator) + 0.5).double()
        dy = (torch.rand(batch, rows, features, generator=generator) * 2 - 1).double()
        x.requires_grad_(True)
        gamma.requires_grad_(True)
        y = rms_norm(x, gamma, eps)
        if hasattr(nn, "RMSNorm"):
            module = nn.RMSNorm(features, eps=eps).double()
            with torch.no_grad():
                module.weight.copy_(gamma)
            assert torch.allclose(module(x), y)
        y.backward(dy)
        cases.append({
            "name": name,
            "batch": batch,
            "rows": rows,
            "features": features,
            "epsilon": eps,
            "x": flat(x.detach()),
            "gamma": flat(gamma.detach()),
            "dy": flat(dy),
            "y": flat(y.detach()),
            "dx": flat(x.grad),
            "dgamma": flat(gamma.grad),
        })
    fixture = {
        "generatedBy": "scripts/torch-rmsnorm-fixtures.py",
        "torch": torch.__version__,
        "cases": cases,
    }
    root = pathlib.Path(__file__).resolve().parent.parent
    out = root / "tests" / "fixtures" / "torch-rmsnorm.json"
    out.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
