// Root-mean-square normalization over the last axis of x[rows, features] (Zhang & Sennrich 2019):
// y = x / √(mean(x²) + ε) · γ per row, γ [features] learned. The backward overwrites dx and dγ.
// Its kernel-table row (`rmsNormKernels`, the layer protocol: one weight, γ) is declared here.

import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

/** Rows per sample (every axis but the last), features (the last axis), and ε. */
export interface RmsNormSpec {
  rows: number;
  features: number;
  epsilon: number;
}

export function rmsNormGeometry(spec: RmsNormSpec): RmsNormSpec {
  for (const name of ['rows', 'features'] as const)
    if (!Number.isInteger(spec[name]) || spec[name] < 1)
      throw new RangeError(
        `rms normalization: ${name} must be a whole number ≥ 1, got ${spec[name]}`,
      );
  if (!(spec.epsilon > 0))
    throw new RangeError(`rms normalization: epsilon must be > 0, got ${spec.epsilon}`);
  return spec;
}

/** 1 / √(mean of the row's squares + ε), in float64. */
function inverseRms(x: Float32Array, start: number, features: number, epsilon: number): number {
  let squares = 0;
  for (let j = 0; j < features; j++) squares += x[start + j] * x[start + j];
  return 1 / Math.sqrt(squares / features + epsilon);
}

/** y[r, j] = x[r, j] · r⁻¹ · γ[j], r = √(mean_j x[r, j]² + ε), for batch · rows rows. */
export function rmsNormForward(
  x: Float32Array,
  gamma: Float32Array,
  y: Float32Array,
  batch: number,
  g: RmsNormSpec,
): void {
  const { features, epsilon } = g;
  for (let row = 0; row < batch * g.rows; row++) {
    const start = row * features;
    const inverse = inverseRms(x, start, features, epsilon);
    for (let j = 0; j < features; j++) y[start + j] = x[start + j] * inverse * gamma[j];
  }
}

/**
 * With u = dy ⊙ γ and s = r⁻¹: dx = s·(u − x · s² · mean(u ⊙ x)) (dx may be null), and
 * dγ[j] = Σ_rows dy · x · s (overwritten).
 */
export function rmsNormBackward(
  dy: Float32Array,
  dx: Float32Array | null,
  x: Float32Array,
  gamma: Float32Array,
  dGamma: Float32Array,
  batch: number,
  g: RmsNormSpec,
): void {
  const { features, epsilon } = g;
  dGamma.fill(0, 0, features);
  for (let row = 0; row < batch * g.rows; row++) {
    const start = row * features;
    const inverse = inverseRms(x, start, features, epsilon);
    let projection = 0;
    for (let j = 0; j < features; j++) {
      const [value, upstream] = [x[start + j], dy[start + j]];
      dGamma[j] += upstream * value * inverse;
      projection += upstream * gamma[j] * value;
    }
    if (!dx) continue;
    const correction = (inverse * inverse * projection) / features;
    for (let j = 0; j < features; j++)
      dx[start + j] = inverse * (dy[start + j] * gamma[j] - x[start + j] * correction);
  }
}

/** The kernel-table row of the IR op `rms_norm`: the layer protocol, its one weight γ. */
export const rmsNormKernels = kernelRow('rms_norm', {
  geometry: rmsNormGeometry,
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    g: RmsNormSpec,
    [gamma]: readonly Float32Array[],
    _training: boolean,
    _random: Prng,
  ): void {
    rmsNormForward(x, gamma, y, batch, g);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    x: Float32Array,
    batch: number,
    g: RmsNormSpec,
    [gamma]: readonly Float32Array[],
    [dGamma]: readonly Float32Array[],
  ): void {
    rmsNormBackward(dy, dx, x, gamma, dGamma, batch, g);
  },
});
