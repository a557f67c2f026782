// `conv2d(filters, kernel, activation)`: takes [height, width, channels], produces
// [height', width', filters] with Keras's output size (padding "valid" | "same", strides, dilation).
// Weights `weights` [kh, kw, in_channels, filters] and `bias` [filters].

import type { LayerSpec } from '../types.js';
import {
  dilationArg,
  outputActivationArg,
  paddingArg,
  stridesArg,
  useBiasArg,
} from './common-args.js';
import { convolutionFlops, convolutionShape, convolutionWeights } from './window-rules.js';

export const conv2d: LayerSpec = {
  name: 'conv2d',
  lowering: { op: 'conv' },
  category: 'convolution',
  summary: '2-D convolution over images [height, width, channels].',
  doc: [
    '**conv2d(filters, kernel, activation)** — 2-D convolution (cross-correlation), channels last.',
    '',
    '$$y[i, j, f] = f\\Big(\\sum_{u, v, c} x[i s_h + u d_h,\\, j s_w + v d_w,\\, c]\\, W[u, v, c, f] + b[f]\\Big)$$',
    '',
    "- input: `[H, W, C]`; output: `[H', W', filters]`",
    "- `valid`: H' = ⌊(H − d·(kh − 1) − 1) / s⌋ + 1; `same`: H' = ⌈H / s⌉ (likewise W')",
    '- `kernel = 3` means 3×3; `kernel = [3, 5]` is kh × kw',
    '- `weights`: `[kh, kw, in_channels, filters]`; `bias`: `[filters]`',
    '',
    'Parameters: `(kh · kw · in_channels + 1) · filters`. Keras: `Conv2D`; PyTorch: `nn.Conv2d` (channels first).',
  ].join('\n'),
  args: [
    {
      name: 'filters',
      type: { kind: 'int', min: 1 },
      doc: 'Number of output channels.',
      required: true,
    },
    {
      name: 'kernel',
      type: { kind: 'intTuple', length: 2, min: 1 },
      doc: 'Kernel size: `3` for 3×3 or `[kh, kw]`.',
      required: true,
    },
    outputActivationArg(),
    stridesArg(2),
    paddingArg,
    dilationArg(2),
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
  outputShape: ([input], args) => convolutionShape(2, input, args),
  weights: ([input], args) => convolutionWeights(2, input, args),
  flops: ([input], args, output) => convolutionFlops(2, input, args, output),
};
