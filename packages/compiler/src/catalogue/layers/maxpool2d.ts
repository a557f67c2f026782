// `maxpool2d(pool)`: takes [height, width, channels], produces [height', width', channels], the
// maximum of each window; strides default to the pool size. No weights.

import type { LayerSpec } from '../types.js';
import { paddingArg } from './common-args.js';
import { poolingFlops, poolingShape } from './window-rules.js';

export const maxpool2d: LayerSpec = {
  name: 'maxpool2d',
  lowering: { op: 'maxpool' },
  category: 'pooling',
  summary: 'Maximum over windows of an image [height, width, channels].',
  doc: [
    '**maxpool2d(pool)** — 2-D max pooling, per channel.',
    '',
    '$$y[i, j, c] = \\max_{0 \\le u < p_h,\\ 0 \\le v < p_w} x[i s_h + u,\\, j s_w + v,\\, c]$$',
    '',
    "- input: `[H, W, C]`; output: `[H', W', C]`",
    "- `valid`: H' = ⌊(H − p_h) / s_h⌋ + 1; `same`: ⌈H / s_h⌉; strides default to the pool size",
    '- `pool = 2` means 2×2',
    '',
    'No weights. Keras: `MaxPooling2D`; PyTorch: `nn.MaxPool2d`.',
  ].join('\n'),
  args: [
    {
      name: 'pool',
      type: { kind: 'intTuple', length: 2, min: 1 },
      doc: 'Window size: `2` for 2×2 or `[ph, pw]`.',
      default: 2,
    },
    {
      name: 'strides',
      type: { kind: 'intTuple', length: 2, min: 1 },
      doc: 'Step of the window; the pool size when left out.',
      namedOnly: true,
    },
    paddingArg,
  ],
  inputs: { min: 1, max: 1 },
  outputShape: ([input], args) => poolingShape(2, input, args),
  weights: () => [],
  flops: (_inputs, args, output) => poolingFlops(2, args, output),
};
