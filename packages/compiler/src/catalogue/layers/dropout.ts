// `dropout(rate)`: takes any float input, produces the same shape; while training each value is
// zeroed with probability `rate` and the rest scaled by 1 / (1 − rate); at inference it is identity.

import type { LayerSpec } from '../types.js';

export const dropout: LayerSpec = {
  name: 'dropout',
  lowering: { op: 'dropout' },
  category: 'regularization',
  summary: 'Randomly zeroes a fraction `rate` of the values while training.',
  doc: [
    '**dropout(rate)** — inverted dropout.',
    '',
    '$$y_i = \\frac{m_i\\, x_i}{1 - \\text{rate}}, \\qquad m_i \\sim \\text{Bernoulli}(1 - \\text{rate})$$',
    '',
    'while training; `y = x` at inference. Shape unchanged, no weights.',
    'Keras: `Dropout`; PyTorch: `nn.Dropout`.',
  ].join('\n'),
  args: [
    {
      name: 'rate',
      type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
      doc: 'Fraction of the values to drop, in [0, 1).',
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
