// `rmsnorm(epsilon)`: takes any float input, produces the same shape; divides each vector of the
// last axis by its root mean square, then scales it per feature by the weight `gamma` [features].
// Declares its own op `rms_norm`: kernels/rms-norm.ts, ONNX nodes, a PyTorch Parameter `weight`.

import { numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface RmsNormAttributes {
  epsilon: number;
}

const features = (shape: readonly number[]) => shape[shape.length - 1];

const rmsNormOp = ownOp<'rms_norm', RmsNormAttributes>({
  op: 'rms_norm',
  meaning: 'y = x / √(mean(x²) + ε) · γ over each vector of the last axis, γ [features] learned',
  attributes: (args) => ({ epsilon: numberArg(args, 'epsilon') }),
  attributeNames: { epsilon: true },
  parameters: [
    {
      name: 'gamma',
      role: 'scale',
      regularized: false,
      shape: (_attrs, { input }) => [features(input)],
      init: 'ones',
    },
  ],
  js: {
    protocol: 'layer',
    spec: ({ epsilon }, { input }) => ({
      rows: product(input) / features(input),
      features: features(input),
      epsilon,
    }),
  },
  onnx: {
    doc: '`Mul`, `ReduceMean` (last axis), `Add` ε, `Sqrt`, `Div`, `Mul` by `gamma` (opset 17 has no RMS normalization)',
    layout: 'last',
    build: ([x], { epsilon }, _shapes, onnx) => {
      const squares = onnx.node('Mul', [x, x], 'square');
      const mean = onnx.node('ReduceMean', [squares], 'mean_square', {
        axes: { ints: [-1] },
        keepdims: { int: 1 },
      });
      const shifted = onnx.node('Add', [mean, onnx.floatConstant('epsilon', [epsilon])], 'add');
      const rms = onnx.node('Sqrt', [shifted], 'rms');
      const normalized = onnx.node('Div', [x, rms], 'normalize');
      return onnx.node('Mul', [normalized, onnx.parameter(0)], 'scale');
    },
  },
  pytorch: {
    doc: '`x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + ε) * weight`, the weight in an `nn.ParameterDict` (as `nn.RMSNorm` of torch ≥ 2.4)',
    layout: 'last',
    module: (_attrs, { input }) =>
      `nn.ParameterDict({"weight": nn.Parameter(torch.ones(${features(input)}))})`,
    parameters: [{ key: 'weight', layout: 'vector' }],
    call: ([x], { epsilon }, _shapes, module) =>
      `${x} * torch.rsqrt(${x}.pow(2).mean(-1, keepdim=True) + ${epsilon}) * ${module}["weight"]`,
  },
});

export const rmsnorm = {
  name: 'rmsnorm',
  lowering: rmsNormOp,
  category: 'normalization',
  summary: 'RMS normalization: divide each vector by its root mean square, then scale per feature.',
  doc: [
    '**rmsnorm(epsilon = 1e-6)** — root-mean-square normalization over the last axis (Zhang &',
    'Sennrich 2019), the layer normalization of T5 and LLaMA: no mean is subtracted and no shift added.',
    '',
    '$$y = \\gamma \\odot \\frac{x}{\\sqrt{\\tfrac{1}{C}\\sum_j x_j^2 + \\epsilon}}$$',
    '',
    '- input and output: any shape; each vector of the last axis (size C) is normalized on its own',
    '- `gamma`: `[C]`, initialised to ones, trainable, not penalized by `l1`/`l2`: C parameters',
    '',
    'Keras: `RMSNormalization`; PyTorch (≥ 2.4): `nn.RMSNorm(C, eps)`, weight `weight`.',
  ].join('\n'),
  args: [
    {
      name: 'epsilon',
      type: { kind: 'number', min: 0, minExclusive: true },
      doc: "Added to the mean square for stability (Keras's default).",
      default: 1e-6,
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input]) {
    return { shape: input };
  },
  weights: ownOpWeights(rmsNormOp),
  // Square, sum, scale and multiply by γ: about three multiply-adds per value.
  flops: ([input]) => 6 * product(input),
} satisfies LayerSpec;
