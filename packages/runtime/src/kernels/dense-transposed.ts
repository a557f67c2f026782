// A dense layer whose kernel is another dense layer's, transposed (tied weights: an autoencoder's
// decoder = encoderᵀ). W is the tied layer's kernel [n, k] (n its inputs, k its units); x[batch, k]
// gives y[batch, n] = x · Wᵀ + b. The backward overwrites dW (the caller sums the uses) and db.
// Its kernel-table row (`transposedDenseKernels`, the layer protocol: weights [W, b]) is below.

import { addBias, matmul, sumRows } from '../core/matmul.js';
import { matmulTransA, matmulTransB } from '../core/matmul-transposed.js';
import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

/** y[batch, n] = x[batch, k] · W[n, k]ᵀ + bias[n] (bias null: none). */
export function denseTransposedForward(
  x: Float32Array,
  weights: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
  batch: number,
  k: number,
  n: number,
): void {
  matmulTransB(x, weights, y, batch, k, n);
  if (bias) addBias(y, bias, batch, n);
}

/** dW[n, k] = dyᵀ · x, db = Σ rows of dy, and dx[batch, k] = dy · W when dx is given. */
export function denseTransposedBackward(
  x: Float32Array,
  weights: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dWeights: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  k: number,
  n: number,
): void {
  matmulTransA(dy, x, dWeights, n, batch, k);
  if (dBias) sumRows(dy, dBias, batch, n);
  if (dx) matmul(dy, weights, dx, batch, n, k);
}

/** The sizes of x (`inputs`, k: the tied layer's units) and of y (`units`, n: its inputs). */
export interface TransposedDenseSpec {
  inputs: number;
  units: number;
}

export function transposedDenseGeometry(spec: TransposedDenseSpec): TransposedDenseSpec {
  for (const name of ['inputs', 'units'] as const)
    if (!Number.isInteger(spec[name]) || spec[name] < 1)
      throw new RangeError(
        `transposed dense: ${name} must be a whole number ≥ 1, got ${spec[name]}`,
      );
  return spec;
}

/**
 * The kernel-table row of the IR op `transposed_dense`: the layer protocol, weights [W, b] with W
 * the tied layer's kernel (b null without a bias). The backward overwrites dW, db and dx.
 */
export const transposedDenseKernels = kernelRow('transposed_dense', {
  geometry: transposedDenseGeometry,
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    g: TransposedDenseSpec,
    [weights, bias]: readonly (Float32Array | null)[],
    _training: boolean,
    _random: Prng,
  ): void {
    denseTransposedForward(x, weights!, bias, y, batch, g.inputs, g.units);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    x: Float32Array,
    batch: number,
    g: TransposedDenseSpec,
    [weights]: readonly (Float32Array | null)[],
    [dWeights, dBias]: readonly (Float32Array | null)[],
  ): void {
    denseTransposedBackward(x, weights!, dy, dx, dWeights!, dBias, batch, g.inputs, g.units);
  },
});
