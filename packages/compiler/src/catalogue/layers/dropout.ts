// `dropout(rate)`: takes any float input, produces the same shape; while training each value is
// zeroed with probability `rate` and the rest scaled by 1 / (1 − rate); at inference it is identity.
// Declares its own op `inverted_dropout`: kernels/dropout.ts (layer protocol with state, the mask).

import { numberArg } from '../arg-values.js';
import { ownOp } from '../own-op.js';
import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export interface DropoutAttributes {
  rate: number;
}

const invertedDropout = ownOp<'inverted_dropout', DropoutAttributes>({
  op: 'inverted_dropout',
  meaning: 'y = x·mask/(1 − rate) when training, y = x otherwise',
  attributes: (args) => ({ rate: numberArg(args, 'rate') }),
  attributeNames: { rate: true },
  trainingOnly: true,
  js: { protocol: 'state', spec: ({ rate }, { input }) => ({ size: product(input), rate }) },
  onnx: {
    doc: '`Dropout` without `training_mode`, which is the identity at inference; its ratio is kept so an import gets the layer back',
    layout: 'any',
    build: ([x], { rate }, _shapes, onnx) =>
      onnx.node('Dropout', [x, onnx.floatConstant('ratio', [rate])], 'dropout'),
  },
  pytorch: {
    doc: '`nn.Dropout`',
    layout: 'any',
    module: ({ rate }, _shapes, python) => `nn.Dropout(${python.float(rate)})`,
  },
});

export const dropout = {
  name: 'dropout',
  lowering: invertedDropout,
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
} satisfies LayerSpec;
