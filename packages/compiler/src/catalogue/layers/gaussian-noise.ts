// `gaussian_noise(stddev)`: takes any float input, produces the same shape; while training adds
// N(0, stddev²) noise to each value (a regularizer, as Keras's GaussianNoise); identity at inference.

import type { LayerSpec } from '../types.js';

export const gaussianNoise: LayerSpec = {
  name: 'gaussian_noise',
  lowering: { op: 'gaussian_noise' },
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
};
