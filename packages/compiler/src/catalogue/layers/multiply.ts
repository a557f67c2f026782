// `multiply(a, b, …)`: takes two or more values of one shape, produces their element-wise product
// (same shape). Unequal shapes are a `merge` problem (no broadcasting).

import { product, sameShape } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const multiply: LayerSpec = {
  name: 'multiply',
  lowering: { op: 'multiply' },
  category: 'merge',
  summary: 'Element-wise product of values of the same shape: multiply(a, b).',
  doc: [
    '**multiply(a, b, …)** — element-wise (Hadamard) product, e.g. gating.',
    '',
    '$$y = a \\odot b \\odot \\dots$$',
    '',
    'All inputs must have the same shape, which is also the output shape (no broadcasting).',
    'No weights. Keras: `Multiply`; PyTorch: `a * b`.',
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
