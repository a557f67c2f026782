// `gaussian_noise(stddev)`: takes any float input, produces the same shape; while training adds
// N(0, stddev²) noise to each value (a regularizer, as Keras's GaussianNoise); identity at inference.
// Declares its own op `noise`: the runtime's kernels/gaussian-noise.ts (layer protocol).

import { numberArg } from '../arg-values.js';
import { ownOp } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface GaussianNoiseAttributes {
  stddev: number;
}

const noise = ownOp<'noise', GaussianNoiseAttributes>({
  op: 'noise',
  meaning: 'y = x + ε, ε ~ N(0, stddev²) when training, y = x otherwise',
  attributes: (args) => ({ stddev: numberArg(args, 'stddev') }),
  attributeNames: { stddev: true },
  trainingOnly: true,
  js: {
    protocol: 'layer',
    spec: ({ stddev }, { input }) => ({ size: product(input), stddev }),
  },
  onnx: {
    doc: '`Identity`: the noise acts only while training; an import does not get the layer back',
    layout: 'any',
    build: ([x], _attrs, _shapes, onnx) => onnx.node('Identity', [x], 'noise'),
  },
  pytorch: {
    doc: '`nl.GaussianNoise(stddev)`: `x + stddev · randn_like(x)` in training mode, `x` in eval mode',
    layout: 'any',
    module: ({ stddev }, _shapes, python) => `nl.GaussianNoise(${python.float(stddev)})`,
  },
});

export const gaussianNoise = {
  name: 'gaussian_noise',
  lowering: noise,
  category: 'regularization',
  summary: 'Adds zero-mean Gaussian noise of deviation `stddev` while training.',
  doc: [
    '**gaussian_noise(stddev)** — additive Gaussian noise, a regularizer.',
    '',
    '$$y_i = x_i + \\varepsilon_i, \\qquad \\varepsilon_i \\sim \\mathcal{N}(0, \\text{stddev}^2)$$',
    '',
    'while training; `y = x` at inference. The gradient passes through unchanged (∂y/∂x = 1).',
    'Shape unchanged, no weights. Keras: `GaussianNoise`; PyTorch has no module (nnet_layers.py',
    'adds `x + stddev · randn_like(x)` in training mode).',
  ].join('\n'),
  args: [
    {
      name: 'stddev',
      type: { kind: 'number', min: 0 },
      doc: 'Standard deviation of the noise, ≥ 0.',
      required: true,
    },
  ],
  inputs: { min: 1, max: 1 },
  outputShape([input]) {
    return { shape: input };
  },
  weights() {
    return [];
  },
  flops() {
    return 0;
  },
} satisfies LayerSpec;
