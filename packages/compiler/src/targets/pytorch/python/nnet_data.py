# nnet's data sources in Python, for train.py: the toy sets (the same distributions as nnet's,
# drawn from numpy with the run's seed, not the same bits), csv, idx (gzipped or not), json, and
# mnist / fashion_mnist from local IDX files. Every loader gives a Dataset; every mistake in the
# data is a DataError naming the file and what was expected. Needs only numpy and the standard
# library. Part of the package `nnc compile --target pytorch` writes; the same in every package.

import csv as csv_module
import gzip
import json as json_module
import math
import os
import re

import numpy as np


class DataError(Exception):
    """A mistake in the data or its arguments: shown as its message, never as a traceback."""


class Dataset:
    """inputs [count, *input_shape] (float32, or int64 ids); targets int64 class indices [count]
    for classification, else float32 [count, *target_shape]; task 'classification', 'binary' or
    'regression'; test: the official test set of sources that have one (mnist)."""

    def __init__(self, inputs, targets, task, classes=None, test=None):
        self.inputs, self.targets, self.task, self.classes, self.test = inputs, targets, task, classes, test
        self.tabular = None  # a CSV's encoding (read_csv): filled and scaled after the split

    def __len__(self):
        return len(self.inputs)


def _classification(inputs, labels, classes=None):
    labels = np.asarray(labels, dtype=np.int64)
    return Dataset(np.asarray(inputs, dtype=np.float32), labels, "classification", classes or int(labels.max(initial=-1)) + 1)


def _binary(inputs, labels):
    return Dataset(np.asarray(inputs, dtype=np.float32), np.asarray(labels, dtype=np.float32).reshape(-1, 1), "binary")


# ---------------------------------------------------------------------------------------------
# Generated sets. Samples come grouped by class; train.py shuffles and splits.


def truth_table(name):
    """xor, or, and: the four rows of a two-input boolean function, binary targets."""
    outputs = {"xor": [0, 1, 1, 0], "or": [0, 1, 1, 1], "and": [0, 0, 0, 1]}[name]
    return _binary([[0, 0], [0, 1], [1, 0], [1, 1]], outputs)


def spiral(points=100, classes=3, noise=0.2, seed=0):
    """CS231n's spiral: class j has r = linspace(0, 1), θ = linspace(4j, 4j + 4) + noise · N(0, 1)."""
    rng = np.random.default_rng(seed)
    inputs, labels = [], []
    for j in range(classes):
        radius = np.linspace(0, 1, points)
        angle = np.linspace(4 * j, 4 * (j + 1), points) + noise * rng.standard_normal(points)
        inputs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        labels += [j] * points
    return _classification(np.concatenate(inputs), labels, classes)


def _two_halves(first, second, samples, noise, rng):
    inputs = np.concatenate([first, second])
    if noise:
        inputs = inputs + noise * rng.standard_normal(inputs.shape)
    return _binary(inputs, [0] * len(first) + [1] * (samples - len(first)))


def moons(samples=200, noise=0.1, seed=0):
    """scikit-learn's make_moons: an upper half circle (0) and a lower one shifted (1)."""
    rng = np.random.default_rng(seed)
    outer, inner = samples // 2, samples - samples // 2
    a, b = np.linspace(0, math.pi, outer), np.linspace(0, math.pi, inner)
    first = np.stack([np.cos(a), np.sin(a)], axis=1)
    second = np.stack([1 - np.cos(b), 1 - np.sin(b) - 0.5], axis=1)
    return _two_halves(first, second, samples, noise, rng)


def circles(samples=200, noise=0.05, factor=0.5, seed=0):
    """scikit-learn's make_circles: the unit circle (0) around one of radius `factor` (1)."""
    rng = np.random.default_rng(seed)
    outer, inner = samples // 2, samples - samples // 2
    a = np.linspace(0, 2 * math.pi, outer, endpoint=False)
    b = np.linspace(0, 2 * math.pi, inner, endpoint=False)
    first = np.stack([np.cos(a), np.sin(a)], axis=1)
    second = factor * np.stack([np.cos(b), np.sin(b)], axis=1)
    return _two_halves(first, second, samples, noise, rng)


def blobs(samples=300, centers=3, features=2, std=1.0, seed=0):
    """scikit-learn's make_blobs: centres uniform in [-10, 10)^features, N(centre, std²) around each."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, (centers, features))
    sizes = [samples // centers + (1 if c < samples % centers else 0) for c in range(centers)]
    inputs = np.concatenate([centres[c] + std * rng.standard_normal((size, features)) for c, size in enumerate(sizes)])
    labels = np.repeat(np.arange(centers), sizes)
    return _classification(inputs, labels, centers)


def random_samples(inputs, outputs=1, samples=100, seed=0):
    """Inputs and targets from N(0, 1): nothing to learn, for smoke tests."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, inputs)).astype(np.float32)
    return Dataset(x, rng.standard_normal((samples, outputs)).astype(np.float32), "regression")


def function_samples(expr, noise=0.1, samples=200, range=(-1.0, 1.0), seed=0):
    """x uniform in [low, high), y = expr(x) + noise · N(0, 1)."""
    if len(range) != 2 or not range[0] < range[1]:
        raise DataError(f"function: expected range = [low, high] with low < high, found {list(range)}")
    evaluate = compile_expression(expr)
    rng = np.random.default_rng(seed)
    x = rng.uniform(range[0], range[1], samples).astype(np.float32)
    y = np.array([_at(evaluate, float(v)) for v in x])
    if not np.all(np.isfinite(y)):
        bad = x[~np.isfinite(y)][0]
        raise DataError(f'function expression "{expr}": expected a finite value, found {y[~np.isfinite(y)][0]} at x = {bad}')
    if noise:
        y = y + noise * rng.standard_normal(samples)
    return Dataset(x.reshape(-1, 1), y.astype(np.float32).reshape(-1, 1), "regression")


_FUNCTIONS = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "sqrt": math.sqrt,
    "abs": abs, "tanh": math.tanh, "sigmoid": lambda v: 1 / (1 + math.exp(-v)), "relu": lambda v: max(v, 0.0),
    "log": lambda v: math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan),
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(.))")


def compile_expression(text):
    """The function of x that `text` describes, parsed as nnet parses it (never eval):
    sum := product (± product)*; product := unary (*|/ unary)*; unary := ± unary | power;
    power := primary (^ unary)?; primary := number | x | pi | e | name(sum) | (sum)."""
    tokens = [m.groups() for m in _TOKEN.finditer(text) if m.group(0).strip()]
    for number, name, other in tokens:
        if other and other not in "+-*/^()":
            raise DataError(f'function expression "{text}": unexpected character {other!r}')
    position = [0]

    def peek():
        return tokens[position[0]] if position[0] < len(tokens) else (None, None, None)

    def take(symbol):
        if peek()[2] == symbol:
            position[0] += 1
            return True
        return False

    def fail(expected):
        found = next((t for t in peek() if t), "the end")
        raise DataError(f'function expression "{text}": expected {expected}, found {found!r}')

    def primary():
        number, name, _ = peek()
        if number:
            position[0] += 1
            return lambda x, v=float(number): v
        if name:
            position[0] += 1
            if name == "x":
                return lambda x: x
            if name in _CONSTANTS:
                return lambda x, v=_CONSTANTS[name]: v
            if name not in _FUNCTIONS:
                raise DataError(f'function expression "{text}": unknown name {name!r}; expected x, pi, e or one of {", ".join(_FUNCTIONS)}')
            if not take("("):
                fail(f'"(" after {name}')
            inner = total()
            if not take(")"):
                fail('")"')
            return lambda x, f=_FUNCTIONS[name]: f(inner(x))
        if take("("):
            inner = total()
            if not take(")"):
                fail('")"')
            return inner
        fail('a number, x, a name or "("')

    def power():
        base = primary()
        if take("^"):
            exponent = unary()
            return lambda x: _power(base(x), exponent(x))
        return base

    def unary():
        if take("-"):
            inner = unary()
            return lambda x: -inner(x)
        if take("+"):
            return unary()
        return power()

    def product():
        value = unary()
        while peek()[2] in ("*", "/"):
            operator = peek()[2]
            position[0] += 1
            left, right = value, unary()
            value = (lambda x, a=left, b=right: a(x) * b(x)) if operator == "*" else (lambda x, a=left, b=right: _divide(a(x), b(x)))
        return value

    def total():
        value = product()
        while peek()[2] in ("+", "-"):
            operator = peek()[2]
            position[0] += 1
            left, right = value, product()
            value = (lambda x, a=left, b=right: a(x) + b(x)) if operator == "+" else (lambda x, a=left, b=right: a(x) - b(x))
        return value

    result = total()
    if position[0] != len(tokens):
        fail("an operator or the end of the expression")
    return result


def _at(function, x):
    """function(x), with NaN or ±inf where math raises (a log of a negative x, an overflow)."""
    try:
        return function(x)
    except (ValueError, ZeroDivisionError):
        return math.nan
    except OverflowError:
        return math.inf


def _divide(a, b):
    return a / b if b != 0 else (math.copysign(math.inf, a) if a != 0 else math.nan)


def _power(a, b):
    try:
        value = a**b
        return value if isinstance(value, float) or isinstance(value, int) else math.nan
    except (OverflowError, ZeroDivisionError):
        return math.inf


# ---------------------------------------------------------------------------------------------
# Files.

_MISSING = {"", "?", "NA", "N/A", "NaN"}
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def read_csv(path, target=None, delimiter=",", header=True, columns=None, drop=(), scale="none", missing="mean"):
    """A CSV file as nnet reads it: the target column by name (the last by default); the input
    columns (`columns` in their order, else all but the target; minus `drop`); numeric columns as
    they are with missing values (empty, ?, NA, N/A, NaN) as NaN until `fit_tabular` fills them;
    text columns one-hot (categories sorted, a "(missing)" one when needed). Text targets are
    classes; numbers all 0 or 1 are binary; other numbers regression."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        records = [row for row in csv_module.reader(file, delimiter=delimiter) if row]
    if not records:
        raise DataError(f"{path}: expected a header and data rows, found an empty file")
    width = len(records[0])
    names = [name.strip() for name in records[0]] if header else [f"column {i + 1}" for i in range(width)]
    rows = records[1:] if header else records
    if not rows:
        raise DataError(f"{path}: expected data rows after the header, found none")
    for line, row in enumerate(rows, start=2 if header else 1):
        if len(row) != width:
            raise DataError(f"{path}, row {line}: expected {width} fields, found {len(row)}")
    rows = [[field.strip() for field in row] for row in rows]

    def column_index(name, what):
        if name in names:
            return names.index(name)
        raise DataError(f'{path}: expected {what} "{name}", found only the columns {", ".join(names)}')

    target_index = width - 1 if target is None else column_index(target, "a target column")
    chosen = [column_index(n, "an input column") for n in columns] if columns else [i for i in range(width) if i != target_index]
    dropped = {column_index(n, "a column to drop") for n in (drop or ())}
    chosen = [i for i in chosen if i not in dropped and i != target_index]

    blocks, encoded = [], []
    for index in chosen:
        values = [row[index] for row in rows]
        present = [v for v in values if v not in _MISSING]
        numbers = [float(v) for v in present if _NUMBER.match(v)]
        if not present or len(numbers) >= 0.95 * len(present):
            if len(numbers) < len(present):
                bad = next(v for v in present if not _NUMBER.match(v))
                raise DataError(f'{path}, column "{names[index]}": expected a number, found {bad!r}')
            blocks.append(np.array([float(v) if v not in _MISSING else np.nan for v in values], dtype=np.float32)[:, None])
            encoded.append({"kind": "numeric", "name": names[index]})
        else:
            categories = sorted(set(present))
            slots = {category: slot for slot, category in enumerate(categories)}
            has_missing = len(present) < len(values)
            block = np.zeros((len(rows), len(categories) + (1 if has_missing else 0)), dtype=np.float32)
            for r, v in enumerate(values):
                block[r, slots[v] if v not in _MISSING else len(categories)] = 1
            blocks.append(block)
            encoded.append({"kind": "text", "name": names[index], "categories": categories, "hasMissing": has_missing})
    if not blocks:
        raise DataError(f'{path}: expected at least one input column besides the target "{names[target_index]}"')
    inputs = np.concatenate(blocks, axis=1)
    data = _csv_targets(path, names, rows, target_index, inputs)
    # The encoding as nnet writes it into checkpoints (TabularEncoding), statistics added by fit_tabular.
    data.tabular = {"target": names[target_index], "columns": encoded, "missing": missing, "scale": scale}
    return data


def _csv_targets(path, names, rows, target_index, inputs):
    targets = [row[target_index] for row in rows]
    if any(v in _MISSING for v in targets):
        raise DataError(f'{path}, column "{names[target_index]}": expected a target value in every row')
    if all(_NUMBER.match(v) for v in targets):
        values = np.array([float(v) for v in targets], dtype=np.float32).reshape(-1, 1)
        binary = bool(np.all((values == 0) | (values == 1)))
        return Dataset(inputs, values, "binary" if binary else "regression")
    labels = sorted(set(targets))
    index = {label: i for i, label in enumerate(labels)}
    return _classification(inputs, [index[v] for v in targets], len(labels))


def _numeric_positions(encoding):
    positions, at = [], 0
    for column in encoding["columns"]:
        if column["kind"] == "numeric":
            positions.append(at)
        at += 1 if column["kind"] == "numeric" else len(column["categories"]) + (1 if column["hasMissing"] else 0)
    return positions


def fit_tabular(inputs, tabular):
    """The encoding with its statistics: each numeric input's fill and scaling, fitted on the
    training part's inputs (NaN where missing) as nnet does: the mean or median of the present
    values (0 when none); then the mean and population standard deviation of the filled column
    (standardize), or its min and range (minmax); a zero spread divides by 1."""
    x = np.asarray(inputs, dtype=np.float64).reshape(len(inputs), -1)
    fill, center, divisor = [], [], []
    for position in _numeric_positions(tabular):
        column = x[:, position]
        present = column[~np.isnan(column)]
        value = 0.0 if present.size == 0 else float(np.mean(present) if tabular["missing"] == "mean" else np.median(present))
        filled = np.where(np.isnan(column), value, column)
        if tabular["scale"] == "standardize" and filled.size:
            mean, std = float(np.mean(filled)), float(np.std(filled))
            center.append(mean)
            divisor.append(std if std > 0 else 1.0)
        elif tabular["scale"] == "minmax" and filled.size:
            low, high = float(np.min(filled)), float(np.max(filled))
            center.append(low)
            divisor.append(high - low if high > low else 1.0)
        else:
            center.append(0.0)
            divisor.append(1.0)
        fill.append(value)
    return {**tabular, "statistics": {"rows": len(x), "fill": fill, "center": center, "divisor": divisor}}


def apply_tabular(inputs, fitted):
    """A copy of `inputs` (numpy, [count, width]) with missing numbers filled and the numeric
    inputs scaled by the statistics of `fitted` (fit_tabular's)."""
    statistics = fitted["statistics"]
    x = np.array(inputs, dtype=np.float64).reshape(len(inputs), -1)
    for k, position in enumerate(_numeric_positions(fitted)):
        column = np.where(np.isnan(x[:, position]), statistics["fill"][k], x[:, position])
        x[:, position] = (column - statistics["center"][k]) / statistics["divisor"][k]
    return x.astype(np.float32).reshape(np.shape(inputs))


def read_idx_file(path):
    """(dims, uint8 array) of an IDX file of unsigned bytes, gzipped or not (by its magic number)."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise DataError(f"{path}: expected an IDX file of unsigned bytes (magic 00 00 08), found {data[:3].hex(' ')}")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    start = 4 + 4 * rank
    if len(data) != start + math.prod(dims):
        raise DataError(f"{path}: expected {start + math.prod(dims)} bytes for dims {dims}, found {len(data)}")
    return dims, np.frombuffer(data, dtype=np.uint8, offset=start).reshape(dims)


def read_idx(images, labels):
    """An images file and a labels file: inputs scaled to [0, 1], labels as classes."""
    _, pixels = read_idx_file(images)
    _, classes = read_idx_file(labels)
    if classes.ndim != 1 or len(classes) != len(pixels):
        raise DataError(f"{labels}: expected {len(pixels)} labels, one per image, found shape {list(classes.shape)}")
    return _classification(pixels.astype(np.float32) / 255, classes)


def read_json(path):
    """{"inputs": [...], "targets": [...], "task"?: ..., "classes"?: ...}, one entry per sample."""
    with open(path, encoding="utf-8") as file:
        try:
            document = json_module.load(file)
        except ValueError as error:
            raise DataError(f"{path}: expected JSON, found a syntax error ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("inputs"), list) or not document["inputs"]:
        raise DataError(f'{path}: expected an object {{ "inputs": [...], "targets": [...] }}')
    try:
        inputs = np.asarray(document["inputs"], dtype=np.float32)
        targets = np.asarray(document.get("targets"), dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"{path}: expected every sample to be a number or a list of numbers of one shape") from None
    if len(targets) != len(inputs):
        raise DataError(f"{path}: expected {len(inputs)} targets, one per input, found {len(targets)}")
    whole = bool(np.all((targets >= 0) & (targets == np.round(targets))))
    scalar = targets[0].size == 1
    task = document.get("task") or ("classification" if targets.ndim == 1 and whole else "binary" if scalar and np.all((targets == 0) | (targets == 1)) else "regression")
    if task == "classification":
        return _classification(inputs, targets.reshape(-1), document.get("classes"))
    return Dataset(inputs, targets.astype(np.float32).reshape(len(targets), -1) if targets.ndim == 1 else targets.astype(np.float32), task)


def _resize(pixels, height, width):
    """Bilinear resizing of uint8 images [count, h, w] to float32 in [0, 1], half-pixel centres."""
    count, h, w = pixels.shape
    if (h, w) == (height, width):
        return pixels.astype(np.float32) / 255

    def grid(size, out):
        source = np.clip((np.arange(out) + 0.5) * size / out - 0.5, 0, size - 1)
        low = np.floor(source).astype(np.int64)
        return low, np.minimum(low + 1, size - 1), (source - low).astype(np.float32)

    top, bottom, wy = grid(h, height)
    left, right, wx = grid(w, width)
    images = pixels.astype(np.float32)
    upper = images[:, top][:, :, left] + wx * (images[:, top][:, :, right] - images[:, top][:, :, left])
    lower = images[:, bottom][:, :, left] + wx * (images[:, bottom][:, :, right] - images[:, bottom][:, :, left])
    return (upper + wy[:, None] * (lower - upper)) / 255


def _mnist_split(directory, prefix, suffix, resize, flatten, add_channel):
    images = os.path.join(directory, f"{prefix}-images-idx3-ubyte{suffix}")
    labels = os.path.join(directory, f"{prefix}-labels-idx1-ubyte{suffix}")
    if not os.path.exists(images):
        raise DataError(f"{images}: expected the MNIST IDX files here, found none; give the folder with --data-dir or NNET_MNIST_DIR")
    _, pixels = read_idx_file(images)
    _, classes = read_idx_file(labels)
    height, width = resize or pixels.shape[1:]
    x = _resize(pixels, height, width)
    if flatten:
        x = x.reshape(len(x), -1)
    elif add_channel:
        x = x[..., None]
    return _classification(x, classes, max(10, int(classes.max()) + 1))


def mnist(directory, resize=None, flatten=False, add_channel=False, suffix=None):
    """The 60,000 training images, with the 10,000 test images as `test`, from a folder of the
    standard IDX files (plain, or .gz as Debian's Fashion-MNIST has them)."""
    if suffix is None:
        suffix = "" if os.path.exists(os.path.join(directory, "train-images-idx3-ubyte")) else ".gz"
    train = _mnist_split(directory, "train", suffix, resize, flatten, add_channel)
    train.test = _mnist_split(directory, "t10k", suffix, resize, flatten, add_channel)
    return train


FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def find(base_dir, path):
    """A data file's path: as given when absolute, else relative to base_dir."""
    return path if os.path.isabs(path) else os.path.join(base_dir, path)
