// Gaussian noise: in training out = x + ε with ε ~ N(0, stddev²) drawn per value from the caller's
// seeded Prng, in order; inference is the identity. The noise does not depend on x, so the
// backward passes the gradient through unchanged.

import type { Prng } from '../core/prng.js';

/** out_i = x_i + stddev · z_i, z_i ~ N(0, 1); stddev = 0 copies x and draws nothing. */
export function gaussianNoiseForward(
  x: Float32Array,
  out: Float32Array,
  n: number,
  stddev: number,
  prng: Prng,
): void {
  if (!(stddev >= 0)) throw new RangeError(`gaussian noise stddev ${stddev} is not ≥ 0`);
  if (stddev === 0) {
    out.set(x.subarray(0, n));
    return;
  }
  for (let i = 0; i < n; i++) out[i] = x[i] + prng.normal(0, stddev);
}

/** dx = dy: ∂(x + ε)/∂x = 1. */
export function gaussianNoiseBackward(dy: Float32Array, dx: Float32Array, n: number): void {
  dx.set(dy.subarray(0, n));
}
