// `batchnorm`: takes any float input, produces the same shape; normalises each feature of `axis`
// over the batch. Keras keeps the moving statistics as non-trainable weights; PyTorch keeps them as
// buffers, not parameters, so they carry `conventions: ['keras']`.

import { boolArg, numberArg } from '../arg-values.js';
import { normalizeAxis, product } from '../shape-utils.js';
import type { LayerSpec, WeightSpec } from '../types.js';

export const batchnorm: LayerSpec = {
  name: 'batchnorm',
  lowering: { op: 'batchnorm' },
  category: 'normalization',
  summary: 'Batch normalization: standardise each feature over the batch, then scale and shift.',
  doc: [
    '**batchnorm** — batch normalization over the batch (and every axis but `axis`).',
    '',
    '$$y = \\gamma \\cdot \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}} + \\beta$$',
    '',
    'While training `μ_B`, `σ²_B` are the batch statistics and the moving averages are updated',
    '`m ← momentum · m + (1 − momentum) · μ_B` (Keras meaning of `momentum`; PyTorch uses `1 − momentum`).',
    'At inference the moving mean and variance replace them.',
    '',
    'Weights, each of size C = input[axis]: `gamma` (ones), `beta` (zeros) trainable;',
    '`moving_mean` (zeros), `moving_variance` (ones) non-trainable, counted under the Keras convention only',
    '(PyTorch `BatchNorm1d/2d` keeps them as buffers). Parameters: Keras 4C (2C non-trainable), PyTorch 2C.',
  ].join('\n'),
  args: [
    {
      name: 'axis',
      type: { kind: 'int' },
      doc: 'The feature axis (channels); -1 is the last.',
      default: -1,
      namedOnly: true,
    },
    {
      name: 'momentum',
      type: { kind: 'number', min: 0, max: 1 },
      doc: 'Weight of the old value in the moving averages (Keras meaning).',
      default: 0.99,
      namedOnly: true,
    },
    {
      name: 'epsilon',
      type: { kind: 'number', min: 0, minExclusive: true },
      doc: 'Added to the variance for stability.',
      default: 1e-3,
      namedOnly: true,
    },
    {
      name: 'center',
      type: { kind: 'bool' },
      doc: 'Learn the shift `beta`.',
      default: true,
      namedOnly: true,
    },
    {
      name: 'scale',
      type: { kind: 'bool' },
      doc: 'Learn the scale `gamma`.',
      default: true,
      namedOnly: true,
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input], args) {
    const axis = numberArg(args, 'axis');
    if (normalizeAxis(axis, input.length) === undefined) {
      return {
        problem: {
          kind: 'other',
          detail: `axis ${axis} is outside an input of rank ${input.length}`,
          arg: 'axis',
        },
      };
    }
    return { shape: input };
  },
  weights([input], args) {
    const features =
      input[normalizeAxis(numberArg(args, 'axis'), input.length) ?? input.length - 1];
    const weights: WeightSpec[] = [];
    if (boolArg(args, 'scale'))
      weights.push({
        name: 'gamma',
        shape: [features],
        trainable: true,
        role: 'scale',
        regularized: false,
        init: 'ones',
      });
    if (boolArg(args, 'center'))
      weights.push({
        name: 'beta',
        shape: [features],
        trainable: true,
        role: 'shift',
        regularized: false,
        init: 'zeros',
      });
    weights.push(
      {
        name: 'moving_mean',
        shape: [features],
        trainable: false,
        role: 'statistic',
        regularized: false,
        init: 'zeros',
        conventions: ['keras'],
      },
      {
        name: 'moving_variance',
        shape: [features],
        trainable: false,
        role: 'statistic',
        regularized: false,
        init: 'ones',
        conventions: ['keras'],
      },
    );
    return weights;
  },
  flops([input]) {
    // At inference the normalisation folds into one multiply-add per value.
    return 2 * product(input);
  },
};
