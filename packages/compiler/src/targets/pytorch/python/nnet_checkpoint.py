# nnet's weights in PyTorch: safetensors files (float32 tensors named `layer/weight` in nnet's
# layouts, which are Keras's) read and written without the safetensors package; each weight's
# conversion between that layout and the torch tensor holding it, as the model's nnet_weights
# table says; and nnet's initializers (Keras's), drawn in nnet's layout and converted the same way.
# Part of the package `nnc compile --target pytorch` writes; the same file in every package.

import json
import math
import os
import struct

import numpy as np
import torch


class CheckpointError(Exception):
    """A checkpoint that cannot be read, or that does not fit the model."""


# ---------------------------------------------------------------------------------------------
# The safetensors format: an 8-byte little-endian header length, a JSON header giving each
# tensor's dtype, shape and byte range, then the raw little-endian data.


def read_safetensors(path):
    """(tensors by name as float32 torch tensors, metadata dict) of a safetensors file."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 8:
        raise CheckpointError(f"{path}: is {len(data)} bytes long; a safetensors file starts with an 8-byte header length")
    (length,) = struct.unpack("<Q", data[:8])
    if 8 + length > len(data):
        raise CheckpointError(f"{path}: its header claims {length} bytes but the file has {len(data) - 8}: it is truncated")
    header = json.loads(data[8 : 8 + length].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise CheckpointError(f'{path}: tensor "{name}" has dtype {entry["dtype"]}; only F32 is supported')
        start, end = entry["data_offsets"]
        count = math.prod(entry["shape"])
        if end - start != 4 * count or 8 + length + end > len(data):
            raise CheckpointError(f'{path}: tensor "{name}" of shape {entry["shape"]} does not fit bytes {start}..{end}')
        values = np.frombuffer(data, dtype="<f4", count=count, offset=8 + length + start)
        tensors[name] = torch.from_numpy(values.astype(np.float32).reshape(entry["shape"]))
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """Writes float32 tensors (sorted by name, as nnet does) through a temporary file and a rename."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}} if metadata else {}
    blobs, offset = [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name].detach().to("cpu", torch.float32).numpy(), dtype="<f4")
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        blobs.append(array.tobytes())
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)  # the data starts 8-byte aligned
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for blob in blobs:
            file.write(blob)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------
# Layouts. nnet keeps weights as Keras does: dense [in, out], conv [k…, in, out], recurrent
# kernels [in, gates·units] with GRU gates z, r, h; torch keeps [out, in], [out, in, k…],
# [gates·units, in] with GRU gates r, z, n. Each layout names one conversion.


def _tensor(model, key):
    module_name, _, name = key.rpartition(".")
    module = model.get_submodule(module_name) if module_name else model
    return getattr(module, name)


def _second_bias(model, key):
    return _tensor(model, key.replace("bias_ih", "bias_hh"))


def _swap_gates(tensor):
    """GRU gate blocks along dim 0: torch r, z, n ↔ Keras z, r, h (its own inverse)."""
    units = tensor.shape[0] // 3
    return torch.cat([tensor[units : 2 * units], tensor[:units], tensor[2 * units :]])


def _rows(target, layout):
    """The rows of in_proj_weight / in_proj_bias that hold the queries, keys or values."""
    size = target.shape[0] // 3
    which = "qkv".index(layout[-1])
    return slice(which * size, (which + 1) * size)


def to_torch(model, key, layout, value):
    """Writes `value` (nnet layout) into the model's tensor `key`."""
    target = _tensor(model, key)
    with torch.no_grad():
        if layout == "vector":
            target.copy_(value.reshape(target.shape))
        elif layout == "linear":  # dense, recurrent kernels
            target.copy_(value.T)
        elif layout == "conv":
            rank = value.dim()
            target.copy_(value.permute(rank - 1, rank - 2, *range(rank - 2)))
        elif layout == "gru_kernel":
            target.copy_(_swap_gates(value.T))
        elif layout == "rnn_bias":  # nnet's one bias is torch's bias_ih; bias_hh stays 0
            target.copy_(value)
            _second_bias(model, key).zero_()
        elif layout == "gru_bias":  # [2, 3·units]: the input bias and the recurrent bias
            target.copy_(_swap_gates(value[0]))
            _second_bias(model, key).copy_(_swap_gates(value[1]))
        elif layout.startswith("attention_in:"):  # [d, heads, key_dim] → rows of in_proj_weight
            target[_rows(target, layout)] = value.reshape(value.shape[0], -1).T
        elif layout.startswith("attention_bias:"):
            target[_rows(target, layout)] = value.reshape(-1)
        elif layout == "attention_out":  # [heads, value_dim, d] → out_proj.weight [d, heads·value_dim]
            target.copy_(value.reshape(-1, value.shape[-1]).T)
        else:
            raise ValueError(f"unknown layout {layout}")


def from_torch(model, key, layout, shape):
    """The model's tensor `key` in nnet's layout, of nnet shape `shape`."""
    source = _tensor(model, key).detach()
    if layout == "vector":
        value = source
    elif layout == "linear":
        value = source.T
    elif layout == "conv":
        value = source.permute(*range(2, source.dim()), 1, 0)
    elif layout == "gru_kernel":
        value = _swap_gates(source).T
    elif layout == "rnn_bias":
        value = source + _second_bias(model, key).detach()
    elif layout == "gru_bias":
        value = torch.stack([_swap_gates(source), _swap_gates(_second_bias(model, key).detach())])
    elif layout.startswith("attention_in:"):
        value = source[_rows(source, layout)].T
    elif layout.startswith("attention_bias:"):
        value = source[_rows(source, layout)]
    elif layout == "attention_out":
        value = source.T
    else:
        raise ValueError(f"unknown layout {layout}")
    return value.reshape(shape).to("cpu", torch.float32).contiguous()


# ---------------------------------------------------------------------------------------------
# Whole models.


def nnet_state(model):
    """Every weight of the model by its nnet name, in nnet's layout (what nnet checkpoints hold)."""
    return {name: from_torch(model, key, layout, shape) for name, shape, key, layout, _ in model.nnet_weights}


def load(model, source):
    """Sets the model's weights from an nnet checkpoint (a path, or tensors by name). Tensors the
    model does not have (optimizer state) are ignored; a missing or misshapen weight is an error."""
    tensors = read_safetensors(source)[0] if isinstance(source, (str, os.PathLike)) else source
    where = source if isinstance(source, (str, os.PathLike)) else "the checkpoint"
    for name, shape, key, layout, _ in model.nnet_weights:
        value = tensors.get(name)
        if value is None:
            raise CheckpointError(f'{where}: has no tensor "{name}"; was it written for another model?')
        if value.numel() != math.prod(shape):
            raise CheckpointError(f'{where}: tensor "{name}" has {value.numel()} values; the model needs shape {list(shape)}')
        to_torch(model, key, layout, value.reshape(shape).float())


def save(model, path, metadata=None):
    """Writes the model's weights as an nnet checkpoint that `nnc` reads (`nnc compile --weights`)."""
    write_safetensors(path, nnet_state(model), {"format": "nnet", **(metadata or {})})


def initialize(model, generator=None):
    """Gives every weight its nnet initial value (torch's default initialization is not nnet's):
    an initializer of nnet's (Keras's) drawn in nnet's layout, values from the .nnet file, or a
    tensor of a safetensors file. Draws from torch's global generator unless one is given."""
    covered = set()
    for name, shape, key, layout, initial in model.nnet_weights:
        if isinstance(initial, str):
            value = initializer(initial, shape, generator)
        elif isinstance(initial, dict) and "init" in initial:
            value = initializer(initial["init"], shape, generator, initial["options"])
        elif isinstance(initial, dict):
            value = read_safetensors(initial["load"])[0][initial["tensor"]].reshape(shape)
        else:
            value = torch.tensor(initial, dtype=torch.float32).reshape(shape)
        to_torch(model, key, layout, value)
        covered.add(key)
        if layout in ("rnn_bias", "gru_bias"):
            covered.add(key.replace("bias_ih", "bias_hh"))
    missing = [key for key, _ in list(model.named_parameters()) + list(model.named_buffers()) if key not in covered]
    if missing:
        raise CheckpointError(f"no nnet weight maps onto {', '.join(missing)}")


def _fans(shape):
    """fan_in and fan_out as Keras computes them: the window of a conv kernel counts in both."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _truncated_normal(shape, deviation, generator):
    """Normals redrawn until within two standard deviations (Keras's TruncatedNormal)."""
    values = torch.randn(shape, generator=generator)
    while True:
        outside = values.abs() > 2
        if not outside.any():
            return values * deviation
        values[outside] = torch.randn(int(outside.sum()), generator=generator)


def _variance_scaling(scale, mode, distribution):
    def draw(shape, generator):
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        variance = scale / max(1.0, n)
        if distribution == "uniform":
            limit = math.sqrt(3 * variance)
            return (torch.rand(shape, generator=generator) * 2 - 1) * limit
        return _truncated_normal(shape, math.sqrt(variance) / 0.8796256610342398, generator)

    return draw


def _orthogonal(shape, generator):
    """Keras's Orthogonal: Q of a normal matrix's QR (signs fixed by R's diagonal), as [Π shape[:-1], shape[-1]]."""
    cols = shape[-1]
    rows = math.prod(shape) // cols
    q, r = torch.linalg.qr(torch.randn(max(rows, cols), min(rows, cols), generator=generator, dtype=torch.float64))
    q = q * torch.sign(torch.diagonal(r))
    return (q if rows >= cols else q.T).reshape(shape).float()


def _unit_forget_bias(shape):
    """An LSTM bias [4·units] (gates i, f, c, o): zeros with the forget gate's slice at 1 (Keras)."""
    bias = torch.zeros(shape)
    units = shape[0] // 4
    bias[units : 2 * units] = 1
    return bias


def _uniform(shape, g, o):
    low, high = o.get("minimum", -0.05), o.get("maximum", 0.05)
    return low + torch.rand(shape, generator=g) * (high - low)


# Each takes (shape, generator, options); options use the runtime's names (minimum, maximum, mean,
# standardDeviation, value, gain), the arguments of `init = normal(stddev = 0.01)` and the like.
INITIALIZERS = {
    "zeros": lambda shape, g, o: torch.zeros(shape),
    "ones": lambda shape, g, o: torch.ones(shape),
    "constant": lambda shape, g, o: torch.full(shape, float(o.get("value", 0))),
    "uniform": _uniform,
    "normal": lambda shape, g, o: o.get("mean", 0) + torch.randn(shape, generator=g) * o.get("standardDeviation", 0.05),
    "truncated_normal": lambda shape, g, o: o.get("mean", 0) + _truncated_normal(shape, o.get("standardDeviation", 0.05), g),
    "glorot_uniform": lambda shape, g, o: _variance_scaling(1.0, "fan_avg", "uniform")(shape, g),
    "glorot_normal": lambda shape, g, o: _variance_scaling(1.0, "fan_avg", "normal")(shape, g),
    "he_uniform": lambda shape, g, o: _variance_scaling(2.0, "fan_in", "uniform")(shape, g),
    "he_normal": lambda shape, g, o: _variance_scaling(2.0, "fan_in", "normal")(shape, g),
    "lecun_uniform": lambda shape, g, o: _variance_scaling(1.0, "fan_in", "uniform")(shape, g),
    "lecun_normal": lambda shape, g, o: _variance_scaling(1.0, "fan_in", "normal")(shape, g),
    "orthogonal": lambda shape, g, o: _orthogonal(shape, g) * o.get("gain", 1),
    "unit_forget_bias": lambda shape, g, o: _unit_forget_bias(shape),
}


def initializer(name, shape, generator=None, options=None):
    """A tensor of nnet shape `shape` from the named initializer (`constant(0.25)` included), with
    the options of `init = normal(stddev = 0.01)` and the like."""
    shape = tuple(shape)
    if name.startswith("constant(") and name.endswith(")"):
        return torch.full(shape, float(name[len("constant(") : -1]))
    return INITIALIZERS[name](shape, generator, options or {}).float()
