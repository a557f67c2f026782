#!/usr/bin/env python3
# Runs PyTorch's nn.RNN, nn.LSTM, nn.GRU and nn.MultiheadAttention (batch_first, float64) on small
# seeded inputs and writes tests/fixtures/torch-recurrent.json: the weights converted to nnet's
# Keras layout, the outputs, and the gradients of sum(out * dy) in that same layout.
# Run with Debian's torch: /usr/bin/python3 scripts/torch-recurrent-fixtures.py; commit the JSON.
#
# Layout conversions (torch → Keras):
#   weight_ih [gates·u, in] → kernel [in, gates·u] (transpose); weight_hh likewise → recurrent_kernel.
#   LSTM gate blocks are i, f, g, o in both; Keras's single bias is bias_ih + bias_hh.
#   GRU blocks are r, z, n in torch and z, r, h in Keras (swap the first two); torch's GRU is the
#   reset_after form, whose Keras bias [2, 3u] is [bias_ih; bias_hh], each reordered.
#   MultiheadAttention: in_proj_weight [3d, d] = rows of W_q, W_k, W_v; query_kernel [d, h, d/h]
#   = W_qᵀ reshaped, query_bias [h, d/h]; output_kernel [h, d/h, d] = out_proj.weightᵀ reshaped.

import json
import pathlib

import torch
from torch import nn

torch.manual_seed(20240611)


def uniform(*shape, scale=1.0):
    # float32-representable values, so the runtime's Float32Array holds exactly what torch used
    return ((torch.rand(*shape) * 2 - 1) * scale).float().double()


def flat(tensor):
    return [float(v) for v in tensor.detach().reshape(-1)]


def gru_reorder(tensor, units):
    """torch r, z, n blocks along dim 0 → Keras z, r, h."""
    r, z, n = tensor[:units], tensor[units : 2 * units], tensor[2 * units :]
    return torch.cat([z, r, n], dim=0)


def recurrent_case(cell, batch, timesteps, features, units, return_sequences, nonlinearity="tanh"):
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    if cell == "rnn":
        module = nn.RNN(features, units, nonlinearity=nonlinearity, batch_first=True)
    elif cell == "lstm":
        module = nn.LSTM(features, units, batch_first=True)
    else:
        module = nn.GRU(features, units, batch_first=True)
    module = module.double()
    with torch.no_grad():
        module.weight_ih_l0.copy_(uniform(gates * units, features, scale=0.6))
        module.weight_hh_l0.copy_(uniform(gates * units, units, scale=0.6))
        module.bias_ih_l0.copy_(uniform(gates * units, scale=0.3))
        module.bias_hh_l0.copy_(uniform(gates * units, scale=0.3))
    x = uniform(batch, timesteps, features).requires_grad_(True)
    output, _ = module(x)
    out = output if return_sequences else output[:, -1, :]
    dy = uniform(*out.shape)
    (out * dy).sum().backward()

    w_ih, w_hh = module.weight_ih_l0, module.weight_hh_l0
    b_ih, b_hh = module.bias_ih_l0, module.bias_hh_l0
    g_ih, g_hh = w_ih.grad, w_hh.grad
    gb_ih, gb_hh = b_ih.grad, b_hh.grad
    if cell == "gru":
        kernel, recurrent_kernel = gru_reorder(w_ih, units).T, gru_reorder(w_hh, units).T
        bias = torch.stack([gru_reorder(b_ih, units), gru_reorder(b_hh, units)])
        d_kernel, d_recurrent = gru_reorder(g_ih, units).T, gru_reorder(g_hh, units).T
        d_bias = torch.stack([gru_reorder(gb_ih, units), gru_reorder(gb_hh, units)])
    else:
        kernel, recurrent_kernel = w_ih.T, w_hh.T
        bias = b_ih + b_hh
        d_kernel, d_recurrent = g_ih.T, g_hh.T
        assert torch.allclose(gb_ih, gb_hh)  # one Keras bias: both torch biases get its gradient
        d_bias = gb_ih
    return {
        "id": f"{cell}-{nonlinearity}-b{batch}-t{timesteps}-f{features}-u{units}"
        + ("-sequences" if return_sequences else ""),
        "cell": cell,
        "activation": nonlinearity,
        "batch": batch,
        "timesteps": timesteps,
        "features": features,
        "units": units,
        "returnSequences": return_sequences,
        "x": flat(x),
        "kernel": flat(kernel),
        "recurrentKernel": flat(recurrent_kernel),
        "bias": flat(bias),
        "dy": flat(dy),
        "out": flat(out),
        "dx": flat(x.grad),
        "dKernel": flat(d_kernel),
        "dRecurrentKernel": flat(d_recurrent),
        "dBias": flat(d_bias),
    }


def attention_case(batch, timesteps, model_dim, heads, causal):
    head_dim = model_dim // heads
    module = nn.MultiheadAttention(model_dim, heads, batch_first=True).double()
    with torch.no_grad():
        module.in_proj_weight.copy_(uniform(3 * model_dim, model_dim, scale=0.8))
        module.in_proj_bias.copy_(uniform(3 * model_dim, scale=0.3))
        module.out_proj.weight.copy_(uniform(model_dim, model_dim, scale=0.8))
        module.out_proj.bias.copy_(uniform(model_dim, scale=0.3))
    x = uniform(batch, timesteps, model_dim).requires_grad_(True)
    mask = torch.triu(torch.ones(timesteps, timesteps, dtype=torch.bool), diagonal=1) if causal else None
    out, _ = module(x, x, x, attn_mask=mask, need_weights=False)
    dy = uniform(*out.shape)
    (out * dy).sum().backward()

    def split(weight, bias, which):
        rows = slice(which * model_dim, (which + 1) * model_dim)
        kernel = weight[rows].T.reshape(model_dim, heads, head_dim)
        return kernel, bias[rows].reshape(heads, head_dim)

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
        "id": f"mha-b{batch}-t{timesteps}-d{model_dim}-h{heads}" + ("-causal" if causal else ""),
        "batch": batch,
        "timesteps": timesteps,
        "modelDim": model_dim,
        "heads": heads,
        "keyDim": head_dim,
        "causal": causal,
        "x": flat(x),
        "params": params,
        "dy": flat(dy),
        "out": flat(out),
        "dx": flat(x.grad),
        "grads": grads,
    }


def main():
    recurrent = [
        recurrent_case("lstm", 3, 5, 4, 3, False),
        recurrent_case("lstm", 2, 4, 3, 5, True),
        recurrent_case("gru", 3, 5, 4, 3, False),
        recurrent_case("gru", 2, 4, 3, 5, True),
        recurrent_case("rnn", 3, 5, 4, 3, True),
        recurrent_case("rnn", 2, 4, 3, 5, False, nonlinearity="relu"),
    ]
    attention = [
        attention_case(2, 5, 6, 2, False),
        attention_case(2, 4, 8, 4, True),
    ]
    fixture = {
        "generator": "scripts/torch-recurrent-fixtures.py",
        "torch": torch.__version__,
        "recurrent": recurrent,
        "attention": attention,
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch-recurrent.json"
    out.write_text(json.dumps(fixture) + "\n")
    print(f"wrote {out} ({len(recurrent)} recurrent, {len(attention)} attention cases)")


if __name__ == "__main__":
    main()
