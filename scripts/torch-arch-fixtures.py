#!/usr/bin/env python3
# Builds the architectures of issue 14 in PyTorch and writes tests/fixtures/torch-arch.json: a
# shared layer (one nn.Linear called twice) with its loss and gradients; a graph convolution's
# forward and backward; a 2-layer GCN trained on Zachary's karate club with 2 labelled nodes per class;
# the parameter counts of a transformer encoder block and the sinusoidal position table.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-arch-fixtures.py; commit the JSON.

import importlib.util
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


def normalized_adjacency(a):
    """Â = D^(-1/2) (A + I) D^(-1/2), per graph (the catalogue's formula)."""
    a = a + torch.eye(a.shape[-1])
    scale = a.sum(dim=-1).pow(-0.5)
    return scale.unsqueeze(-1) * a * scale.unsqueeze(-2)


def gcn_case():
    batch, nodes, features, units = 2, 5, 3, 4
    upper = (torch.rand(batch, nodes, nodes) < 0.5).float().triu(1)
    a = upper + upper.transpose(1, 2)
    h = torch.randn(batch, nodes, features, requires_grad=True)
    w = torch.randn(features, units, requires_grad=True)
    b = torch.randn(units, requires_grad=True)
    y = normalized_adjacency(a) @ (h @ w) + b
    dy = torch.randn(batch, nodes, units)
    (y * dy).sum().backward()
    # The PyTorch package's own GraphConv (python/nnet_layers.py) computes the same.
    layers = load_nnet_layers()
    module = layers.GraphConv(features, units)
    with torch.no_grad():
        module.weight.copy_(w)
        module.bias.copy_(b)
        assert torch.allclose(module(h, a), y, atol=1e-5)
    karate_params = sum(
        p.numel() for m in (layers.GraphConv(34, 16), layers.GraphConv(16, 2)) for p in m.parameters()
    )
    return {
        "batch": batch, "nodes": nodes, "features": features, "units": units,
        "adjacency": values(a), "h": values(h), "weights": values(w), "bias": values(b),
        "y": values(y), "dy": values(dy),
        "dh": values(h.grad), "dWeights": values(w.grad), "dBias": values(b.grad),
        "karateTorchParams": karate_params,
    }


def load_nnet_layers():
    path = ROOT / "packages" / "compiler" / "src" / "targets" / "pytorch" / "python" / "nnet_layers.py"
    spec = importlib.util.spec_from_file_location("nnet_layers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def karate_case():
    """Kipf & Welling's 2-layer GCN, featureless (X = I), 2 labelled members per faction, SGD."""
    data = json.loads((ROOT / "examples" / "data" / "karate-club.json").read_text())
    n = data["nodes"]
    a = torch.zeros(n, n)
    for i, j in data["edges"]:
        a[i, j] = a[j, i] = 1
    labels = torch.tensor(data["labels"])
    labelled = [0, 1, 32, 33]
    hidden, lr, steps = 4, 0.3, 200
    torch.manual_seed(1)
    w1 = nn.init.xavier_uniform_(torch.empty(n, hidden)).requires_grad_()
    b1 = torch.zeros(hidden, requires_grad=True)
    w2 = nn.init.xavier_uniform_(torch.empty(hidden, 2)).requires_grad_()
    b2 = torch.zeros(2, requires_grad=True)
    initial = {"gcn/weights": values(w1), "gcn/bias": values(b1),
               "gcn_1/weights": values(w2), "gcn_1/bias": values(b2)}
    norm = normalized_adjacency(a)
    optimizer = torch.optim.SGD([w1, b1, w2, b2], lr=lr)
    for _ in range(steps):
        scores = norm @ (torch.tanh(norm @ w1 + b1) @ w2) + b2
        loss = nn.functional.cross_entropy(scores[labelled], labels[labelled])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    scores = norm @ (torch.tanh(norm @ w1 + b1) @ w2) + b2
    predicted = scores.argmax(dim=1)
    unlabelled = [i for i in range(n) if i not in labelled]
    return {
        "labelled": labelled, "hidden": hidden, "lr": lr, "steps": steps,
        "initial": initial,
        "finalLoss": float(nn.functional.cross_entropy(scores[labelled], labels[labelled])),
        "predicted": [int(p) for p in predicted],
        "unlabelledAccuracy": float((predicted[unlabelled] == labels[unlabelled]).float().mean()),
    }


def transformer_case():
    """The encoder block of examples/transformer-encoder.nnet in torch, and the sinusoidal table."""
    width, heads, hidden, steps = 16, 2, 32, 8
    block = nn.ModuleList([
        nn.MultiheadAttention(width, heads, batch_first=True),
        nn.LayerNorm(width),
        nn.Linear(width, hidden),
        nn.Linear(hidden, width),
        nn.LayerNorm(width),
    ])
    model = nn.ModuleList([nn.Embedding(10, width), load_nnet_layers().PositionEmbedding(steps, width),
                           block, nn.Linear(width, 2)])
    # The PyTorch transformer tutorial's PositionalEncoding, the reference for nnet's formula.
    position = torch.arange(steps).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, width, 2) * (-math.log(10000.0) / width))
    table = torch.zeros(steps, width)
    table[:, 0::2] = torch.sin(position * div_term)
    table[:, 1::2] = torch.cos(position * div_term)
    ours = load_nnet_layers().PositionalEncoding(steps, width)
    assert torch.allclose(ours(torch.zeros(steps, width)), table, atol=1e-6)
    return {
        "blockParams": sum(p.numel() for p in block.parameters()),
        "modelParams": sum(p.numel() for p in model.parameters()),
        "steps": steps,
        "features": width,
        "sinusoidal": values(table),
    }


ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    fixture = {
        "generatedBy": "scripts/torch-arch-fixtures.py",
        "torchVersion": torch.__version__,
        "shared": shared_case(),
        "gcn": gcn_case(),
        "karate": karate_case(),
        "transformer": transformer_case(),
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-arch.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
