// `maxpool1d(pool)`: takes [steps, channels], produces [steps', channels], the maximum of each
// window; strides default to the pool size. No weights.

import type { LayerSpec } from '../types.js';
import { paddingArg } from './common-args.js';
import { poolingFlops, poolingShape } from './window-rules.js';

export const maxpool1d: LayerSpec = {
  name: 'maxpool1d',
  lowering: { op: 'maxpool' },
  category: 'pooling',
  summary: 'Maximum over windows of a sequence [steps, channels].',
  doc: [
    '**maxpool1d(pool)** — 1-D max pooling, per channel.',
    '',
    '$$y[t, c] = \\max_{0 \\le i < p} x[t \\cdot s + i, c]$$',
    '',
    "- input: `[steps, channels]`; output: `[steps', channels]`",
    "- `valid`: steps' = ⌊(steps − p) / s⌋ + 1; `same`: ⌈steps / s⌉; `s` defaults to `p`",
    '',
    'No weights. Keras: `MaxPooling1D`; PyTorch: `nn.MaxPool1d`.',
  ].join('\n'),
  args: [
    {
      name: 'pool',
      type: { kind: 'intTuple', length: 1, min: 1 },
      doc: 'Window length.',
      default: 2,
    },
    {
      name: 'strides',
      type: { kind: 'intTuple', length: 1, min: 1 },
      doc: 'Step of the window; the pool size when left out.',
      namedOnly: true,
    },
    paddingArg,
  ],
  inputs: { min: 1, max: 1 },
  outputShape: ([input], args) => poolingShape(1, input, args),
  weights: () => [],
  flops: (_inputs, args, output) => poolingFlops(1, args, output),
};
