// Every data source of the language: built-in toy sets, files and the MNIST sets. Takes the checked
// arguments, describes what one sample will look like when that is known before loading (input and
// target shapes, classes, task) so the checker can compare it with the model.

import { boolArg, numberArg, optionalTupleArg } from './arg-values.js';
import type { ArgSpec, DataDescription, DataSourceSpec } from './types.js';
import { graphSources } from './graph-sources.js';

const samplesArg = (defaultValue: number): ArgSpec => ({
  name: 'samples',
  type: { kind: 'int', min: 1 },
  doc: 'Number of samples to generate.',
  default: defaultValue,
});

const noiseArg = (defaultValue: number): ArgSpec => ({
  name: 'noise',
  type: { kind: 'number', min: 0 },
  doc: 'Standard deviation of the Gaussian noise added.',
  default: defaultValue,
});

function truthTable(name: string, operator: string, rows: string): DataSourceSpec {
  return {
    name,
    args: [],
    summary: `The ${name.toUpperCase()} truth table: 4 samples, inputs [2], target [1] in {0, 1}.`,
    doc: [
      `**${name}** — the four rows of x₁ ${operator} x₂:`,
      '',
      '| x₁ | x₂ | y |',
      '|---|---|---|',
      rows,
    ].join('\n'),
    describe: () => ({ input: [2], target: [1], task: 'binary' }),
  };
}

function mnistLike(name: string, what: string): DataSourceSpec {
  return {
    name,
    args: [
      {
        name: 'resize',
        type: { kind: 'intTuple', length: 2, min: 1 },
        doc: 'Resize the 28×28 images to [height, width] (`40` means 40×40).',
      },
      {
        name: 'flatten',
        type: { kind: 'bool' },
        doc: 'Give each image as a vector [height · width].',
        default: false,
      },
      {
        name: 'add_channel',
        type: { kind: 'bool' },
        doc: 'Give each image a channel axis [height, width, 1], for conv2d.',
        default: false,
      },
    ],
    summary: `${what}: 60,000 + 10,000 grey images 28×28 in 10 classes, from a local copy.`,
    doc: [
      `**${name}(resize, flatten, add_channel)** — ${what}, read from a locally installed copy (IDX files).`,
      '',
      'Pixels are scaled to [0, 1]; targets are class indices 0–9. One sample is `[28, 28]`, or',
      '`resize = [h, w]` → `[h, w]`; `flatten = true` → `[h · w]`; `add_channel = true` → `[h, w, 1]` (flatten wins).',
      'The 60,000 training images are divided by `split`; the 10,000 test images are the test set.',
    ].join('\n'),
    describe(args): DataDescription {
      const [height, width] = optionalTupleArg(args, 'resize', 2) ?? [28, 28];
      const input = boolArg(args, 'flatten')
        ? [height * width]
        : boolArg(args, 'add_channel')
          ? [height, width, 1]
          : [height, width];
      return { input, classes: 10, task: 'classification' };
    },
  };
}

export const dataSources: readonly DataSourceSpec[] = [
  truthTable(
    'xor',
    'XOR',
    ['| 0 | 0 | 0 |', '| 0 | 1 | 1 |', '| 1 | 0 | 1 |', '| 1 | 1 | 0 |'].join('\n'),
  ),
  truthTable(
    'or',
    'OR',
    ['| 0 | 0 | 0 |', '| 0 | 1 | 1 |', '| 1 | 0 | 1 |', '| 1 | 1 | 1 |'].join('\n'),
  ),
  truthTable(
    'and',
    'AND',
    ['| 0 | 0 | 0 |', '| 0 | 1 | 0 |', '| 1 | 0 | 0 |', '| 1 | 1 | 1 |'].join('\n'),
  ),
  {
    name: 'spiral',
    args: [
      {
        name: 'points',
        type: { kind: 'int', min: 1 },
        doc: 'Points per class (per arm of the spiral).',
        default: 100,
      },
      {
        name: 'classes',
        type: { kind: 'int', min: 2 },
        doc: 'Number of classes (arms).',
        default: 3,
      },
      noiseArg(0.2),
    ],
    summary: 'Interleaved 2-D spirals, one arm per class (points per class × classes samples).',
    doc: [
      '**spiral(points = 100, classes = 3, noise = 0.2)** — the classic spiral data set: for class j and',
      'i = 0 … points − 1, r = i / (points − 1) and θ = 4 (j + r) + noise · N(0, 1) (CS231n’s spiral); the sample is (r sin θ, r cos θ).',
      'Input `[2]`, target the class index; not linearly separable.',
    ].join('\n'),
    describe: (args) => ({
      input: [2],
      classes: numberArg(args, 'classes'),
      task: 'classification',
    }),
  },
  {
    name: 'moons',
    args: [samplesArg(200), noiseArg(0.1)],
    summary: 'Two interleaving half circles in 2-D, labels 0 and 1.',
    doc: '**moons(samples = 200, noise = 0.1)** — two interleaving half-moons (as scikit-learn `make_moons`). Input `[2]`, target `[1]` in {0, 1}.',
    describe: () => ({ input: [2], target: [1], task: 'binary' }),
  },
  {
    name: 'circles',
    args: [
      samplesArg(200),
      noiseArg(0.05),
      {
        name: 'factor',
        type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true },
        doc: 'Radius of the inner circle relative to the outer one.',
        default: 0.5,
        namedOnly: true,
      },
    ],
    summary: 'A small circle inside a large one in 2-D, labels 0 and 1.',
    doc: '**circles(samples = 200, noise = 0.05, factor = 0.5)** — two concentric circles (as scikit-learn `make_circles`). Input `[2]`, target `[1]` in {0, 1}: the inner circle is 1.',
    describe: () => ({ input: [2], target: [1], task: 'binary' }),
  },
  {
    name: 'blobs',
    args: [
      samplesArg(300),
      {
        name: 'centers',
        type: { kind: 'int', min: 2 },
        doc: 'Number of clusters (classes).',
        default: 3,
      },
      {
        name: 'features',
        type: { kind: 'int', min: 1 },
        doc: 'Dimension of each sample.',
        default: 2,
      },
      {
        name: 'std',
        type: { kind: 'number', min: 0 },
        doc: 'Standard deviation of each cluster.',
        default: 1,
        namedOnly: true,
      },
    ],
    summary: 'Gaussian clusters, one class per cluster.',
    doc: '**blobs(samples = 300, centers = 3, features = 2)** — isotropic Gaussian clusters with random centres (as scikit-learn `make_blobs`). Input `[features]`, target the cluster index.',
    describe: (args) => ({
      input: [numberArg(args, 'features')],
      classes: numberArg(args, 'centers'),
      task: 'classification',
    }),
  },
  {
    name: 'function',
    args: [
      {
        name: 'expr',
        type: { kind: 'string' },
        doc: 'The function of x, e.g. "sin(3*x)".',
        required: true,
      },
      noiseArg(0.1),
      samplesArg(200),
      {
        name: 'range',
        type: { kind: 'numbers' },
        doc: 'The interval [low, high] x is drawn from.',
        default: [-1, 1],
      },
    ],
    summary: 'Samples of y = expr(x) + noise, for regression.',
    doc: [
      '**function(expr, noise = 0.1, samples = 200, range = [-1, 1])** — x uniform in `range`,',
      'y = expr(x) + noise · N(0, 1). `expr` uses `x`, + − * / ^, and sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, relu, pi, e.',
      'Input `[1]`, target `[1]`.',
    ].join('\n'),
    describe: () => ({ input: [1], target: [1], task: 'regression' }),
    expressionArgs: ['expr'],
  },
  {
    name: 'random',
    args: [
      {
        name: 'inputs',
        type: { kind: 'int', min: 1 },
        doc: 'Size of each input vector.',
        required: true,
      },
      {
        name: 'outputs',
        type: { kind: 'int', min: 1 },
        doc: 'Size of each target vector.',
        default: 1,
      },
      samplesArg(100),
    ],
    summary: 'Random inputs and targets (standard normal), for smoke tests and benchmarks.',
    doc: '**random(inputs, outputs = 1, samples = 100)** — inputs `[inputs]` and targets `[outputs]` drawn from N(0, 1); nothing to learn, useful to test that a model runs.',
    describe: (args) => ({
      input: [numberArg(args, 'inputs')],
      target: [numberArg(args, 'outputs')],
      task: 'regression',
    }),
  },
  {
    name: 'csv',
    args: [
      {
        name: 'path',
        type: { kind: 'string' },
        file: true,
        doc: 'The CSV file, relative to the .nnet file.',
        required: true,
      },
      {
        name: 'target',
        type: { kind: 'string' },
        doc: 'The column to predict; the last column when left out.',
      },
      {
        name: 'columns',
        type: { kind: 'strings' },
        doc: 'The input columns, in this order; every column but the target when left out.',
        namedOnly: true,
      },
      {
        name: 'drop',
        type: { kind: 'strings' },
        doc: 'Columns left out of the inputs (an id, a name, a free-text column).',
        namedOnly: true,
      },
      {
        name: 'scale',
        type: { kind: 'enum', values: ['none', 'standardize', 'minmax'] },
        doc: 'Scaling of the numeric inputs, fitted on the training split: `standardize` (x − mean) / std, `minmax` (x − min) / (max − min).',
        default: 'none',
        namedOnly: true,
      },
      {
        name: 'missing',
        type: { kind: 'enum', values: ['mean', 'median'] },
        doc: "What a missing number (empty, NA, N/A, NaN, ?) becomes: the training split's mean or median of the column.",
        default: 'mean',
        namedOnly: true,
      },
      {
        name: 'delimiter',
        type: { kind: 'string' },
        doc: 'The field separator.',
        default: ',',
        namedOnly: true,
      },
      {
        name: 'header',
        type: { kind: 'bool' },
        doc: 'Whether the first row names the columns.',
        default: true,
        namedOnly: true,
      },
    ],
    summary: 'Rows of a CSV file: the other columns are the input, `target` the target.',
    doc: [
      '**csv(path, target, columns, drop, scale = none, missing = mean)** — one sample per row. Numeric columns',
      'are inputs as they are; text columns are one-hot encoded (one input per category, sorted, and `(missing)`',
      'when a value is absent). `columns = [...]` chooses the inputs, `drop = [...]` leaves some out. A missing',
      "number is filled with the training split's `missing` statistic, and `scale` (`standardize`, `minmax`) is",
      'fitted on the training split only; both are saved with the checkpoint, so `nnc eval`/`nnc predict` apply',
      'them to new inputs. `nnc check` reads the header and reports how the columns become inputs.',
    ].join('\n'),
    describe: () => ({}),
  },
  {
    name: 'idx',
    args: [
      {
        name: 'images',
        type: { kind: 'string' },
        file: true,
        doc: 'The IDX file of inputs (e.g. train-images-idx3-ubyte).',
        required: true,
      },
      {
        name: 'labels',
        type: { kind: 'string' },
        file: true,
        doc: 'The IDX file of class labels (e.g. train-labels-idx1-ubyte).',
        required: true,
      },
    ],
    summary: 'Inputs and class labels from a pair of IDX files (the MNIST format).',
    doc: '**idx(images, labels)** — reads the IDX format of MNIST; bytes are scaled to [0, 1]. The shape is in the file header, so it is checked when training starts.',
    describe: () => ({ task: 'classification' }),
  },
  {
    name: 'json',
    args: [
      {
        name: 'path',
        type: { kind: 'string' },
        file: true,
        doc: 'The JSON file: `{ "inputs": [[…], …], "targets": [[…], …] }`.',
        required: true,
      },
    ],
    summary: 'Inputs and targets from a JSON file.',
    doc: '**json(path)** — a file `{ "inputs": [...], "targets": [...] }` with one entry per sample. Shapes are checked when training starts.',
    describe: () => ({}),
  },
  ...graphSources,
  mnistLike('mnist', 'MNIST handwritten digits'),
  mnistLike('fashion_mnist', 'Fashion-MNIST clothing images'),
];
