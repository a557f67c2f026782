// Pooling: max and average windows against direct float64 loops (padding never wins a max and is
// left out of an average), backwards against finite differences, the argmax cache, 1-D pooling,
// and global average pooling.

import { describe, expect, it } from 'vitest';
import {
  avgPool2dBackward,
  avgPool2dForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  maxPool2dBackward,
  maxPool2dForward,
  pool1dGeometry,
  pool2dGeometry,
  type Pool2dGeometry,
  type Pool2dSpec,
} from '../src/kernels/pool.js';
import { dot, expectClose, numericalGradient, Prng, randomArray } from './helpers.js';

/** Window reduction in float64: `combine` sees the in-bounds cells of each window. */
function poolReference(
  x: ArrayLike<number>,
  batch: number,
  g: Pool2dGeometry,
  combine: (cells: number[]) => number,
): Float64Array {
  const out = new Float64Array(batch * g.outHeight * g.outWidth * g.channels);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < g.channels; c++) {
          const cells: number[] = [];
          for (let ph = 0; ph < g.poolHeight; ph++)
            for (let pw = 0; pw < g.poolWidth; pw++) {
              const ih = oh * g.strideHeight + ph - g.padTop;
              const iw = ow * g.strideWidth + pw - g.padLeft;
              if (ih >= 0 && iw >= 0 && ih < g.inHeight && iw < g.inWidth)
                cells.push(x[((b * g.inHeight + ih) * g.inWidth + iw) * g.channels + c]);
            }
          out[o++] = combine(cells);
        }
  return out;
}
const maximum = (cells: number[]) => Math.max(...cells);
const average = (cells: number[]) => cells.reduce((a, b) => a + b, 0) / cells.length;

const CASES: [string, Pool2dSpec][] = [
  ['2×2 valid', { inHeight: 4, inWidth: 6, channels: 3, poolHeight: 2, poolWidth: 2 }],
  [
    '3×3 stride 2 same (padded edges)',
    {
      inHeight: 6,
      inWidth: 5,
      channels: 2,
      poolHeight: 3,
      poolWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    },
  ],
  [
    '2×3 stride 1 valid (overlapping)',
    {
      inHeight: 4,
      inWidth: 5,
      channels: 2,
      poolHeight: 2,
      poolWidth: 3,
      strideHeight: 1,
      strideWidth: 1,
    },
  ],
  [
    '3×3 valid, inputs not a multiple of the stride',
    { inHeight: 7, inWidth: 8, channels: 1, poolHeight: 3, poolWidth: 3 },
  ],
];

describe('pooling', () => {
  CASES.forEach(([label, spec], index) => {
    const g = pool2dGeometry(spec);
    const batch = 2;
    const inLength = batch * g.inHeight * g.inWidth * g.channels;
    const outLength = batch * g.outHeight * g.outWidth * g.channels;

    it(`maxpool ${label}`, () => {
      const prng = new Prng(700 + index);
      const x = randomArray(prng, inLength);
      const out = new Float32Array(outLength);
      const argmax = new Int32Array(outLength);
      maxPool2dForward(x, out, argmax, batch, g);
      expectClose(out, poolReference(x, batch, g, maximum), { relative: 0, absolute: 0 }, 'max');
      for (let o = 0; o < outLength; o++) expect(x[argmax[o]]).toBe(out[o]);
      const dy = randomArray(prng, outLength);
      const dx = new Float32Array(inLength).fill(Number.NaN);
      maxPool2dBackward(dy, argmax, dx, batch, g);
      const numeric = numericalGradient((p) => dot(dy, poolReference(p, batch, g, maximum)), x);
      expectClose(dx, numeric, { relative: 1e-5, absolute: 1e-6 }, 'max backward');
    });

    it(`avgpool ${label}`, () => {
      const prng = new Prng(800 + index);
      const x = randomArray(prng, inLength);
      const out = new Float32Array(outLength);
      avgPool2dForward(x, out, batch, g);
      expectClose(
        out,
        poolReference(x, batch, g, average),
        { relative: 1e-6, absolute: 1e-7 },
        'avg',
      );
      const dy = randomArray(prng, outLength);
      const dx = new Float32Array(inLength).fill(Number.NaN);
      avgPool2dBackward(dy, dx, batch, g);
      const numeric = numericalGradient((p) => dot(dy, poolReference(p, batch, g, average)), x);
      expectClose(dx, numeric, { relative: 1e-5, absolute: 1e-6 }, 'avg backward');
    });
  });

  it('defaults the stride to the pool size and pads "same" like Keras', () => {
    const g = pool2dGeometry({
      inHeight: 5,
      inWidth: 5,
      channels: 1,
      poolHeight: 2,
      poolWidth: 2,
      padding: 'same',
    });
    expect([g.strideHeight, g.outHeight, g.padTop]).toEqual([2, 3, 0]);
    // average of a corner window that is half padding: only the real cell counts
    const x = Float32Array.from({ length: 25 }, (_, i) => i);
    const out = new Float32Array(9);
    avgPool2dForward(x, out, 1, g);
    expect(out[8]).toBe(24);
    expect(out[2]).toBe((4 + 9) / 2);
  });

  it('maxpool1d over [batch, W, C]', () => {
    const g = pool1dGeometry({ inWidth: 7, channels: 2, poolSize: 3, stride: 2 });
    expect([g.outHeight, g.outWidth]).toEqual([1, 3]);
    const prng = new Prng(900);
    const x = randomArray(prng, 2 * 7 * 2);
    const out = new Float32Array(2 * 3 * 2);
    maxPool2dForward(x, out, new Int32Array(out.length), 2, g);
    expectClose(out, poolReference(x, 2, g, maximum), { relative: 0, absolute: 0 });
  });

  it('global average pooling and its backward', () => {
    const prng = new Prng(901);
    const [batch, positions, channels] = [3, 10, 4];
    const x = randomArray(prng, batch * positions * channels);
    const reference = (p: ArrayLike<number>) => {
      const out = new Float64Array(batch * channels);
      for (let b = 0; b < batch; b++)
        for (let s = 0; s < positions; s++)
          for (let c = 0; c < channels; c++)
            out[b * channels + c] += p[(b * positions + s) * channels + c] / positions;
      return out;
    };
    const out = new Float32Array(batch * channels);
    globalAvgPoolForward(x, out, batch, positions, channels);
    expectClose(out, reference(x), { relative: 1e-6, absolute: 1e-7 });
    const dy = randomArray(prng, batch * channels);
    const dx = new Float32Array(x.length);
    globalAvgPoolBackward(dy, dx, batch, positions, channels);
    expectClose(
      dx,
      numericalGradient((p) => dot(dy, reference(p)), x),
      { relative: 1e-5, absolute: 1e-7 },
    );
  });
});
