// `globalavgpool`: takes [spatial…, channels] (rank ≥ 2), produces [channels], the mean of each
// channel over every spatial position. No weights.

import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';

export const globalavgpool: LayerSpec = {
  name: 'globalavgpool',
  lowering: { op: 'globalavgpool' },
  category: 'pooling',
  summary: 'Mean of each channel over all spatial positions: [H, W, C] → [C].',
  doc: [
    '**globalavgpool** — global average pooling over every axis but the last (channels).',
    '',
    '$$y[c] = \\frac{1}{N} \\sum_{p} x[p, c]$$ over the N spatial positions p.',
    '',
    '- input: `[steps, C]`, `[H, W, C]`, … ; output: `[C]`',
    '',
    'No weights. Keras: `GlobalAveragePooling1D/2D`; PyTorch: `nn.AdaptiveAvgPool2d(1)` + flatten.',
  ].join('\n'),
  args: [],
  inputs: { min: 1, max: 1 },
  outputShape([input]) {
    if (input.length < 2) {
      return {
        problem: {
          kind: 'rank',
          expected: 'an input with spatial axes and channels [.., channels]',
          found: input,
          help: 'it is already one value per channel; remove `globalavgpool`',
        },
      };
    }
    return { shape: [input[input.length - 1]] };
  },
  weights: () => [],
  flops: ([input]) => product(input),
};
