// Kernel-check rows of 2-D zero padding: the forward against a direct float64 loop (a value of y is
// x's when it falls inside the padded border, else 0), the backward (a crop) by finite differences.

import {
  zeroPadding2dBackward,
  zeroPadding2dForward,
  zeroPadding2dGeometry,
  type ZeroPadding2dSpec,
} from '../../src/kernels/zero-padding.js';
import { randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

const CASES: [string, ZeroPadding2dSpec, number][] = [
  [
    'one all round a 3×4×2 image',
    { inHeight: 3, inWidth: 4, channels: 2, top: 1, bottom: 1, left: 1, right: 1 },
    2,
  ],
  [
    'uneven (top 2, bottom 0, left 0, right 3) of a 2×3×1 image',
    { inHeight: 2, inWidth: 3, channels: 1, top: 2, bottom: 0, left: 0, right: 3 },
    3,
  ],
  [
    'none is the identity',
    { inHeight: 2, inWidth: 2, channels: 3, top: 0, bottom: 0, left: 0, right: 0 },
    1,
  ],
];

export const ZERO_PADDING_ROWS: KernelCheck[] = CASES.map(([label, spec, batch], index) => {
  const g = zeroPadding2dGeometry(spec);
  const inputSize = batch * g.inHeight * g.inWidth * g.channels;
  const outputSize = batch * g.outHeight * g.outWidth * g.channels;
  return {
    name: `zero_padding2d ${label}, batch ${batch}`,
    seed: 1300 + index,
    inputs: (prng) => ({ x: randomArray(prng, inputSize) }),
    run: ({ x }) => {
      const out = nans(outputSize);
      zeroPadding2dForward(x, out, batch, g);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(inputSize);
          zeroPadding2dBackward(dy, dx, batch, g);
          return { x: dx };
        },
      };
    },
    reference: ({ x }) => {
      const out = new Float64Array(outputSize);
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < g.outHeight; i++)
          for (let j = 0; j < g.outWidth; j++)
            for (let c = 0; c < g.channels; c++) {
              const [h, w] = [i - g.top, j - g.left];
              const inside = h >= 0 && h < g.inHeight && w >= 0 && w < g.inWidth;
              out[((b * g.outHeight + i) * g.outWidth + j) * g.channels + c] = inside
                ? x[((b * g.inHeight + h) * g.inWidth + w) * g.channels + c]
                : 0;
            }
      return out;
    },
    forwardTolerance: { relative: 0, absolute: 0 },
    gradientTolerance: { relative: 1e-5, absolute: 1e-6 },
  };
});
