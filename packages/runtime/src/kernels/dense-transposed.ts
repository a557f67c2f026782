// A dense layer whose kernel is another dense layer's, transposed (tied weights: an autoencoder's
// decoder = encoderᵀ). W is the tied layer's kernel [n, k] (n its inputs, k its units); x[batch, k]
// gives y[batch, n] = x · Wᵀ + b. The backward overwrites dW (the caller sums the uses) and db.

import { addBias, matmul, sumRows } from '../core/matmul.js';
import { matmulTransA, matmulTransB } from '../core/matmul-transposed.js';

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
