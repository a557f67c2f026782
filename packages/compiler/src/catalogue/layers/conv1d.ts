// `conv1d(filters, kernel, activation)`: takes [steps, channels], produces [steps', filters] with
// Keras's output size (padding "valid" | "same", strides, dilation). Weights `weights`
// [kernel, in_channels, filters] and `bias` [filters].

import type { LayerSpec } from '../types.js';
import {
  dilationArg,
  outputActivationArg,
  paddingArg,
  stridesArg,
  useBiasArg,
} from './common-args.js';
import { convolutionFlops, convolutionShape, convolutionWeights } from './window-rules.js';

export const conv1d: LayerSpec = {
  name: 'conv1d',
  lowering: { op: 'conv' },
  category: 'convolution',
  summary: '1-D convolution over sequences [steps, channels].',
  doc: [
    '**conv1d(filters, kernel, activation)** — 1-D convolution (cross-correlation), channels last.',
    '',
    '$$y[t, f] = f\\Big(\\sum_{i=0}^{k-1} \\sum_{c} x[t \\cdot s + i \\cdot d, c]\\, W[i, c, f] + b[f]\\Big)$$',
    '',
    "- input: `[steps, channels]`; output: `[steps', filters]`",
    "- `valid`: steps' = ⌊(steps − d·(k − 1) − 1) / s⌋ + 1; `same`: steps' = ⌈steps / s⌉",
    '- `weights`: `[k, in_channels, filters]`; `bias`: `[filters]`',
    '',
    'Parameters: `(k · in_channels + 1) · filters`. Keras: `Conv1D`; PyTorch: `nn.Conv1d` (channels first).',
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
      type: { kind: 'intTuple', length: 1, min: 1 },
      doc: 'Length of the kernel window.',
      required: true,
    },
    outputActivationArg(),
    stridesArg(1),
    paddingArg,
    dilationArg(1),
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  activationArg: 'activation',
  outputShape: ([input], args) => convolutionShape(1, input, args),
  weights: ([input], args) => convolutionWeights(1, input, args),
  flops: ([input], args, output) => convolutionFlops(1, input, args, output),
};
