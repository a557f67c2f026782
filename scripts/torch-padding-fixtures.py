#!/usr/bin/env python3
# Runs PyTorch's nn.MultiheadAttention (batch_first, float64) with a key_padding_mask made from token
# ids (ids == pad) and writes tests/fixtures/torch-padding.json: the ids, the weights in nnet's Keras
# layout, the output and the gradients of sum(out * dy) (conversions as in torch-recurrent-fixtures.py).
# Run with Debian's torch: /usr/bin/python3 scripts/torch-padding-fixtures.py; commit the JSON.

import json
import pathlib

import torch
from torch import nn

torch.manual_seed(20261206)


def uniform(*shape, scale=1.0):
    # float32-representable values, so the runtime's Float32Array holds exactly what torch used
    return ((torch.rand(*shape) * 2 - 1) * scale).float().double()


def flat(tensor):
    return [float(v) for v in tensor.detach().reshape(-1)]


def padded_case(ids, model_dim, heads, pad):
    batch, timesteps = len(ids), len(ids[0])
    head_dim = model_dim // heads
    module = nn.MultiheadAttention(model_dim, heads, batch_first=True).double()
    with torch.no_grad():
        module.in_proj_weight.copy_(uniform(3 * model_dim, model_dim, scale=0.8))
        module.in_proj_bias.copy_(uniform(3 * model_dim, scale=0.3))
        module.out_proj.weight.copy_(uniform(model_dim, model_dim, scale=0.8))
        module.out_proj.bias.copy_(uniform(model_dim, scale=0.3))
    x = uniform(batch, timesteps, model_dim).requires_grad_(True)
    key_padding_mask = torch.tensor(ids) == pad
    out, _ = module(x, x, x, key_padding_mask=key_padding_mask, need_weights=False)
    dy = uniform(*out.shape)
    (out * dy).sum().backward()

    def split(weight, bias, which):
        rows = slice(which * model_dim, (which + 1) * model_dim)
        return weight[rows].T.reshape(model_dim, heads, head_dim), bias[rows].reshape(heads, head_dim)

    w, b = module.in_proj_weight, module.in_proj_bias
    params, grads = {}, {}
    for which, name in enumerate(["query", "key", "value"]):
        kernel, bias = split(w, b, which)
        d_kernel, d_bias = split(w.grad, b.grad, which)
        params[f"{name}Kernel"], params[f"{name}Bias"] = flat(kernel), flat(bias)
        grads[f"{name}Kernel"], grads[f"{name}Bias"] = flat(d_kernel), flat(d_bias)
    params["outputKernel"] = flat(module.out_proj.weight.T.reshape(heads, head_dim, model_dim))
    params["outputBias"] = flat(module.out_proj.bias)
    grads["outputKernel"] = flat(module.out_proj.weight.grad.T.reshape(heads, head_dim, model_dim))
    grads["outputBias"] = flat(module.out_proj.bias.grad)
    return {
        "batch": batch, "timesteps": timesteps, "modelDim": model_dim, "heads": heads,
        "keyDim": head_dim, "pad": pad, "ids": [v for row in ids for v in row],
        "x": flat(x), "params": params, "dy": flat(dy), "out": flat(out), "dx": flat(x.grad),
        "grads": grads,
    }


def main():
    # Padding at the end (the usual case), in the middle, and none; every row keeps a real token.
    ids = [[5, 3, 7, 0, 0], [2, 0, 4, 9, 0], [1, 6, 8, 2, 3]]
    fixture = {
        "generatedBy": "scripts/torch-padding-fixtures.py",
        "torchVersion": torch.__version__,
        "padded": padded_case(ids, 4, 2, 0),
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-padding.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
