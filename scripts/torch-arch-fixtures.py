#!/usr/bin/env python3
# Builds the architectures of issue 14 in PyTorch and writes tests/fixtures/torch-arch.json: a
# shared layer (one nn.Linear called twice), with its loss and gradients for fixed weights and inputs.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-arch-fixtures.py; commit the JSON.

import json
import math
import pathlib

import torch
from torch import nn

torch.manual_seed(0)


def values(tensor):
    return [round(float(v), 7) for v in tensor.detach().reshape(-1)]


def dense_weights(linear):
    """nnet keeps W as [inputs][units] (x · W + b); torch's Linear stores it as [units][inputs]."""
    return values(linear.weight.t()), values(linear.bias)


def shared_case():
    nnet = "\n".join([
        "model M {",
        "  input x: [3]",
        "  shared h = dense(3, tanh)",
        "  a = x -> h",
        "  b = a -> h",
        "  add(a, b) -> dense(2)",
        "}",
        "train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }",
    ])
    h = nn.Linear(3, 3)
    head = nn.Linear(3, 2)
    batch = 4
    x = torch.tensor([[math.sin(i * 1.3 + j) for j in range(3)] for i in range(batch)])
    y = torch.tensor([[math.cos(i + 2 * j) for j in range(2)] for i in range(batch)])
    a = torch.tanh(h(x))
    b = torch.tanh(h(a))
    out = head(a + b)
    # nnet's mse: ½ Σ (u − y)² per sample, averaged over the batch.
    loss = 0.5 * ((out - y) ** 2).sum(dim=1).mean()
    loss.backward()
    hw, hb = dense_weights(h)
    dw, db = dense_weights(head)
    model = nn.ModuleDict({"h": h, "head": head})
    return {
        "nnet": nnet,
        "x": values(x),
        "y": values(y),
        "batch": batch,
        "weights": {"a/weights": hw, "a/bias": hb, "dense/weights": dw, "dense/bias": db},
        "loss": float(loss),
        "gradients": {
            "a/weights": values(h.weight.grad.t()),
            "a/bias": values(h.bias.grad),
            "dense/weights": values(head.weight.grad.t()),
            "dense/bias": values(head.bias.grad),
        },
        "torchParams": sum(p.numel() for p in model.parameters()),
    }


def main() -> None:
    fixture = {
        "generatedBy": "scripts/torch-arch-fixtures.py",
        "torchVersion": torch.__version__,
        "shared": shared_case(),
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-arch.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
