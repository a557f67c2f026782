// gaussian_noise's kernel against a naive loop over the same seeded draws, its statistics, and its
// backward (the identity) against finite differences of a fixed-noise forward.

import { describe, expect, it } from 'vitest';
import { Prng, gaussianNoiseBackward, gaussianNoiseForward } from '../src/index.js';

describe('gaussianNoiseForward', () => {
  it('adds stddev · N(0, 1) per value, in the order of the Prng, as a naive loop does', () => {
    const n = 257;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const out = new Float32Array(n);
    gaussianNoiseForward(x, out, n, 0.3, new Prng(7));
    const reference = new Prng(7);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(Math.fround(x[i] + reference.normal(0, 0.3)));
  });

  it('has mean 0 and deviation stddev over many values', () => {
    const n = 40000;
    const x = new Float32Array(n).fill(2);
    const out = new Float32Array(n);
    gaussianNoiseForward(x, out, n, 0.5, new Prng(1));
    const noise = Array.from(out, (v) => v - 2);
    const mean = noise.reduce((a, b) => a + b, 0) / n;
    const deviation = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    // Standard errors: 0.5/√n ≈ 0.0025 for the mean, 0.5/√(2n) ≈ 0.0018 for the deviation.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(deviation - 0.5)).toBeLessThan(0.01);
  });

  it('copies x when stddev = 0 and rejects a negative stddev', () => {
    const x = Float32Array.from([1, -2, 3]);
    const out = new Float32Array(3);
    gaussianNoiseForward(x, out, 3, 0, new Prng(1));
    expect(Array.from(out)).toEqual([1, -2, 3]);
    expect(() => gaussianNoiseForward(x, out, 3, -1, new Prng(1))).toThrow(/stddev -1/);
  });
});

describe('gaussianNoiseBackward', () => {
  it('matches finite differences of Σ w·y with the noise held fixed', () => {
    const n = 6;
    const x = Float32Array.from({ length: n }, (_, i) => i * 0.25 - 0.5);
    const w = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const loss = (values: Float32Array) => {
      const out = new Float32Array(n);
      gaussianNoiseForward(values, out, n, 0.4, new Prng(3)); // the same draws each time
      return out.reduce((sum, v, i) => sum + v * w[i], 0);
    };
    const dx = new Float32Array(n);
    gaussianNoiseBackward(w, dx, n);
    const h = 1e-2;
    for (let i = 0; i < n; i++) {
      const up = Float32Array.from(x);
      const down = Float32Array.from(x);
      up[i] += h;
      down[i] -= h;
      expect(dx[i]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 2);
    }
  });
});
