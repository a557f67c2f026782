// `layernorm`: takes any float input, produces the same shape; normalises each sample over its last
// axis, then scales and shifts per feature. Weights `gamma`, `beta` of size input[-1] in both
// conventions (PyTorch `nn.LayerNorm(C)`).

import { boolArg } from '../arg-values.js';
import { product } from '../shape-utils.js';
import type { LayerSpec, WeightSpec } from '../types.js';

export const layernorm: LayerSpec = {
  name: 'layernorm',
  lowering: { op: 'layernorm' },
  category: 'normalization',
  summary: 'Layer normalization: standardise each sample over its last axis, then scale and shift.',
  doc: [
    '**layernorm** — layer normalization over the last axis of each sample (no batch statistics).',
    '',
    '$$y = \\gamma \\cdot \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta, \\qquad \\mu, \\sigma^2 \\text{ over the last axis}$$',
    '',
    'Weights of size C = input[-1]: `gamma` (ones) and `beta` (zeros), both trainable: 2C parameters.',
    'Keras: `LayerNormalization`; PyTorch: `nn.LayerNorm(C)`.',
  ].join('\n'),
  args: [
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
  outputShape([input]) {
    return { shape: input };
  },
  weights([input], args) {
    const features = input[input.length - 1];
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
    return weights;
  },
  flops([input]) {
    // Mean, variance, normalise and scale-shift: about four multiply-adds per value.
    return 8 * product(input);
  },
};
