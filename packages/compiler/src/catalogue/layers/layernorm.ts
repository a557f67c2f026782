// `layernorm`: takes any float input, produces the same shape; normalises each sample over its last
// axis, then scales and shifts per feature. Weights `gamma` (when `scale`), `beta` (when `center`)
// of size input[-1]. Declares its own op `layer_normalization` (kernels/layernorm.ts, with state).

import { boolArg, numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface LayerNormAttributes {
  epsilon: number;
  /** Whether γ (scale) and β (center) are learned; without, 1 and 0. */
  scale: boolean;
  center: boolean;
}

const features = (shape: readonly number[]) => shape[shape.length - 1];

const layerNormOp = ownOp<'layer_normalization', LayerNormAttributes>({
  op: 'layer_normalization',
  meaning: "y = γ·(x − μ)/√(σ² + ε) + β over each sample's last axis",
  attributes: (args) => ({
    epsilon: numberArg(args, 'epsilon'),
    scale: boolArg(args, 'scale'),
    center: boolArg(args, 'center'),
  }),
  attributeNames: { epsilon: true, scale: true, center: true },
  parameters: [
    {
      name: 'gamma',
      role: 'scale',
      regularized: false,
      shape: (_attrs, { input }) => [features(input)],
      init: 'ones',
      when: ({ scale }) => scale,
    },
    {
      name: 'beta',
      role: 'shift',
      regularized: false,
      shape: (_attrs, { input }) => [features(input)],
      init: 'zeros',
      when: ({ center }) => center,
    },
  ],
  js: {
    protocol: 'state',
    spec: ({ epsilon }, { input }) => ({
      rows: product(input) / features(input),
      features: features(input),
      epsilon,
    }),
  },
  onnx: {
    doc: "`LayerNormalization(axis = -1)` with the layer's `epsilon`; without `scale`/`center`, a `Constant` node of ones/zeros in place of γ/β",
    layout: 'last',
    build: ([x], { epsilon, scale, center }, { input }, onnx) => {
      // ONNX needs a scale; a missing γ or β is a Constant node of ones or zeros (not an
      // initializer, so that nnc import reads it back as `scale = false` / `center = false`).
      const size = features(input);
      const gamma = scale
        ? onnx.parameter(0)
        : onnx.constantNode('gamma', new Array<number>(size).fill(1), [size]);
      const beta = center
        ? onnx.parameter(1)
        : onnx.constantNode('beta', new Array<number>(size).fill(0), [size]);
      return onnx.node('LayerNormalization', [x, gamma, beta], 'layernorm', {
        axis: { int: -1 },
        epsilon: { float: epsilon },
      });
    },
  },
  pytorch: {
    doc: '`nn.LayerNorm(eps=…)` (`nl.LayerNorm` with only one of `center`/`scale`)',
    layout: 'last',
    module: ({ epsilon, center, scale }, { input }, python) => {
      const [size, eps] = [features(input), python.float(epsilon)];
      if (center && scale) return `nn.LayerNorm(${size}, eps=${eps})`;
      if (!center && !scale) return `nn.LayerNorm(${size}, eps=${eps}, elementwise_affine=False)`;
      return `nl.LayerNorm(${size}, eps=${eps}, center=${python.bool(center)}, scale=${python.bool(scale)})`;
    },
    parameters: [
      { key: 'weight', layout: 'vector' },
      { key: 'bias', layout: 'vector' },
    ],
  },
});

export const layernorm = {
  name: 'layernorm',
  lowering: layerNormOp,
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
  weights: ownOpWeights(layerNormOp),
  flops([input]) {
    // Mean, variance, normalise and scale-shift: about four multiply-adds per value.
    return 8 * product(input);
  },
} satisfies LayerSpec;
