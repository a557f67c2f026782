// Pooling geometry: the default stride, Keras "same" padding left out of an average, and 1-D
// pooling as 2-D with a height of 1 (the kernels themselves are rows of kernel-checks.test.ts).

import { describe, expect, it } from 'vitest';
import {
  avgPool2dForward,
  maxPool2dForward,
  pool1dGeometry,
  pool2dGeometry,
} from '../src/kernels/pool.js';
import { expectClose, Prng, randomArray } from './helpers.js';
import { maximum, poolReference } from './kernel-rows/layers.js';

describe('pooling', () => {
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
});
