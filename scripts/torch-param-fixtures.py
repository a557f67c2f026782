#!/usr/bin/env python3
# Builds each nnet layer configuration in PyTorch and writes tests/fixtures/torch-params.json:
# case (nnet layer, input shape, args) -> sum(p.numel() for p in module.parameters()).
# Run with Debian's torch: /usr/bin/python3 scripts/torch-param-fixtures.py; commit the JSON.

import json
import pathlib

import torch
from torch import nn



def rms_norm(features):
    """nn.RMSNorm (torch >= 2.4); torch 1.13 has none, so the module nnc's PyTorch export writes."""
    if hasattr(nn, "RMSNorm"):
        return nn.RMSNorm(features)
    return nn.ParameterDict({"weight": nn.Parameter(torch.ones(features))})


# (id, nnet layer or activation, input shape without batch, nnet args, the PyTorch module)
CASES = [
    ("dense-784-128", "dense", [784], {"units": 128}, lambda: nn.Linear(784, 128)),
    ("dense-128-10-nobias", "dense", [128], {"units": 10, "use_bias": False}, lambda: nn.Linear(128, 10, bias=False)),
    ("dense-2-2", "dense", [2], {"units": 2}, lambda: nn.Linear(2, 2)),
    ("conv1d-16-32-k5", "conv1d", [100, 16], {"filters": 32, "kernel": 5}, lambda: nn.Conv1d(16, 32, 5)),
    ("conv1d-3-8-k3-nobias", "conv1d", [50, 3], {"filters": 8, "kernel": 3, "use_bias": False},
     lambda: nn.Conv1d(3, 8, 3, bias=False)),
    ("conv2d-1-32-k3", "conv2d", [28, 28, 1], {"filters": 32, "kernel": 3}, lambda: nn.Conv2d(1, 32, 3)),
    ("conv2d-32-64-k3", "conv2d", [26, 26, 32], {"filters": 64, "kernel": 3}, lambda: nn.Conv2d(32, 64, 3)),
    ("conv2d-3-16-k3x5-same", "conv2d", [32, 32, 3], {"filters": 16, "kernel": [3, 5], "padding": "same"},
     lambda: nn.Conv2d(3, 16, (3, 5), padding="same")),
    ("conv2d-6-16-k5-stride2-nobias", "conv2d", [14, 14, 6], {"filters": 16, "kernel": 5, "strides": 2, "use_bias": False},
     lambda: nn.Conv2d(6, 16, 5, stride=2, bias=False)),
    ("batchnorm1d-64", "batchnorm", [64], {}, lambda: nn.BatchNorm1d(64)),
    ("batchnorm2d-16", "batchnorm", [28, 28, 16], {}, lambda: nn.BatchNorm2d(16)),
    ("batchnorm1d-seq-32", "batchnorm", [10, 32], {}, lambda: nn.BatchNorm1d(32)),
    ("layernorm-64", "layernorm", [10, 64], {}, lambda: nn.LayerNorm(64)),
    ("layernorm-128", "layernorm", [128], {}, lambda: nn.LayerNorm(128)),
    ("rmsnorm-64", "rmsnorm", [10, 64], {}, lambda: rms_norm(64)),
    ("rmsnorm-12", "rmsnorm", [12], {"epsilon": 1e-5}, lambda: rms_norm(12)),
    ("embedding-10000-64", "embedding", [100], {"vocab": 10000, "dim": 64}, lambda: nn.Embedding(10000, 64)),
    ("embedding-50-8", "embedding", [7], {"vocab": 50, "dim": 8}, lambda: nn.Embedding(50, 8)),
    ("rnn-8-16", "rnn", [20, 8], {"units": 16}, lambda: nn.RNN(8, 16, batch_first=True)),
    ("rnn-8-16-nobias", "rnn", [20, 8], {"units": 16, "use_bias": False}, lambda: nn.RNN(8, 16, bias=False, batch_first=True)),
    ("lstm-32-64", "lstm", [100, 32], {"units": 64}, lambda: nn.LSTM(32, 64, batch_first=True)),
    ("lstm-1-50-sequences", "lstm", [10, 1], {"units": 50, "return_sequences": True}, lambda: nn.LSTM(1, 50, batch_first=True)),
    ("gru-32-64", "gru", [100, 32], {"units": 64}, lambda: nn.GRU(32, 64, batch_first=True)),
    ("gru-32-64-reset-before", "gru", [100, 32], {"units": 64, "reset_after": False}, lambda: nn.GRU(32, 64, batch_first=True)),
    ("gru-3-8-nobias", "gru", [10, 3], {"units": 8, "use_bias": False}, lambda: nn.GRU(3, 8, bias=False, batch_first=True)),
    ("attention-64-8", "attention", [10, 64], {"num_heads": 8}, lambda: nn.MultiheadAttention(64, 8, batch_first=True)),
    ("attention-32-4-nobias", "attention", [20, 32], {"num_heads": 4, "use_bias": False},
     lambda: nn.MultiheadAttention(32, 4, bias=False, batch_first=True)),
    ("attention-16-1", "attention", [5, 16], {"num_heads": 1}, lambda: nn.MultiheadAttention(16, 1, batch_first=True)),
    ("prelu-10", "prelu", [10], {}, lambda: nn.PReLU()),
    ("prelu-28x28x3", "prelu", [28, 28, 3], {}, lambda: nn.PReLU()),
]


def main() -> None:
    torch.manual_seed(0)
    cases = []
    for case_id, layer, input_shape, args, build in CASES:
        module = build()
        cases.append({
            "id": case_id,
            "layer": layer,
            "input": input_shape,
            "args": args,
            "torch": repr(module).replace("\n", " "),
            "params": sum(p.numel() for p in module.parameters()),
        })
    fixture = {
        "generatedBy": "scripts/torch-param-fixtures.py",
        "torchVersion": torch.__version__,
        "cases": cases,
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-params.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
