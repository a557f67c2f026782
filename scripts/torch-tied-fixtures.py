#!/usr/bin/env python3
# A tied autoencoder in PyTorch (decoder = encoderᵀ: one nn.Linear weight used as W and as W.t())
# and writes tests/fixtures/torch-tied.json: its parameter count, the weights in nnet's layout
# (kernel [inputs, units] = weight.t()), a batch, the mse loss and the gradients of every weight.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-tied-fixtures.py; commit the JSON.

import json
import pathlib

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(20261206)


def values(tensor):
    return [float(v) for v in tensor.detach().reshape(-1)]


def uniform(*shape, scale=1.0):
    # float32-representable values, so the runtime's Float32Array holds exactly what torch used
    return ((torch.rand(*shape) * 2 - 1) * scale).float().double()


class TiedAutoencoder(nn.Module):
    def __init__(self, inputs, units):
        super().__init__()
        self.encoder = nn.Linear(inputs, units)
        self.decoder_bias = nn.Parameter(torch.zeros(inputs))

    def forward(self, x):
        code = torch.relu(self.encoder(x))
        return torch.sigmoid(F.linear(code, self.encoder.weight.t(), self.decoder_bias))


def main():
    inputs, units, batch = 6, 3, 4
    model = TiedAutoencoder(inputs, units).double()
    with torch.no_grad():
        model.encoder.weight.copy_(uniform(units, inputs, scale=0.9))
        model.encoder.bias.copy_(uniform(units, scale=0.3))
        model.decoder_bias.copy_(uniform(inputs, scale=0.3))
    x = uniform(batch, inputs).abs()
    loss = F.mse_loss(model(x), x)
    loss.backward()
    fixture = {
        "generatedBy": "scripts/torch-tied-fixtures.py",
        "torchVersion": torch.__version__,
        "inputs": inputs, "units": units, "batch": batch,
        "params": sum(p.numel() for p in model.parameters()),
        "kernel": values(model.encoder.weight.t()), "bias": values(model.encoder.bias),
        "decoderBias": values(model.decoder_bias),
        "x": values(x), "loss": float(loss),
        "dKernel": values(model.encoder.weight.grad.t()), "dBias": values(model.encoder.bias.grad),
        "dDecoderBias": values(model.decoder_bias.grad),
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-tied.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
