// Matrix kernels against naive float64 loops on odd sizes (not multiples of the 4×4 tile), with
// and without accumulate and offsets (the dense layer's backward built from them is a row of
// kernel-checks.test.ts).

import { describe, expect, it } from 'vitest';
import { addBias, matmul, matmulWithOffsets, sumRows } from '../src/core/matmul.js';
import {
  matmulTransA,
  matmulTransAWithOffsets,
  matmulTransB,
  matmulTransBWithOffsets,
} from '../src/core/matmul-transposed.js';
import { expectClose, Prng, randomArray } from './helpers.js';

/** Naive out[m, n] = A·B where A(i, p) and B(p, j) read through accessors. */
function naiveProduct(
  m: number,
  k: number,
  n: number,
  aAt: (i: number, p: number) => number,
  bAt: (p: number, j: number) => number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += aAt(i, p) * bAt(p, j);
      out[i * n + j] = sum;
    }
  }
  return out;
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [17, 33, 9],
  [8, 1, 12],
  [5, 16, 1],
  [2, 3, 4],
  [32, 20, 10],
];

const TOLERANCE = { relative: 1e-5, absolute: 1e-5 };

describe('matmul family on odd sizes', () => {
  const prng = new Prng(100);
  for (const [m, k, n] of SIZES) {
    it(`matmul ${m}×${k}×${n}, overwriting and accumulating`, () => {
      const a = randomArray(prng, m * k);
      const b = randomArray(prng, k * n);
      const expected = naiveProduct(
        m,
        k,
        n,
        (i, p) => a[i * k + p],
        (p, j) => b[p * n + j],
      );
      const out = new Float32Array(m * n).fill(Number.NaN);
      matmul(a, b, out, m, k, n);
      expectClose(out, expected, TOLERANCE, 'a·b');
      const start = randomArray(prng, m * n);
      const accumulated = start.slice();
      matmul(a, b, accumulated, m, k, n, true);
      expectClose(
        accumulated,
        expected.map((v, i) => v + start[i]),
        TOLERANCE,
        'out + a·b',
      );
    });

    it(`matmulTransA ${m}×${k}×${n} (a stored [k, m])`, () => {
      const a = randomArray(prng, k * m);
      const b = randomArray(prng, k * n);
      const expected = naiveProduct(
        m,
        k,
        n,
        (i, p) => a[p * m + i],
        (p, j) => b[p * n + j],
      );
      const out = new Float32Array(m * n).fill(Number.NaN);
      matmulTransA(a, b, out, m, k, n);
      expectClose(out, expected, TOLERANCE, 'aᵀ·b');
      const start = randomArray(prng, m * n);
      const accumulated = start.slice();
      matmulTransA(a, b, accumulated, m, k, n, true);
      expectClose(
        accumulated,
        expected.map((v, i) => v + start[i]),
        TOLERANCE,
        'out + aᵀ·b',
      );
    });

    it(`matmulTransB ${m}×${k}×${n} (b stored [n, k])`, () => {
      const a = randomArray(prng, m * k);
      const b = randomArray(prng, n * k);
      const expected = naiveProduct(
        m,
        k,
        n,
        (i, p) => a[i * k + p],
        (p, j) => b[j * k + p],
      );
      const out = new Float32Array(m * n).fill(Number.NaN);
      matmulTransB(a, b, out, m, k, n);
      expectClose(out, expected, TOLERANCE, 'a·bᵀ');
      const start = randomArray(prng, m * n);
      const accumulated = start.slice();
      matmulTransB(a, b, accumulated, m, k, n, true);
      expectClose(
        accumulated,
        expected.map((v, i) => v + start[i]),
        TOLERANCE,
        'out + a·bᵀ',
      );
    });
  }

  it('reads and writes only the sub-blocks given by offsets', () => {
    const [m, k, n] = [6, 7, 5];
    const a = randomArray(prng, 3 + m * k + 2);
    const b = randomArray(prng, 4 + k * n);
    const expected = naiveProduct(
      m,
      k,
      n,
      (i, p) => a[3 + i * k + p],
      (p, j) => b[4 + p * n + j],
    );
    const out = new Float32Array(2 + m * n + 3).fill(-7);
    matmulWithOffsets(a, 3, b, 4, out, 2, m, k, n);
    expectClose(out.subarray(2, 2 + m * n), expected, TOLERANCE, 'offset a·b');
    expect([out[0], out[1], out[2 + m * n], out[out.length - 1]]).toEqual([-7, -7, -7, -7]);

    const aT = randomArray(prng, 1 + k * m);
    const expectedT = naiveProduct(
      m,
      k,
      n,
      (i, p) => aT[1 + p * m + i],
      (p, j) => b[4 + p * n + j],
    );
    out.fill(-7);
    matmulTransAWithOffsets(aT, 1, b, 4, out, 2, m, k, n);
    expectClose(out.subarray(2, 2 + m * n), expectedT, TOLERANCE, 'offset aᵀ·b');
    expect([out[1], out[2 + m * n]]).toEqual([-7, -7]);

    const bT = randomArray(prng, 5 + n * k);
    const expectedB = naiveProduct(
      m,
      k,
      n,
      (i, p) => a[3 + i * k + p],
      (p, j) => bT[5 + j * k + p],
    );
    out.fill(-7);
    matmulTransBWithOffsets(a, 3, bT, 5, out, 2, m, k, n);
    expectClose(out.subarray(2, 2 + m * n), expectedB, TOLERANCE, 'offset a·bᵀ');
    expect([out[1], out[2 + m * n]]).toEqual([-7, -7]);
  });

  it('addBias adds the bias to every row; sumRows sums the rows', () => {
    for (const [m, n] of [
      [1, 1],
      [3, 7],
      [9, 4],
      [5, 13],
    ] as const) {
      const out = randomArray(prng, m * n);
      const bias = randomArray(prng, n);
      const expected = Array.from(out, (v, index) => v + bias[index % n]);
      addBias(out, bias, m, n);
      expectClose(out, expected, TOLERANCE, 'addBias');

      const dy = randomArray(prng, m * n);
      const sums = new Float64Array(n);
      for (let i = 0; i < m * n; i++) sums[i % n] += dy[i];
      const db = new Float32Array(n).fill(Number.NaN);
      sumRows(dy, db, m, n);
      expectClose(db, sums, TOLERANCE, 'sumRows');
      sumRows(dy, db, m, n, true);
      expectClose(
        db,
        sums.map((v) => 2 * v),
        TOLERANCE,
        'sumRows accumulate',
      );
    }
  });
});
