// `add(a, b, …)`: takes two or more values of one shape, produces their element-wise sum (same
// shape). Unequal shapes are a `merge` problem (no broadcasting). Declares its own op
// `elementwise_sum`: the merge protocol of kernels/merge.ts, ONNX `Add`/`Sum`, PyTorch `a + b`.

import { ownOp } from '../own-op.js';
import { elementwiseMergeShape, product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

const elementwiseSumOp = ownOp<'elementwise_sum', Record<string, never>>({
  op: 'elementwise_sum',
  meaning: 'y = x1 + x2 + …, inputs of one shape',
  attributes: () => ({}),
  attributeNames: {},
  js: { protocol: 'merge', spec: (_attrs, { output }) => ({ size: product(output) }) },
  onnx: {
    doc: '`Add` (`Sum` for more than two)',
    layout: 'any',
    build: (inputs, _attrs, _shapes, onnx) =>
      inputs.length > 2 ? onnx.node('Sum', inputs, 'sum') : onnx.node('Add', inputs, 'add'),
  },
  pytorch: {
    doc: '`a + b`',
    layout: 'any',
    call: (inputs) => inputs.join(' + '),
  },
});

export const add = {
  name: 'add',
  lowering: elementwiseSumOp,
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
  outputShape: elementwiseMergeShape,
  weights: () => [],
  flops: (inputs, _args, output) => (inputs.length - 1) * product(output),
} satisfies LayerSpec;
