// `avgpool2d(pool)`: takes [height, width, channels], produces [height', width', channels], the
// mean of each window; strides default to the pool size. No weights.

import type { LayerSpec } from '../types.js';
import { paddingArg } from './common-args.js';
import { poolingFlops, poolingShape } from './window-rules.js';

export const avgpool2d: LayerSpec = {
  name: 'avgpool2d',
  lowering: { op: 'avgpool' },
  category: 'pooling',
  summary: 'Mean over windows of an image [height, width, channels].',
  doc: [
    '**avgpool2d(pool)** — 2-D average pooling, per channel.',
    '',
    '$$y[i, j, c] = \\frac{1}{p_h p_w} \\sum_{u < p_h,\\ v < p_w} x[i s_h + u,\\, j s_w + v,\\, c]$$',
    '',
    "- input: `[H, W, C]`; output: `[H', W', C]`, sizes as in `maxpool2d`",
    '- with `padding = "same"` the padded positions are left out of the mean (as Keras does)',
    '',
    'No weights. Keras: `AveragePooling2D`; PyTorch: `nn.AvgPool2d(count_include_pad=False)`.',
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
