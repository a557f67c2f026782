// `add(a, b, …)`: takes two or more values of one shape, produces their element-wise sum (same
// shape). Unequal shapes are a `merge` problem (no broadcasting).

import { product, sameShape } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const add: LayerSpec = {
  name: 'add',
  lowering: { op: 'add' },
  category: 'merge',
  summary: 'Element-wise sum of values of the same shape: add(x, h).',
  doc: [
    '**add(a, b, …)** — element-wise sum, e.g. a residual connection `add(in, h)`.',
    '',
    '$$y = a + b + \\dots$$',
    '',
    'All inputs must have the same shape, which is also the output shape (no broadcasting).',
    'No weights. Keras: `Add`; PyTorch: `a + b`.',
  ].join('\n'),
  args: [],
  inputs: { min: 2, max: Infinity },
  inputsAsArguments: true,
  outputShape(inputs) {
    const [first] = inputs;
    if (!inputs.every((shape) => sameShape(shape, first)))
      return { problem: { kind: 'merge', shapes: inputs } };
    return { shape: first };
  },
  weights: () => [],
  flops: (inputs, _args, output) => (inputs.length - 1) * product(output),
};
