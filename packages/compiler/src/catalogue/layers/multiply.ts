// `multiply(a, b, …)`: takes two or more values of one shape, produces their element-wise product
// (same shape). Unequal shapes are a `merge` problem (no broadcasting). Declares its own op
// `elementwise_product`: the merge protocol of kernels/merge.ts, ONNX `Mul`s, PyTorch `a * b`.

import { ownOp } from '../own-op.js';
import { elementwiseMergeShape, product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

const elementwiseProductOp = ownOp<'elementwise_product', Record<string, never>>({
  op: 'elementwise_product',
  meaning: 'y = x1 ⊙ x2 ⊙ …, inputs of one shape',
  attributes: () => ({}),
  attributeNames: {},
  js: { protocol: 'merge', spec: (_attrs, { output }) => ({ size: product(output) }) },
  onnx: {
    doc: '`Mul`',
    layout: 'any',
    // ONNX's Mul takes two inputs: a chain of them for more.
    build: ([first, ...rest], _attrs, _shapes, onnx) =>
      rest.reduce((y, next) => onnx.node('Mul', [y, next], 'mul'), first),
  },
  pytorch: {
    doc: '`a * b`',
    layout: 'any',
    call: (inputs) => inputs.join(' * '),
  },
});

export const multiply = {
  name: 'multiply',
  lowering: elementwiseProductOp,
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
  outputShape: elementwiseMergeShape,
  weights: () => [],
  flops: (inputs, _args, output) => (inputs.length - 1) * product(output),
} satisfies LayerSpec;
