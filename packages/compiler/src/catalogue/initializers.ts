// Weight initializers the language names (`with { init = … }`), Keras's set and formulas;
// fan_in / fan_out follow Keras: for a kernel [.., in, out], fan_in = receptive field × in.

import type { InitializerSpec } from './types.js';

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
    name: 'uniform',
    summary: 'U(−0.05, 0.05)',
    doc: '**uniform**: uniform on [−0.05, 0.05], as Keras `RandomUniform()`.',
  },
  {
    name: 'normal',
    summary: 'N(0, 0.05²)',
    doc: '**normal**: normal with mean 0 and standard deviation 0.05, as Keras `RandomNormal()`.',
  },
  {
    name: 'truncated_normal',
    summary: 'N(0, 0.05²) truncated at 2σ',
    doc: '**truncated_normal**: normal with σ = 0.05, redrawn beyond 2σ, as Keras `TruncatedNormal()`.',
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
    doc: '**orthogonal**: a random orthogonal matrix (QR of a normal matrix); the Keras default for recurrent kernels.',
  },
];
