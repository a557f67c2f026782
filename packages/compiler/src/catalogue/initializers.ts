// Weight initializers the language names (`with { init = … }`), Keras's set and formulas;
// fan_in / fan_out follow Keras: for a kernel [.., in, out], fan_in = receptive field × in.

import type { ArgSpec, InitializerSpec } from './types.js';

const meanArg: ArgSpec = {
  name: 'mean',
  type: { kind: 'number' },
  doc: 'The mean of the normal distribution.',
  default: 0,
  namedOnly: true,
};

const stddevArg: ArgSpec = {
  name: 'stddev',
  type: { kind: 'number', min: 0, minExclusive: true },
  doc: "The standard deviation σ (the decks' `0.01·randn` is `normal(stddev = 0.01)`).",
  default: 0.05,
};

const normalOptions = { mean: 'mean', stddev: 'standardDeviation' } as const;

const scaled = (
  name: string,
  distribution: string,
  scale: string,
  fan: string,
): InitializerSpec => ({
  name,
  summary: `${distribution} with ${scale} (${fan})`,
  doc: `**${name}**: ${distribution} with ${scale}, where ${fan}.`,
});

export const initializers: readonly InitializerSpec[] = [
  {
    name: 'zeros',
    summary: 'all zeros',
    doc: '**zeros**: every value is 0 (the default for biases).',
  },
  {
    name: 'ones',
    summary: 'all ones',
    doc: '**ones**: every value is 1 (the default for BatchNorm γ).',
  },
  {
    name: 'constant',
    summary: 'every value the same',
    doc: '**constant(value)**: every value is `value`, e.g. `init = constant(0.1)`.',
    args: [
      {
        name: 'value',
        type: { kind: 'number' },
        doc: 'The value of every weight.',
        required: true,
      },
    ],
    runtimeOptions: { value: 'value' },
  },
  {
    name: 'uniform',
    summary: 'U(low, high), by default U(−0.05, 0.05)',
    doc: '**uniform(low = −0.05, high = 0.05)**: uniform on [low, high), as Keras `RandomUniform(minval, maxval)`; `uniform(-0.1, 0.1)`.',
    args: [
      {
        name: 'low',
        type: { kind: 'number' },
        doc: 'The lower end of the interval.',
        default: -0.05,
      },
      {
        name: 'high',
        type: { kind: 'number' },
        doc: 'The upper end of the interval (more than `low`).',
        default: 0.05,
      },
    ],
    runtimeOptions: { low: 'minimum', high: 'maximum' },
  },
  {
    name: 'normal',
    summary: 'N(mean, stddev²), by default N(0, 0.05²)',
    doc: "**normal(stddev = 0.05, mean = 0)**: normal with that mean and standard deviation, as Keras `RandomNormal()`; the decks' `0.01·randn` is `normal(stddev = 0.01)`.",
    args: [stddevArg, meanArg],
    runtimeOptions: normalOptions,
  },
  {
    name: 'truncated_normal',
    summary: 'N(mean, stddev²) truncated at 2σ, by default σ = 0.05',
    doc: '**truncated_normal(stddev = 0.05, mean = 0)**: normal with σ = stddev, redrawn beyond 2σ of the mean, as Keras `TruncatedNormal()`.',
    args: [stddevArg, meanArg],
    runtimeOptions: normalOptions,
  },
  scaled(
    'glorot_uniform',
    'uniform on [−l, l]',
    'l = √(6 / (fan_in + fan_out))',
    'the Keras default for kernels',
  ),
  scaled('glorot_normal', 'truncated normal', 'σ = √(2 / (fan_in + fan_out))', 'Xavier/Glorot'),
  scaled('he_uniform', 'uniform on [−l, l]', 'l = √(6 / fan_in)', 'Kaiming, for ReLU'),
  scaled('he_normal', 'truncated normal', 'σ = √(2 / fan_in)', 'Kaiming, for ReLU'),
  scaled('lecun_uniform', 'uniform on [−l, l]', 'l = √(3 / fan_in)', 'for SELU'),
  scaled('lecun_normal', 'truncated normal', 'σ = √(1 / fan_in)', 'for SELU'),
  {
    name: 'unit_forget_bias',
    summary: 'zeros, with an LSTM forget gate at 1',
    doc: '**unit_forget_bias**: zeros except the forget-gate slice [u, 2u) of an LSTM bias, which is 1 (Keras `unit_forget_bias = True`, the default for LSTM biases).',
  },
  {
    name: 'orthogonal',
    summary: 'a random orthogonal matrix',
    doc: '**orthogonal(gain = 1)**: a random orthogonal matrix (QR of a normal matrix) times `gain`; the Keras default for recurrent kernels.',
    args: [
      {
        name: 'gain',
        type: { kind: 'number' },
        doc: 'The factor the orthogonal matrix is multiplied by.',
        default: 1,
      },
    ],
    runtimeOptions: { gain: 'gain' },
  },
];
