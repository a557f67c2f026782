// Gaussian noise: in training out = x + ε with ε ~ N(0, stddev²) drawn per value from the caller's
// seeded Prng, in order; inference is the identity. The noise does not depend on x, so the
// backward passes the gradient through unchanged. Its kernel-table row (`gaussianNoiseKernels`,
// the layer protocol of compiler's catalogue/own-op.ts) is declared here, for the op `noise`.

import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

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

/** Values per sample and the noise's standard deviation. */
export interface GaussianNoiseSpec {
  size: number;
  stddev: number;
}

function gaussianNoiseGeometry(spec: GaussianNoiseSpec): GaussianNoiseSpec {
  if (!Number.isInteger(spec.size) || spec.size < 1)
    throw new RangeError(`gaussian noise: size must be a whole number ≥ 1, got ${spec.size}`);
  if (!(spec.stddev >= 0)) throw new RangeError(`gaussian noise stddev ${spec.stddev} is not ≥ 0`);
  return spec;
}

export const gaussianNoiseKernels = kernelRow('noise', {
  geometry: gaussianNoiseGeometry,
  /** Noise while training, a copy otherwise; no weights. */
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    g: GaussianNoiseSpec,
    _weights: readonly Float32Array[],
    training: boolean,
    random: Prng,
  ): void {
    const n = batch * g.size;
    if (training) gaussianNoiseForward(x, y, n, g.stddev, random);
    else y.set(x.subarray(0, n));
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    _x: Float32Array,
    batch: number,
    g: GaussianNoiseSpec,
    _weights: readonly Float32Array[],
    _gradients: readonly Float32Array[],
  ): void {
    if (dx) gaussianNoiseBackward(dy, dx, batch * g.size);
  },
});
