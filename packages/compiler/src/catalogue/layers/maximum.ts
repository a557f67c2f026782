// `maximum(a, b, …)`: takes two or more values of one shape, produces their element-wise maximum
// (same shape). Unequal shapes are a `merge` problem (no broadcasting). Declares its own op
// `elementwise_max`: kernels/maximum.ts (merge protocol), ONNX `Max`, PyTorch `torch.maximum`.

import { ownOp } from '../own-op.js';
import { elementwiseMergeShape, product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

const elementwiseMaxOp = ownOp<'elementwise_max', Record<string, never>>({
  op: 'elementwise_max',
  meaning: 'y = max(x1, x2, …) per value, inputs of one shape; ties share the gradient evenly',
  attributes: () => ({}),
  attributeNames: {},
  js: { protocol: 'merge', spec: (_attrs, { output }) => ({ size: product(output) }) },
  onnx: {
    doc: '`Max` (any number of inputs)',
    layout: 'any',
    build: (inputs, _attrs, _shapes, onnx) => onnx.node('Max', inputs, 'max'),
  },
  pytorch: {
    doc: '`torch.maximum(a, b)`; `torch.stack([a, b, c]).amax(dim=0)` for more (ties share the gradient evenly in both)',
    layout: 'any',
    call: (inputs) =>
      inputs.length === 2
        ? `torch.maximum(${inputs[0]}, ${inputs[1]})`
        : `torch.stack([${inputs.join(', ')}]).amax(dim=0)`,
  },
});

export const maximum = {
  name: 'maximum',
  lowering: elementwiseMaxOp,
  category: 'merge',
  summary: 'Element-wise maximum of values of the same shape: maximum(a, b).',
  doc: [
    '**maximum(a, b, …)** — element-wise maximum, e.g. the max-out of two branches.',
    '',
    '$$y_i = \\max(a_i, b_i, \\dots)$$',
    '',
    'All inputs must have the same shape, which is also the output shape (no broadcasting).',
    'The gradient goes to the input holding the maximum; inputs tied for it share it evenly.',
    'No weights. Keras: `Maximum`; PyTorch: `torch.maximum(a, b)`.',
  ].join('\n'),
  args: [],
  inputs: { min: 2, max: Infinity },
  inputsAsArguments: true,
  outputShape: elementwiseMergeShape,
  weights: () => [],
  // One comparison per value and further input.
  flops: (inputs, _args, output) => (inputs.length - 1) * product(output),
} satisfies LayerSpec;
