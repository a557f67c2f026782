// The transposed products backward passes need, on row-major Float32Arrays:
// matmulTransA: out[m, n] = aᵀ · b with a stored [k, m] (dW = xᵀ · dy);
// matmulTransB: out[m, n] = a · bᵀ with b stored [n, k] (dx = dy · Wᵀ). Float64 4×4 tiles.

import { wasmProduct } from './wasm/gemm.js';
import { useWasmProduct } from './wasm/kernel-choice.js';
import { storeColumn, storeRow, storeTile } from './matmul-store.js';

/** out[m, n] (=|+=) aᵀ · b where a is stored [k, m] and b is [k, n]. */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  matmulTransAWithOffsets(a, 0, b, 0, out, 0, m, k, n, accumulate);
}

/** `matmulTransA` on sub-blocks starting at the given offsets. */
export function matmulTransAWithOffsets(
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
    wasmProduct('tn', a, aOffset, b, bOffset, out, outOffset, m, k, n, accumulate, null);
    return;
  }
  const mTiled = m - (m % 4);
  const nTiled = n - (n % 4);
  for (let i = 0; i < mTiled; i += 4) {
    for (let j = 0; j < nTiled; j += 4) {
      // prettier-ignore
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0,
          c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let aIndex = aOffset + i;
      let bIndex = bOffset + j;
      // prettier-ignore
      for (let p = 0; p < k; p++) {
        const a0 = a[aIndex], a1 = a[aIndex + 1], a2 = a[aIndex + 2], a3 = a[aIndex + 3];
        const b0 = b[bIndex], b1 = b[bIndex + 1], b2 = b[bIndex + 2], b3 = b[bIndex + 3];
        aIndex += m;
        bIndex += n;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      // prettier-ignore
      storeTile(out, outOffset + i * n + j, n, accumulate,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
    }
    for (let j = nTiled; j < n; j++) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let aIndex = aOffset + i;
      let bIndex = bOffset + j;
      for (let p = 0; p < k; p++) {
        const bv = b[bIndex];
        c0 += a[aIndex] * bv;
        c1 += a[aIndex + 1] * bv;
        c2 += a[aIndex + 2] * bv;
        c3 += a[aIndex + 3] * bv;
        aIndex += m;
        bIndex += n;
      }
      storeColumn(out, outOffset + i * n + j, n, accumulate, c0, c1, c2, c3);
    }
  }
  for (let i = mTiled; i < m; i++) {
    const outRow = outOffset + i * n;
    for (let j = 0; j < nTiled; j += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let aIndex = aOffset + i;
      let bIndex = bOffset + j;
      for (let p = 0; p < k; p++) {
        const av = a[aIndex];
        c0 += av * b[bIndex];
        c1 += av * b[bIndex + 1];
        c2 += av * b[bIndex + 2];
        c3 += av * b[bIndex + 3];
        aIndex += m;
        bIndex += n;
      }
      storeRow(out, outRow + j, accumulate, c0, c1, c2, c3);
    }
    for (let j = nTiled; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aOffset + p * m + i] * b[bOffset + p * n + j];
      out[outRow + j] = accumulate ? out[outRow + j] + sum : sum;
    }
  }
}

/** out[m, n] (=|+=) a · bᵀ where a is [m, k] and b is stored [n, k]. */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  matmulTransBWithOffsets(a, 0, b, 0, out, 0, m, k, n, accumulate);
}

/** `matmulTransB` on sub-blocks starting at the given offsets. */
export function matmulTransBWithOffsets(
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
    wasmProduct('nt', a, aOffset, b, bOffset, out, outOffset, m, k, n, accumulate, null);
    return;
  }
  const mTiled = m - (m % 4);
  const nTiled = n - (n % 4);
  for (let i = 0; i < mTiled; i += 4) {
    const aRow0 = aOffset + i * k;
    const aRow1 = aRow0 + k;
    const aRow2 = aRow1 + k;
    const aRow3 = aRow2 + k;
    for (let j = 0; j < nTiled; j += 4) {
      const bRow0 = bOffset + j * k;
      const bRow1 = bRow0 + k;
      const bRow2 = bRow1 + k;
      const bRow3 = bRow2 + k;
      // prettier-ignore
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0,
          c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      // prettier-ignore
      for (let p = 0; p < k; p++) {
        const b0 = b[bRow0 + p], b1 = b[bRow1 + p], b2 = b[bRow2 + p], b3 = b[bRow3 + p];
        let av = a[aRow0 + p];
        c00 += av * b0; c01 += av * b1; c02 += av * b2; c03 += av * b3;
        av = a[aRow1 + p];
        c10 += av * b0; c11 += av * b1; c12 += av * b2; c13 += av * b3;
        av = a[aRow2 + p];
        c20 += av * b0; c21 += av * b1; c22 += av * b2; c23 += av * b3;
        av = a[aRow3 + p];
        c30 += av * b0; c31 += av * b1; c32 += av * b2; c33 += av * b3;
      }
      // prettier-ignore
      storeTile(out, outOffset + i * n + j, n, accumulate,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
    }
    for (let j = nTiled; j < n; j++) {
      const bRow = bOffset + j * k;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let p = 0; p < k; p++) {
        const bv = b[bRow + p];
        c0 += a[aRow0 + p] * bv;
        c1 += a[aRow1 + p] * bv;
        c2 += a[aRow2 + p] * bv;
        c3 += a[aRow3 + p] * bv;
      }
      storeColumn(out, outOffset + i * n + j, n, accumulate, c0, c1, c2, c3);
    }
  }
  for (let i = mTiled; i < m; i++) {
    const aRow = aOffset + i * k;
    const outRow = outOffset + i * n;
    for (let j = 0; j < n; j++) {
      const bRow = bOffset + j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p] * b[bRow + p];
      out[outRow + j] = accumulate ? out[outRow + j] + sum : sum;
    }
  }
}
