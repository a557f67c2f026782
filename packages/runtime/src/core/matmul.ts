// Matrix products on row-major Float32Arrays: out[m, n] = a[m, k] · b[k, n], plus bias add and
// row sums. Sums run in float64 locals over 4×4 tiles and are stored once; nothing is allocated.
// With `accumulate` the product is added to `out` instead of overwriting it.

import { wasmProduct } from './wasm/gemm.js';
import { useWasmProduct } from './wasm/kernel-choice.js';
import { storeColumn, storeRow, storeTile } from './matmul-store.js';

/** out[m, n] (=|+=) a[m, k] · b[k, n]. */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n, accumulate);
}

/** `matmul` on sub-blocks: a starts at aOffset, b at bOffset, out at outOffset. */
export function matmulWithOffsets(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  out: Float32Array,
  outOffset: number,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (useWasmProduct(m, k, n)) {
    wasmProduct('nn', a, aOffset, b, bOffset, out, outOffset, m, k, n, accumulate, null);
    return;
  }
  const mTiled = m - (m % 4);
  const nTiled = n - (n % 4);
  for (let i = 0; i < mTiled; i += 4) {
    const row0 = aOffset + i * k;
    const row1 = row0 + k;
    const row2 = row1 + k;
    const row3 = row2 + k;
    for (let j = 0; j < nTiled; j += 4) {
      // prettier-ignore
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0,
          c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let bIndex = bOffset + j;
      // prettier-ignore
      for (let p = 0; p < k; p++) {
        const b0 = b[bIndex], b1 = b[bIndex + 1], b2 = b[bIndex + 2], b3 = b[bIndex + 3];
        bIndex += n;
        let av = a[row0 + p];
        c00 += av * b0; c01 += av * b1; c02 += av * b2; c03 += av * b3;
        av = a[row1 + p];
        c10 += av * b0; c11 += av * b1; c12 += av * b2; c13 += av * b3;
        av = a[row2 + p];
        c20 += av * b0; c21 += av * b1; c22 += av * b2; c23 += av * b3;
        av = a[row3 + p];
        c30 += av * b0; c31 += av * b1; c32 += av * b2; c33 += av * b3;
      }
      // prettier-ignore
      storeTile(out, outOffset + i * n + j, n, accumulate,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
    }
    // Leftover columns of this band of 4 rows: a 4×1 tile each.
    for (let j = nTiled; j < n; j++) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let bIndex = bOffset + j;
      for (let p = 0; p < k; p++) {
        const bv = b[bIndex];
        bIndex += n;
        c0 += a[row0 + p] * bv;
        c1 += a[row1 + p] * bv;
        c2 += a[row2 + p] * bv;
        c3 += a[row3 + p] * bv;
      }
      storeColumn(out, outOffset + i * n + j, n, accumulate, c0, c1, c2, c3);
    }
  }
  // Leftover rows: a 1×4 tile across the row, then single dots.
  for (let i = mTiled; i < m; i++) {
    const row = aOffset + i * k;
    const outRow = outOffset + i * n;
    for (let j = 0; j < nTiled; j += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let bIndex = bOffset + j;
      for (let p = 0; p < k; p++) {
        const av = a[row + p];
        c0 += av * b[bIndex];
        c1 += av * b[bIndex + 1];
        c2 += av * b[bIndex + 2];
        c3 += av * b[bIndex + 3];
        bIndex += n;
      }
      storeRow(out, outRow + j, accumulate, c0, c1, c2, c3);
    }
    for (let j = nTiled; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[row + p] * b[bOffset + p * n + j];
      out[outRow + j] = accumulate ? out[outRow + j] + sum : sum;
    }
  }
}

/** out[i, j] += bias[j] for every row i of out[m, n]. */
export function addBias(out: Float32Array, bias: Float32Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[row + j] += bias[j];
  }
}

/** out[j] (=|+=) Σ_i dy[i, j] over the m rows of dy[m, n]: the bias gradient. */
export function sumRows(
  dy: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  accumulate = false,
): void {
  // Four columns at a time in float64 locals, one store each.
  const nTiled = n - (n % 4);
  for (let j = 0; j < nTiled; j += 4) {
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    for (let index = j; index < m * n; index += n) {
      c0 += dy[index];
      c1 += dy[index + 1];
      c2 += dy[index + 2];
      c3 += dy[index + 3];
    }
    storeRow(out, j, accumulate, c0, c1, c2, c3);
  }
  for (let j = nTiled; j < n; j++) {
    let sum = 0;
    for (let index = j; index < m * n; index += n) sum += dy[index];
    out[j] = accumulate ? out[j] + sum : sum;
  }
}
