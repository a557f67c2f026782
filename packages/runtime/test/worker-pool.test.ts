// The worker pool: products split across 1, 2 and 3 threads give bit-identical results (split by
// column panels, and by row blocks when there are fewer panels than threads), equal to the JS
// float64-tile kernels within float32 rounding; bad thread counts are refused with a clear message.

import { afterAll, describe, expect, it } from 'vitest';
import { wasmSimdSupported, sharedMemorySupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels } from '../src/core/wasm/kernel-choice.js';
import { getThreads, setThreads } from '../src/core/wasm/node-threads.js';
import { POOL_MULTIPLY_ADDS } from '../src/core/wasm/worker-pool.js';
import { matmulWithOffsets } from '../src/matmul.js';
import { matmulTransAWithOffsets, matmulTransBWithOffsets } from '../src/matmul-transposed.js';
import { expectClose, Prng, randomArray } from './helpers.js';

const initialChoice = getKernels();
afterAll(() => {
  setThreads(1);
  setKernels(initialChoice);
});

const CASES: [string, typeof matmulWithOffsets, number, number, number][] = [
  ['a·b', matmulWithOffsets, 70, 300, 130],
  ['aᵀ·b', matmulTransAWithOffsets, 301, 64, 100],
  ['a·bᵀ', matmulTransBWithOffsets, 64, 129, 301],
  ['a·b with one column panel (split by rows)', matmulWithOffsets, 257, 400, 10],
];

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())('worker pool', () => {
  const prng = new Prng(77);
  for (const [name, product, m, k, n] of CASES) {
    it(`${name} ${m}×${k}×${n}: 1, 2 and 3 threads agree bit for bit and with the JS kernels`, () => {
      expect(m * k * n).toBeGreaterThan(POOL_MULTIPLY_ADDS);
      setKernels('wasm');
      const a = randomArray(prng, m * k);
      const b = randomArray(prng, k * n);
      const outputs = [1, 2, 3].map((threads) => {
        setThreads(threads);
        expect(getThreads()).toBe(threads);
        const out = new Float32Array(m * n).fill(Number.NaN);
        product(a, 0, b, 0, out, 0, m, k, n);
        return out;
      });
      expect(outputs[1]).toEqual(outputs[0]);
      expect(outputs[2]).toEqual(outputs[0]);
      setKernels('js');
      setThreads(1);
      const reference = new Float32Array(m * n);
      product(a, 0, b, 0, reference, 0, m, k, n);
      expectClose(outputs[1], reference, { relative: 1e-4, absolute: 1e-4 }, `${name} vs js`);
    });
  }

  it('refuses a thread count that is not a whole number ≥ 1', () => {
    expect(() => setThreads(0)).toThrow('setThreads(0): expected a whole number of threads');
    expect(() => setThreads(1.5)).toThrow('setThreads(1.5)');
  });
});
