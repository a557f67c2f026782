// Inverted dropout: the mask is 0 or 1/(1 − rate), drops about `rate` of the values, keeps the
// mean, repeats for a seed, and the backward multiplies by the same mask.

import { describe, expect, it } from 'vitest';
import { dropoutBackward, dropoutForward } from '../src/kernels/dropout.js';
import { Prng, randomArray } from './helpers.js';

describe('dropout', () => {
  it('drops about rate of the values and scales the rest by 1/(1 − rate)', () => {
    const n = 100_000;
    const x = new Float32Array(n).fill(2);
    const out = new Float32Array(n);
    const mask = new Float32Array(n);
    dropoutForward(x, out, mask, n, 0.3, new Prng(1));
    let dropped = 0;
    let wrong = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) dropped++;
      else if (mask[i] !== Math.fround(1 / 0.7)) wrong++;
      if (out[i] !== Math.fround(x[i] * mask[i])) wrong++;
      sum += out[i];
    }
    expect(wrong).toBe(0);
    expect(Math.abs(dropped / n - 0.3)).toBeLessThan(0.005);
    expect(Math.abs(sum / n - 2)).toBeLessThan(0.02);
  });

  it('repeats for the same seed and multiplies dy by the mask', () => {
    const prng = new Prng(2);
    const x = randomArray(prng, 50);
    const [first, second] = [new Float32Array(50), new Float32Array(50)];
    const mask = new Float32Array(50);
    dropoutForward(x, first, mask, 50, 0.5, new Prng(7));
    dropoutForward(x, second, new Float32Array(50), 50, 0.5, new Prng(7));
    expect(second).toEqual(first);
    const dy = randomArray(prng, 50);
    const dx = new Float32Array(50);
    dropoutBackward(dy, mask, dx, 50);
    expect(Array.from(dx)).toEqual(Array.from(dy, (v, i) => Math.fround(v * mask[i])));
  });

  it('rate 0 keeps everything, rate 1 drops everything, other rates are refused', () => {
    const x = Float32Array.from([1, -2, 3]);
    const out = new Float32Array(3);
    const mask = new Float32Array(3);
    dropoutForward(x, out, mask, 3, 0, new Prng(3));
    expect(out).toEqual(x);
    dropoutForward(x, out, mask, 3, 1, new Prng(3));
    expect(Array.from(out, Math.abs)).toEqual([0, 0, 0]);
    expect(() => dropoutForward(x, out, mask, 3, 1.5, new Prng(3))).toThrow(RangeError);
  });
});
