#!/usr/bin/env python3
# Reference numbers for the generated training code, computed with PyTorch in float64, written to
# tests/fixtures/torch-training.json (read by tests/torch-training.test.ts). For each case — a .nnet
# model text whose train run's optimizer is the placeholder {OPTIMIZER}, deterministic initial
# weights in nnet's layout, a batch of inputs and targets — it records the inference output, the
# loss and every parameter's gradient at the initial weights, and for each optimizer the 3 losses
# and the weights after 3 training steps on that batch (and the inference output after them).
#
# Layouts: nnet dense weights are [inputs, units] (x·W + b), torch Linear's [units, inputs]; nnet
# conv2d kernels are [kh, kw, cin, cout] channels-last, torch's [cout, cin, kh, kw] on NCHW; nnet
# flattens [H, W, C] in that order. BatchNorm follows Keras (running = 0.99·running + 0.01·batch,
# ε 1e-3, BIASED batch variance in the running variance too — torch keeps the unbiased one, so
# KerasBatchNorm below keeps them itself). Inputs, targets and weights are float32 values.
#
# Run with Debian's torch: /usr/bin/python3 scripts/torch-training-fixtures.py; commit the JSON.

import json
import pathlib
import re

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)
ROOT = pathlib.Path(__file__).resolve().parent.parent
STEPS = 3

# (id, the nnet optimizer call, the equivalent torch.optim factory). Every hyperparameter is written
# on both sides (the catalogue's defaults are Keras's, not torch's), and each differs from the
# runtime's own default so that an argument the generated code failed to pass would show.
OPTIMIZERS = [
    ("sgd", "sgd(lr = 0.1)", lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd_momentum", "sgd(lr = 0.1, momentum = 0.8)", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8)),
    ("sgd_nesterov", "sgd(lr = 0.1, momentum = 0.9, nesterov = true)",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    ("adagrad", "adagrad(lr = 0.1, initial_accumulator = 0.1, epsilon = 1e-4)",
     lambda p: torch.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.1, eps=1e-4)),
    ("adadelta", "adadelta(lr = 0.5, rho = 0.95, epsilon = 1e-5)",
     lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5)),
    # The language's rmsprop `rho` is torch's `alpha`.
    ("rmsprop", "rmsprop(lr = 0.01, rho = 0.9, epsilon = 1e-4)",
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-4)),
    ("rmsprop_momentum_centered", "rmsprop(lr = 0.01, rho = 0.8, momentum = 0.5, centered = true, epsilon = 1e-4)",
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.8, eps=1e-4, momentum=0.5, centered=True)),
    ("adam", "adam(lr = 0.01, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-4)",
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-4)),
    ("adamax", "adamax(lr = 0.01, beta1 = 0.85, beta2 = 0.95, epsilon = 1e-4)",
     lambda p: torch.optim.Adamax(p, lr=0.01, betas=(0.85, 0.95), eps=1e-4)),
    # torch 1.13's single-tensor NAdam uses Π_t·μ_t·μ_{t+1} where it means Π_t·μ_{t+1}
    # (pytorch#92699, fixed in 2.0); its foreach path is right, so use that one. ψ = 4e-3 is not
    # an argument of the language's nadam.
    ("nadam", "nadam(lr = 0.01, beta1 = 0.85, beta2 = 0.99, epsilon = 1e-4)",
     lambda p: torch.optim.NAdam(p, lr=0.01, betas=(0.85, 0.99), eps=1e-4, momentum_decay=4e-3, foreach=True)),
    ("adamw", "adamw(lr = 0.01, weight_decay = 0.1, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-4)",
     lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.8, 0.99), eps=1e-4, weight_decay=0.1)),
]
ALL = [o[0] for o in OPTIMIZERS]
# examples/backprop-step.nnet's own optimizer.
OPTIMIZER_BY_ID = {o[0]: o for o in OPTIMIZERS + [("sgd_half", "sgd(lr = 0.5)", lambda p: torch.optim.SGD(p, lr=0.5))]}

# The smallest |pre-activation| fed to a ReLU and the smallest gap between a max-pool window's two
# largest values, over every forward: kept away from 0 so float32 and float64 take the same branch.
margins = {"relu": float("inf"), "pool": float("inf")}


def relu(z):
    margins["relu"] = min(margins["relu"], z.detach().abs().min().item())
    return torch.relu(z)


def maxpool2d(z, size):
    n, c, h, w = z.shape
    windows = z.detach().reshape(n, c, h // size, size, w // size, size).permute(0, 1, 2, 4, 3, 5)
    top = windows.reshape(n, c, h // size, w // size, size * size).topk(2, dim=-1).values
    gap = (top[..., 0] - top[..., 1])[top[..., 0] > 0]
    if gap.numel():
        margins["pool"] = min(margins["pool"], gap.min().item())
    return F.max_pool2d(z, size)


def nhwc_to_nchw(x):
    return x.permute(0, 3, 1, 2)


def flatten_nchw_as_nhwc(x):
    return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


class KerasBatchNorm(nn.BatchNorm1d):
    """torch's BatchNorm1d (training forward normalizes with the biased batch variance) whose running
    statistics follow Keras: running = 0.99·running + 0.01·batch with the biased variance."""

    def __init__(self, channels):
        super().__init__(channels, eps=1e-3, momentum=0.01)

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                self.running_mean.mul_(0.99).add_(0.01 * x.mean(0))
                self.running_var.mul_(0.99).add_(0.01 * x.var(0, unbiased=False))
            # Normalize with the batch's statistics, leaving the running ones to the lines above.
            return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)
        return super().forward(x)


# nnet layout <-> torch layout of one parameter.
LAYOUTS = {
    "dense": (lambda a: a.T, lambda t: t.T),
    "conv2d": (lambda a: a.permute(3, 2, 0, 1), lambda t: t.permute(2, 3, 1, 0)),
    "vector": (lambda a: a, lambda t: t),
}


def dense_params(prefix, linear, bias=True):
    out = [(f"{prefix}/weights", linear.weight, "dense")]
    if bias:
        out.append((f"{prefix}/bias", linear.bias, "vector"))
    return out


# ---------------------------------------------------------------------------------------------
# The models. Each module's mapping() lists (nnet name, torch tensor, layout) in nnet's order, and
# its forward(x) returns (the loss's input, the model's output).


class MlpCe(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(4, 8), nn.Linear(8, 3)

    def forward(self, x):
        z = self.l2(torch.tanh(self.l1(x)))
        return z, z

    def mapping(self):
        return dense_params("dense", self.l1) + dense_params("dense_1", self.l2)


class MlpMse(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.l3 = nn.Linear(3, 6), nn.Linear(6, 6), nn.Linear(6, 2)

    def forward(self, x):
        z = self.l3(torch.sigmoid(self.l2(relu(self.l1(x)))))
        return z, z

    def mapping(self):
        return dense_params("dense", self.l1) + dense_params("dense_1", self.l2) + dense_params("dense_2", self.l3)


class BackpropStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(2, 2), nn.Linear(2, 1)

    def forward(self, x):
        u = torch.sigmoid(self.l2(torch.sigmoid(self.l1(x))))
        return u, u

    def mapping(self):
        return dense_params("dense", self.l1) + dense_params("dense_1", self.l2)


class Binary(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(2, 4), nn.Linear(4, 1)

    def forward(self, x):
        z = self.l2(torch.tanh(self.l1(x)))
        return z, torch.sigmoid(z)  # the loss is fused: it takes the logits

    def mapping(self):
        return dense_params("dense", self.l1) + dense_params("dense_1", self.l2)


class ConvValid(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv, self.fc = nn.Conv2d(1, 2, 3), nn.Linear(8, 3)

    def forward(self, x):
        h = maxpool2d(relu(self.conv(nhwc_to_nchw(x))), 2)
        z = self.fc(flatten_nchw_as_nhwc(h))
        return z, z

    def mapping(self):
        return [("conv2d/weights", self.conv.weight, "conv2d"), ("conv2d/bias", self.conv.bias, "vector")] + \
            dense_params("dense", self.fc)


class ConvSameStride2(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv, self.fc = nn.Conv2d(2, 3, 3, stride=2), nn.Linear(27, 3)

    def forward(self, x):
        # Keras "same" with stride 2 on 6: ceil(6/2) = 3 outputs, total padding (3−1)·2 + 3 − 6 = 1,
        # all of it after the input (bottom, right).
        h = relu(self.conv(F.pad(nhwc_to_nchw(x), (0, 1, 0, 1))))
        z = self.fc(flatten_nchw_as_nhwc(h))
        return z, z

    def mapping(self):
        return [("conv2d/weights", self.conv.weight, "conv2d"), ("conv2d/bias", self.conv.bias, "vector")] + \
            dense_params("dense", self.fc)


class BatchNormNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.bn, self.l2 = nn.Linear(4, 6, bias=False), KerasBatchNorm(6), nn.Linear(6, 2)

    def forward(self, x):
        z = self.l2(relu(self.bn(self.l1(x))))
        return z, z

    def mapping(self):
        return dense_params("dense", self.l1, bias=False) + [
            ("batchnorm/gamma", self.bn.weight, "vector"),
            ("batchnorm/beta", self.bn.bias, "vector"),
            ("batchnorm/moving_mean", self.bn.running_mean, "vector"),
            ("batchnorm/moving_variance", self.bn.running_var, "vector"),
        ] + dense_params("dense_1", self.l2)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(4, 4), nn.Linear(4, 2)

    def forward(self, x):
        z = self.l2(x + torch.tanh(self.l1(x)))
        return z, z

    def mapping(self):  # a named value names its layer
        return dense_params("h", self.l1) + dense_params("dense", self.l2)


class Concat(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b, self.out = nn.Linear(4, 3), nn.Linear(4, 2), nn.Linear(5, 3)

    def forward(self, x):
        z = self.out(torch.cat([torch.tanh(self.a(x)), relu(self.b(x))], dim=1))
        return z, z

    def mapping(self):
        return dense_params("a", self.a) + dense_params("b", self.b) + dense_params("dense", self.out)


def train_text(model, loss, extra=""):
    return (f"train {model} {{\n  data = csv(\"samples.csv\", target = \"y\")\n  loss = {loss}\n  optimizer = {{OPTIMIZER}}\n"
            f"  batch = 8\n  epochs = 1\n{extra}}}\n")


MLP_CE_MODEL = """model MlpCe {
  input x: [4]
  dense(8, tanh)
  dense(3)
}
"""
MLP_MSE_MODEL = """model MlpMse {
  input x: [3]
  dense(6, relu)
  dense(6, sigmoid)
  dense(2)
}
"""

LOSSES = {
    "cross_entropy": lambda z, y: F.cross_entropy(z, y),
    "mse": lambda z, y: 0.5 * ((z - y) ** 2).sum(1).mean(),
    "mse_mean": lambda z, y: F.mse_loss(z, y),
    "binary_cross_entropy": lambda z, y: F.binary_cross_entropy_with_logits(z, y),
}


def backprop_step_text():
    text = (ROOT / "examples" / "backprop-step.nnet").read_text()
    line = "optimizer = sgd(lr = 0.5)"
    assert text.count(line) == 1, "examples/backprop-step.nnet no longer trains with sgd(lr = 0.5)"
    return text.replace(line, "optimizer = {OPTIMIZER}")


# The numbers examples/backprop-step.nnet documents in its comment (8 decimals).
BACKPROP_DOCUMENTED = {
    "hidden": [0.59326999, 0.59688438],
    "u": 0.75136507,
    "E": 0.27481108,
    "grads": {"dense_1/weights": [0.08216704, 0.08266763], "dense_1/bias": [0.13849856]},
    "after": {
        "dense/weights": [0.14966580, 0.24962510, 0.19933160, 0.29925020],
        "dense/bias": [0.34331604, 0.34250196],
        "dense_1/weights": [0.35891648, 0.40866619],
        "dense_1/bias": [0.53075072],
    },
    "uAfter": 0.72835214,
    "EAfter": 0.25801490,
}


def f32(a):
    return np.asarray(a, dtype=np.float32)


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return f32(rng.uniform(-limit, limit, size=shape))


def init_params(rng, module):
    """Initial weights in nnet layout: glorot-like kernels, small random biases (so a wrong bias
    path shows), BatchNorm γ around 1, β around 0 and non-default running statistics."""
    params = {}
    for name, tensor, layout in module.mapping():
        nnet_shape = tuple(LAYOUTS[layout][1](torch.zeros(tensor.shape)).shape)
        if name.endswith("/weights"):
            if layout == "conv2d":
                kh, kw, cin, cout = nnet_shape
                params[name] = glorot(rng, nnet_shape, kh * kw * cin, kh * kw * cout)
            else:
                params[name] = glorot(rng, nnet_shape, *nnet_shape)
        elif name.endswith("/gamma"):
            params[name] = f32(rng.uniform(0.7, 1.3, size=nnet_shape))
        elif name.endswith("/moving_mean"):
            params[name] = f32(rng.normal(0, 0.3, size=nnet_shape))
        elif name.endswith("/moving_variance"):
            params[name] = f32(rng.uniform(0.5, 1.5, size=nnet_shape))
        else:  # bias, beta
            params[name] = f32(rng.uniform(-0.2, 0.2, size=nnet_shape))
    return params


def build(cls, params):
    module = cls()
    with torch.no_grad():
        for name, tensor, layout in module.mapping():
            tensor.copy_(LAYOUTS[layout][0](torch.from_numpy(params[name].astype(np.float64))))
    return module


def to_nnet(module):
    return {name: LAYOUTS[layout][1](tensor.detach()).reshape(-1) for name, tensor, layout in module.mapping()}


def kernel_l2(module, l2):
    """l2 = λ in a train run adds ½λΣW² over kernels (*/weights) only."""
    if not l2:
        return 0.0
    return 0.5 * l2 * sum((t ** 2).sum() for name, t, _ in module.mapping() if name.endswith("/weights"))


def numbers(values):
    return [float(f"{v:.10g}") for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def run_case(spec):
    rng = np.random.default_rng(spec["seed"])
    cls = spec["module"]
    params = spec.get("params") or init_params(rng, cls())
    x = f32(spec["x"](rng))
    y = spec["y"](rng)
    y_torch = torch.from_numpy(y.astype(np.int64)) if spec["targets"] == "indices" else torch.from_numpy(y.astype(np.float64))
    x_torch = torch.from_numpy(x.astype(np.float64))
    loss_fn = LOSSES[spec["loss"]]
    l2 = spec.get("l2", 0.0)
    margins["relu"] = margins["pool"] = float("inf")

    def objective(module):
        z, _ = module(x_torch)
        return loss_fn(z, y_torch) + kernel_l2(module, l2)

    # Inference output and gradients at the initial weights.
    module = build(cls, params).eval()
    with torch.no_grad():
        predict = module(x_torch)[1]
    module = build(cls, params).train()
    loss = objective(module)
    loss.backward()
    grads = {name: LAYOUTS[layout][1](t.grad).reshape(-1) for name, t, layout in module.mapping() if t.requires_grad}

    runs = []
    for optimizer_id in spec["optimizers"]:
        _, nnet_call, factory = OPTIMIZER_BY_ID[optimizer_id]
        module = build(cls, params).train()
        optimizer = factory(module.parameters())
        losses = []
        for _ in range(STEPS):
            optimizer.zero_grad()
            value = objective(module)
            value.backward()
            optimizer.step()
            losses.append(value.item())
        after = to_nnet(module)
        module.eval()
        with torch.no_grad():
            predict_after = module(x_torch)[1]
        runs.append({
            "optimizer": optimizer_id,
            "call": nnet_call,
            "losses": numbers(losses),
            "params": {k: numbers(v) for k, v in after.items()},
            "predictAfter": numbers(predict_after),
        })
    # float32 puts pre-activations within ~1e-7 of float64's: 1e-5 leaves a wide margin.
    for kind in ("relu", "pool"):
        assert margins[kind] > 1e-5, f"{spec['id']}: {kind} margin {margins[kind]:.3g} too close to a tie"

    n_params = sum(v.size for v in params.values())
    assert n_params < 2000
    case = {
        "id": spec["id"],
        "description": spec["description"],
        "text": spec["text"],
        "batch": int(x.shape[0]),
        "targets": spec["targets"],
        "x": numbers(x),
        "y": numbers(y),
        "params": {k: numbers(v) for k, v in params.items()},
        "predict": numbers(predict),
        "loss": float(f"{loss.item():.10g}"),
        "grads": {k: numbers(v) for k, v in grads.items()},
        "runs": runs,
    }
    return case


def backprop_check(spec, case):
    """The example's documented one-step numbers, recomputed in float64 (they are rounded to 8 decimals)."""
    doc = BACKPROP_DOCUMENTED
    module = build(BackpropStep, spec["params"])
    x = torch.tensor([[0.05, 0.10]])
    h = torch.sigmoid(module.l1(x))
    u = torch.sigmoid(module.l2(h))
    close = lambda a, b: np.allclose(np.asarray(a, dtype=np.float64).reshape(-1), b, rtol=0, atol=6e-8)
    # The weights are float32 roundings of 0.15, …: allow for that on top of the 8-decimal rounding.
    assert close(h.detach(), doc["hidden"]) and close(u.item(), doc["u"]), (h, u)
    assert close(case["loss"], doc["E"])
    for name, values in doc["grads"].items():
        assert close(case["grads"][name], values), (name, case["grads"][name])
    sgd = next(r for r in case["runs"] if r["optimizer"] == "sgd_half")
    # After one step: recompute with the one-step update of the recorded gradients.
    for name, values in doc["after"].items():
        one_step = np.asarray(case["params"][name]) - 0.5 * np.asarray(case["grads"][name])
        assert close(one_step, values), (name, one_step)
    assert close(sgd["losses"][1], doc["EAfter"]), sgd["losses"]


SPECS = [
    {
        "id": "mlp-cross-entropy",
        "description": "4 → dense(8, tanh) → dense(3), cross_entropy on class indices, batch 5",
        "module": MlpCe, "seed": 1,
        "text": MLP_CE_MODEL + "\n" + train_text("MlpCe", "cross_entropy"),
        "x": lambda r: r.normal(0, 1, (5, 4)), "y": lambda r: r.integers(0, 3, 5), "targets": "indices",
        "loss": "cross_entropy", "optimizers": ALL,
    },
    {
        "id": "mlp-mse-half",
        "description": "3 → dense(6, relu) → dense(6, sigmoid) → dense(2), mse (½Σ per sample, batch mean), batch 6",
        "module": MlpMse, "seed": 2,
        "text": MLP_MSE_MODEL + "\n" + train_text("MlpMse", "mse"),
        "x": lambda r: r.normal(0, 1, (6, 3)), "y": lambda r: f32(r.normal(0, 1, (6, 2))), "targets": "values",
        "loss": "mse", "optimizers": ALL,
    },
    {
        "id": "mlp-mse-mean",
        "description": "the same network with mse(half = false) (torch MSELoss, mean over all values)",
        "module": MlpMse, "seed": 2,
        "text": MLP_MSE_MODEL + "\n" + train_text("MlpMse", "mse(half = false)"),
        "x": lambda r: r.normal(0, 1, (6, 3)), "y": lambda r: f32(r.normal(0, 1, (6, 2))), "targets": "values",
        "loss": "mse_mean", "optimizers": ALL,
    },
    {
        "id": "backprop-step",
        "description": "examples/backprop-step.nnet: 2-2-1 sigmoid, hand-set weights, mse, sgd(lr = 0.5), one sample",
        "module": BackpropStep, "seed": 3,
        "params": {
            "dense/weights": f32([[0.15, 0.25], [0.20, 0.30]]), "dense/bias": f32([0.35, 0.35]),
            "dense_1/weights": f32([[0.40], [0.45]]), "dense_1/bias": f32([0.60]),
        },
        "text": backprop_step_text(),
        "x": lambda r: [[0.05, 0.10]], "y": lambda r: f32([[0.01]]), "targets": "values",
        "loss": "mse", "optimizers": ["sgd_half"],
    },
    {
        "id": "binary",
        "description": "2 → dense(4, tanh) → dense(1, sigmoid), binary_cross_entropy (fused from logits), batch 6",
        "module": Binary, "seed": 4,
        "text": "model Binary {\n  input x: [2]\n  dense(4, tanh)\n  dense(1, sigmoid)\n}\n\n" +
                train_text("Binary", "binary_cross_entropy"),
        "x": lambda r: r.normal(0, 1, (6, 2)), "y": lambda r: f32([[0], [1], [1], [0], [1], [0]]), "targets": "values",
        "loss": "binary_cross_entropy", "optimizers": ALL,
    },
    {
        "id": "conv-valid-maxpool",
        "description": "[6, 6, 1] → conv2d(2, kernel = 3, relu) → maxpool2d(2) → flatten → dense(3), cross_entropy, batch 4",
        "module": ConvValid, "seed": 25,
        "text": "model ConvValid {\n  input image: [6, 6, 1]\n  conv2d(2, kernel = 3, relu)\n  maxpool2d(2)\n"
                "  flatten\n  dense(3)\n}\n\n" + train_text("ConvValid", "cross_entropy"),
        "x": lambda r: r.normal(0, 1, (4, 6, 6, 1)), "y": lambda r: np.array([0, 2, 1, 2]), "targets": "indices",
        "loss": "cross_entropy", "optimizers": ALL,
    },
    {
        "id": "conv-same-stride2",
        "description": "[6, 6, 2] → conv2d(3, kernel = 3, padding = \"same\", strides = 2, relu) → flatten → dense(3), "
                       "cross_entropy, batch 4 (Keras \"same\": the odd padding row/column goes after)",
        "module": ConvSameStride2, "seed": 6,
        "text": "model ConvSame {\n  input image: [6, 6, 2]\n  conv2d(3, kernel = 3, padding = \"same\", strides = 2, relu)\n"
                "  flatten\n  dense(3)\n}\n\n" + train_text("ConvSame", "cross_entropy"),
        "x": lambda r: r.normal(0, 1, (4, 6, 6, 2)), "y": lambda r: np.array([1, 0, 2, 1]), "targets": "indices",
        "loss": "cross_entropy", "optimizers": ALL,
    },
    {
        "id": "batchnorm",
        "description": "4 → dense(6, use_bias = false) → batchnorm → relu → dense(2), mse, batch 8; training-mode "
                       "batch statistics in the steps, Keras running statistics (biased variance) for predict",
        "module": BatchNormNet, "seed": 7,
        "text": "model Bn {\n  input x: [4]\n  dense(6, use_bias = false) -> batchnorm -> relu\n  dense(2)\n}\n\n" +
                train_text("Bn", "mse"),
        "x": lambda r: r.normal(0.5, 1.5, (8, 4)), "y": lambda r: f32(r.normal(0, 1, (8, 2))), "targets": "values",
        "loss": "mse", "optimizers": ALL,
    },
    {
        "id": "residual",
        "description": "input [4], h = dense(4, tanh), add(x, h) -> dense(2), mse, batch 5",
        "module": Residual, "seed": 8,
        "text": "model Residual {\n  input x: [4]\n  h = dense(4, tanh)\n  add(x, h) -> dense(2)\n}\n\n" +
                train_text("Residual", "mse"),
        "x": lambda r: r.normal(0, 1, (5, 4)), "y": lambda r: f32(r.normal(0, 1, (5, 2))), "targets": "values",
        "loss": "mse", "optimizers": ALL,
    },
    {
        "id": "concat",
        "description": "input [4], a = dense(3, tanh), b = x -> dense(2, relu), concat(a, b) -> dense(3), cross_entropy, batch 5",
        "module": Concat, "seed": 9,
        "text": "model Concat {\n  input x: [4]\n  a = dense(3, tanh)\n  b = x -> dense(2, relu)\n  concat(a, b) -> dense(3)\n}\n\n" +
                train_text("Concat", "cross_entropy"),
        "x": lambda r: r.normal(0, 1, (5, 4)), "y": lambda r: np.array([2, 0, 1, 1, 0]), "targets": "indices",
        "loss": "cross_entropy", "optimizers": ALL,
    },
    {
        "id": "l2",
        "description": "the cross-entropy MLP with l2 = 0.01: + ½·0.01·ΣW² over kernels only (gradient 0.01·W, biases untouched)",
        "module": MlpCe, "seed": 10,
        "text": MLP_CE_MODEL + "\n" + train_text("MlpCe", "cross_entropy", "  l2 = 0.01\n"),
        "x": lambda r: r.normal(0, 1, (5, 4)), "y": lambda r: r.integers(0, 3, 5), "targets": "indices",
        "loss": "cross_entropy", "l2": 0.01, "optimizers": ["sgd", "sgd_momentum", "adam"],
    },
]


def dump(fixture):
    """JSON with two-space indentation, but each list of numbers on one line."""
    text = json.dumps(fixture, indent=2, ensure_ascii=False)
    return re.sub(r"\[\s*([-+0-9.eE,\s]*?)\s*\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text) + "\n"


def main() -> None:
    cases = []
    for spec in SPECS:
        case = run_case(spec)
        if spec["id"] == "backprop-step":
            backprop_check(spec, case)
            case["documented"] = BACKPROP_DOCUMENTED
        cases.append(case)
        print(f"{spec['id']}: {sum(len(v) for v in case['params'].values())} parameters, "
              f"{len(case['runs'])} optimizer runs, loss {case['loss']:.6f}, smallest |relu input| "
              f"{margins['relu']:.2g}, max-pool gap {margins['pool']:.2g}")
    fixture = {
        "generatedBy": "scripts/torch-training-fixtures.py",
        "torchVersion": torch.__version__,
        "steps": STEPS,
        "cases": cases,
    }
    out = ROOT / "tests" / "fixtures" / "torch-training.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(fixture))
    print(f"wrote {len(cases)} cases to {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
