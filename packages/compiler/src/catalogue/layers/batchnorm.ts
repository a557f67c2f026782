// `batchnorm`: takes any float input, produces the same shape; normalises each feature of `axis`
// over the batch. Declares its own op `batch_normalization` (kernels/batchnorm.ts, with state): the
// moving statistics are state kept with the weights, counted by Keras only (PyTorch: buffers).

import { boolArg, numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights, type OpShapes } from '../own-op.js';
import { normalizeAxis, product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface BatchNormAttributes {
  /** The normalized (channel) axis, from 0 (per sample). */
  axis: number;
  /** The weight of the old value in the moving averages (Keras meaning). */
  momentum: number;
  epsilon: number;
  /** Whether γ (scale) and β (center) are learned; without, 1 and 0. */
  scale: boolean;
  center: boolean;
}

const channels = ({ axis }: BatchNormAttributes, { input }: OpShapes) => [input[axis]];

const batchNormOp = ownOp<'batch_normalization', BatchNormAttributes>({
  op: 'batch_normalization',
  meaning:
    'y = γ·(x − μ)/√(σ² + ε) + β per channel of `axis`: the batch statistics while training (which update the moving ones), the moving ones at inference',
  attributes: (args, { input }) => ({
    // An axis outside the input is reported by outputShape; its weights are counted on the last.
    axis: normalizeAxis(numberArg(args, 'axis'), input.length) ?? input.length - 1,
    momentum: numberArg(args, 'momentum'),
    epsilon: numberArg(args, 'epsilon'),
    scale: boolArg(args, 'scale'),
    center: boolArg(args, 'center'),
  }),
  attributeNames: { axis: true, momentum: true, epsilon: true, scale: true, center: true },
  parameters: [
    {
      name: 'gamma',
      role: 'scale',
      regularized: false,
      shape: channels,
      init: 'ones',
      when: ({ scale }) => scale,
    },
    {
      name: 'beta',
      role: 'shift',
      regularized: false,
      shape: channels,
      init: 'zeros',
      when: ({ center }) => center,
    },
    {
      name: 'moving_mean',
      role: 'statistic',
      regularized: false,
      shape: channels,
      init: 'zeros',
      state: { conventions: ['keras'] },
    },
    {
      name: 'moving_variance',
      role: 'statistic',
      regularized: false,
      shape: channels,
      init: 'ones',
      state: { conventions: ['keras'] },
    },
  ],
  mixesSamplesWhileTraining: 'it normalizes with the statistics of the whole batch while training',
  js: {
    protocol: 'state',
    spec: ({ axis, momentum, epsilon }, { input }) => ({
      rows: product(input.slice(0, axis)),
      channels: input[axis],
      inner: product(input.slice(axis + 1)),
      momentum,
      epsilon,
    }),
  },
  onnx: {
    doc: "`BatchNormalization` in inference form: the moving mean and variance, the layer's `epsilon` (and `momentum`); without `scale`/`center`, a `Constant` node of ones/zeros in place of γ/β",
    // BatchNormalization normalizes axis 1: the features of a 1-D value, the channels otherwise.
    layout: 'first',
    refuse: ({ axis }, { input }) =>
      axis === input.length - 1
        ? undefined
        : `it normalizes axis ${axis}; only the last (channel) axis is exported`,
    build: ([x], { epsilon, momentum, scale, center }, { input }, onnx) => {
      const size = input[input.length - 1];
      const gamma = scale
        ? onnx.parameter(0)
        : onnx.constantNode('gamma', new Array<number>(size).fill(1), [size]);
      const beta = center
        ? onnx.parameter(1)
        : onnx.constantNode('beta', new Array<number>(size).fill(0), [size]);
      return onnx.node(
        'BatchNormalization',
        [x, gamma, beta, onnx.parameter(2), onnx.parameter(3)],
        'batchnorm',
        { epsilon: { float: epsilon }, momentum: { float: momentum } },
      );
    },
  },
  pytorch: {
    doc: "`nl.BatchNorm`: Keras's running statistics (momentum 0.99 is the old value's weight; biased variance)",
    layout: 'any',
    module: ({ axis, epsilon, momentum, center, scale }, { input }, python) => {
      const args = [String(input[axis])];
      const dim = python.dim(axis);
      if (dim !== String(input.length)) args.push(`dim=${dim}`);
      args.push(`eps=${python.float(epsilon)}`, `momentum=${python.float(momentum)}`);
      if (!center) args.push('center=False');
      if (!scale) args.push('scale=False');
      return `nl.BatchNorm(${args.join(', ')})`;
    },
    parameters: [
      { key: 'weight', layout: 'vector' },
      { key: 'bias', layout: 'vector' },
      { key: 'running_mean', layout: 'vector' },
      { key: 'running_var', layout: 'vector' },
    ],
  },
});

export const batchnorm = {
  name: 'batchnorm',
  lowering: batchNormOp,
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
  weights: ownOpWeights(batchNormOp),
  flops([input]) {
    // At inference the normalisation folds into one multiply-add per value.
    return 2 * product(input);
  },
} satisfies LayerSpec;
