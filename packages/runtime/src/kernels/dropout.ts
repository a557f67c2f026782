// Inverted dropout: in training each value is kept with probability 1 − rate and scaled by
// 1/(1 − rate), so inference is the identity. The mask (0 or the scale) is kept for the backward;
// draws come from the caller's seeded Prng, one per value, in order.

import type { Prng } from '../core/prng.js';

/** out = x·mask with mask_i = 1/(1 − rate) when the draw u_i >= rate, else 0. */
export function dropoutForward(
  x: Float32Array,
  out: Float32Array,
  mask: Float32Array,
  n: number,
  rate: number,
  prng: Prng,
): void {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`dropout rate ${rate} is not in [0, 1]`);
  const scale = rate < 1 ? 1 / (1 - rate) : 0;
  if (draws.length < n) draws = new Float64Array(n);
  prng.fillUniform(draws, n);
  for (let i = 0; i < n; i++) {
    const keep = draws[i] >= rate ? scale : 0;
    mask[i] = keep;
    out[i] = x[i] * keep;
  }
}

/** The draws of the latest forward (nextFloat's values, one per value), grown as needed. */
let draws = new Float64Array(0);

/** dx = dy·mask. */
export function dropoutBackward(
  dy: Float32Array,
  mask: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
}
