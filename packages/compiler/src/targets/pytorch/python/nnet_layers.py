# Layers nnet needs beyond torch.nn, written in its style: batch normalization with Keras's running
# statistics, recurrent layers that give the last step (or every step), self-attention, average
# pooling with nnet's uneven "same" padding, graph convolution, position codes, and the two activations torch lacks
# (step, gaussian).
# Part of the package `nnc compile --target pytorch` writes; the same file in every package.

import torch
import torch.nn.functional as F
from torch import nn


def step(x):
    """Heaviside step as in Rosenblatt's perceptron: 1 where x > 0, else 0; no gradient."""
    return (x > 0).to(x.dtype)


def gaussian(x):
    """exp(-x²)."""
    return torch.exp(-x * x)


class GaussianNoise(nn.Module):
    """nnet's gaussian_noise(stddev): x + N(0, stddev²) noise in training mode, x in eval mode."""

    def __init__(self, stddev):
        super().__init__()
        self.stddev = stddev

    def forward(self, x):
        if not self.training or self.stddev == 0:
            return x
        return x + torch.randn_like(x) * self.stddev


class BatchNorm(nn.Module):
    """Batch normalization over every axis but `dim`, as nnet (and Keras) compute it.

    Training normalizes with the batch's mean and biased variance and updates
    running = momentum · running + (1 − momentum) · batch, with the biased variance and Keras's
    meaning of momentum (the weight of the old value: 0.99 here is torch's momentum 0.01).
    Inference uses the running statistics. weight (γ) and bias (β) are optional, as nnet's
    `scale` and `center`; running_mean and running_var are buffers, not parameters.
    """

    def __init__(self, features, dim=-1, eps=1e-3, momentum=0.99, center=True, scale=True):
        super().__init__()
        self.features, self.dim, self.eps, self.momentum = features, dim, eps, momentum
        self.weight = nn.Parameter(torch.ones(features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(features)) if center else None
        self.register_buffer("running_mean", torch.zeros(features))
        self.register_buffer("running_var", torch.ones(features))

    def forward(self, x):
        channels_second = x.movedim(self.dim, 1) if x.dim() > 2 else x
        if self.training:
            dims = [0] + list(range(2, channels_second.dim()))
            with torch.no_grad():
                mean = channels_second.mean(dims)
                variance = channels_second.var(dims, unbiased=False)
                self.running_mean.mul_(self.momentum).add_((1 - self.momentum) * mean)
                self.running_var.mul_(self.momentum).add_((1 - self.momentum) * variance)
            y = F.batch_norm(channels_second, None, None, self.weight, self.bias, True, 0.0, self.eps)
        else:
            y = F.batch_norm(channels_second, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        return y.movedim(1, self.dim) if x.dim() > 2 else y

    def extra_repr(self):
        return f"{self.features}, dim={self.dim}, eps={self.eps}, momentum={self.momentum} (Keras meaning)"


class LayerNorm(nn.Module):
    """Layer normalization over the last axis with only one of scale (γ) and shift (β)."""

    def __init__(self, features, eps=1e-3, center=True, scale=True):
        super().__init__()
        self.features, self.eps = features, eps
        self.weight = nn.Parameter(torch.ones(features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(features)) if center else None

    def forward(self, x):
        return F.layer_norm(x, (self.features,), self.weight, self.bias, self.eps)


class KerasAvgPool(nn.Module):
    """Average pooling (1-D or 2-D, channels-first) after padding as F.pad's `padding` says, with
    the padded cells left out of each mean: nnet's (Keras's) "same" pooling when the padding is
    uneven, which nn.AvgPool cannot express."""

    def __init__(self, kernel_size, stride, padding):
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x):
        pool = F.avg_pool1d if len(self.padding) == 2 else F.avg_pool2d
        sums = pool(F.pad(x, self.padding), self.kernel_size, self.stride)
        counts = pool(F.pad(torch.ones_like(x[:1, :1]), self.padding), self.kernel_size, self.stride)
        return sums / counts


class _LastStep:
    """Mixin for torch's recurrent layers on [batch, time, features]: the output at the last step
    [batch, units], or at every step [batch, time, units] with return_sequences."""

    def forward(self, x):
        out, _ = super().forward(x)
        return out if self.return_sequences else out[:, -1]

    def _freeze_second_bias(self):
        # nnet (as Keras) has one bias for rnn and lstm; torch adds bias_hh. It stays at zero and
        # frozen, so training matches nnet; it still counts as a parameter, as
        # `nnc summary --convention torch` counts it.
        if self.bias:
            with torch.no_grad():
                self.bias_hh_l0.zero_()
            self.bias_hh_l0.requires_grad_(False)


class RNN(_LastStep, nn.RNN):
    def __init__(self, features, units, nonlinearity="tanh", return_sequences=False, bias=True):
        super().__init__(features, units, nonlinearity=nonlinearity, bias=bias, batch_first=True)
        self.return_sequences = return_sequences
        self._freeze_second_bias()


class LSTM(_LastStep, nn.LSTM):
    def __init__(self, features, units, return_sequences=False, bias=True):
        super().__init__(features, units, bias=bias, batch_first=True)
        self.return_sequences = return_sequences
        self._freeze_second_bias()


class GRU(_LastStep, nn.GRU):
    """torch's GRU is Keras's reset_after = true form: both of its biases are nnet's."""

    def __init__(self, features, units, return_sequences=False, bias=True):
        super().__init__(features, units, bias=bias, batch_first=True)
        self.return_sequences = return_sequences


class SelfAttention(nn.MultiheadAttention):
    """Multi-head self-attention on [batch, time, features] (query = key = value = x), as nnet's
    `attention`: softmax(Q·Kᵀ/√key_dim)·V per head; with causal, step t sees steps ≤ t only; with
    pad, the keys whose token id (ids: [batch, time]) is pad are masked (key_padding_mask)."""

    def __init__(self, features, heads, dropout=0.0, bias=True, causal=False, pad=None):
        super().__init__(features, heads, dropout=dropout, bias=bias, batch_first=True)
        self.causal = causal
        self.pad = pad

    def forward(self, x, ids=None):
        mask = None
        if self.causal:
            steps = x.shape[1]
            mask = torch.triu(torch.ones(steps, steps, dtype=torch.bool, device=x.device), diagonal=1)
        padding = None if ids is None or self.pad is None else ids == self.pad
        y = super().forward(
            x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False
        )[0]
        if padding is not None:
            # A query whose every key is masked: torch gives NaN, nnet zero weights (y = output bias).
            fill = self.out_proj.bias if self.out_proj.bias is not None else torch.zeros_like(y)
            y = torch.where(torch.isnan(y), fill, y)
        return y


class DenseTransposed(nn.Module):
    """nnet's dense_transposed (tied weights): y = x · Wᵀ + b, W the kernel [inputs, units] of another
    dense layer. Called with that layer's nn.Linear weight [units, inputs]: F.linear(x, weight.t(), b)."""

    def __init__(self, out_features, bias=True):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(out_features)) if bias else None

    def forward(self, x, weight):
        return F.linear(x, weight.t(), self.bias)


class GraphConv(nn.Module):
    """nnet's gcn (Kipf & Welling): Â · H · W + b with Â = D^(-1/2) (A + I) D^(-1/2), per graph.

    h: [batch, nodes, features], adjacency: [batch, nodes, nodes]; weight [features, units] as in nnet.
    """

    def __init__(self, in_features, units, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(in_features, units))
        self.bias = nn.Parameter(torch.zeros(units)) if bias else None

    def forward(self, h, adjacency):
        nodes = adjacency.shape[-1]
        a = adjacency + torch.eye(nodes, dtype=adjacency.dtype, device=adjacency.device)
        scale = a.sum(dim=-1).pow(-0.5)
        normalized = scale.unsqueeze(-1) * a * scale.unsqueeze(-2)
        y = normalized @ (h @ self.weight)
        return y if self.bias is None else y + self.bias


class PositionEmbedding(nn.Module):
    """nnet's position_embedding: x + P, P a learned [steps, features] weight."""

    def __init__(self, steps, features):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(steps, features))

    def forward(self, x):
        return x + self.weight


class PositionalEncoding(nn.Module):
    """nnet's positional_encoding: x + PE, PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(…)."""

    def __init__(self, steps, features):
        super().__init__()
        t = torch.arange(steps, dtype=torch.float64).unsqueeze(1)
        pair = torch.div(torch.arange(features), 2, rounding_mode="floor").to(torch.float64)
        angle = t / torch.pow(10000.0, 2 * pair / features)
        table = torch.where(torch.arange(features) % 2 == 0, torch.sin(angle), torch.cos(angle))
        # A plain attribute, not a buffer: it is no weight of the checkpoint, and is made again here.
        self.table = table.to(torch.float32)

    def forward(self, x):
        return x + self.table.to(device=x.device, dtype=x.dtype)
