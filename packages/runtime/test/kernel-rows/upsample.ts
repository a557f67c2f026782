// Kernel-check rows of nearest-neighbour upsampling: against a direct float64 loop (each output
// reads input ⌊i/sh⌋, ⌊j/sw⌋), and the backward (a block sum) against finite differences.

import {
  upsample2dBackward,
  upsample2dForward,
  upsample2dGeometry,
  type Upsample2dSpec,
} from '../../src/kernels/upsample.js';
import { randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

const CASES: [string, Upsample2dSpec, number][] = [
  [
    '2×2 of a 3×4×2 image',
    { inHeight: 3, inWidth: 4, channels: 2, sizeHeight: 2, sizeWidth: 2 },
    2,
  ],
  [
    '3×1 of a 2×3×1 image',
    { inHeight: 2, inWidth: 3, channels: 1, sizeHeight: 3, sizeWidth: 1 },
    3,
  ],
  ['1×1 is the identity', { inHeight: 2, inWidth: 2, channels: 3, sizeHeight: 1, sizeWidth: 1 }, 1],
];

export const UPSAMPLE_ROWS: KernelCheck[] = CASES.map(([label, spec, batch], index) => {
  const g = upsample2dGeometry(spec);
  const inputSize = batch * g.inHeight * g.inWidth * g.channels;
  const outputSize = batch * g.outHeight * g.outWidth * g.channels;
  return {
    name: `upsample2d ${label}, batch ${batch}`,
    seed: 1200 + index,
    inputs: (prng) => ({ x: randomArray(prng, inputSize) }),
    run: ({ x }) => {
      const out = nans(outputSize);
      upsample2dForward(x, out, batch, g);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(inputSize);
          upsample2dBackward(dy, dx, batch, g);
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
              const h = Math.floor(i / g.sizeHeight);
              const w = Math.floor(j / g.sizeWidth);
              out[((b * g.outHeight + i) * g.outWidth + j) * g.channels + c] =
                x[((b * g.inHeight + h) * g.inWidth + w) * g.channels + c];
            }
      return out;
    },
    forwardTolerance: { relative: 0, absolute: 0 },
    gradientTolerance: { relative: 1e-5, absolute: 1e-6 },
  };
});
