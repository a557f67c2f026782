// `flatten`: takes any input [d1, …, dk], produces [d1 · … · dk] (row-major, last axis fastest).
// No weights, no arithmetic: the op `reshape` (reshape-op.ts) with `flatten = true`.

import { product } from '../shape-utils.js';
import type { LayerSpec } from '../types.js';
import { reshapeOp } from './reshape-op.js';

export const flatten = {
  name: 'flatten',
  lowering: reshapeOp(true),
  category: 'reshaping',
  summary: 'Flattens the input into one dimension: [28, 28] → [784].',
  doc: [
    '**flatten** — turns a sample of shape `[d1, …, dk]` into a vector of `d1 · … · dk` values,',
    'row by row (the last axis varies fastest, as in Keras `Flatten` and PyTorch `nn.Flatten`).',
    '',
    '$$y[(i_1 d_2 + i_2) d_3 + \\dots + i_k] = x[i_1, i_2, \\dots, i_k]$$',
    '',
    'Use it between images and `dense`: `input image: [28, 28]` → `flatten` → `[784]`.',
  ].join('\n'),
  args: [],
  inputs: { min: 1, max: 1 },
  inputDtype: 'any',
  outputShape([input]) {
    return { shape: [product(input)] };
  },
  weights() {
    return [];
  },
  flops() {
    return 0;
  },
} satisfies LayerSpec;
