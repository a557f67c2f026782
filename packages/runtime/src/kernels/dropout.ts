// Inverted dropout: in training each value is kept with probability 1 − rate and scaled by
// 1/(1 − rate), so inference is the identity. The mask (0 or the scale) is kept for the backward;
// draws come from the caller's seeded Prng, one per value, in order. Its kernel-table row
// (`invertedDropoutKernels`, the layer protocol with state: the mask) is declared here.

import type { Prng } from '../core/prng.js';
import { checkStateHolds, growState, type KernelState } from '../core/state.js';
import { kernelRow } from './row.js';

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

/** Values per sample and the rate. */
export interface DropoutSpec {
  size: number;
  rate: number;
}

/** The spec and the mask of the latest training forward, for `capacity` samples. */
export interface DropoutState extends DropoutSpec, KernelState {
  mask: Float32Array;
}

export function createDropoutState(spec: DropoutSpec, capacity = 0): DropoutState {
  if (!Number.isInteger(spec.size) || spec.size < 1)
    throw new RangeError(`dropout: size must be a whole number ≥ 1, got ${spec.size}`);
  if (!(spec.rate >= 0 && spec.rate <= 1))
    throw new RangeError(`dropout rate ${spec.rate} is not in [0, 1]`);
  return { ...spec, capacity, mask: new Float32Array(capacity * spec.size) };
}

export const invertedDropoutKernels = kernelRow('inverted_dropout', {
  createState: createDropoutState,
  /** Masks and scales while training (keeping the mask), a copy otherwise. */
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    state: DropoutState,
    _weights: readonly Float32Array[],
    training: boolean,
    random: Prng,
  ): void {
    const n = batch * state.size;
    if (!training) {
      y.set(x.subarray(0, n));
      return;
    }
    growState(state, batch, (capacity) => ({ mask: new Float32Array(capacity * state.size) }));
    dropoutForward(x, y, state.mask, n, state.rate, random);
  },
  /** dx = dy·mask of the latest training forward. */
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    _x: Float32Array,
    batch: number,
    state: DropoutState,
    _weights: readonly Float32Array[],
    _gradients: readonly Float32Array[],
  ): void {
    checkStateHolds('inverted dropout', batch, state);
    if (dx) dropoutBackward(dy, state.mask, dx, batch * state.size);
  },
});
