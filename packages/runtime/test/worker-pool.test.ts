// The worker pool: products split across 1, 2 and 3 threads give bit-identical results (split by
// column panels, and by row blocks when there are fewer panels than threads), equal to the JS
// float64-tile kernels within float32 rounding; a failed worker's share is redone; bad thread
// counts are refused with a clear message.

import { afterAll, describe, expect, it } from 'vitest';
import { wasmSimdSupported, sharedMemorySupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels } from '../src/core/wasm/kernel-choice.js';
import { setGemmRunner, wasmGemm } from '../src/core/wasm/gemm.js';
import {
  getThreads,
  runningWorkers,
  setThreads,
  spawnNodeWorker,
} from '../src/core/wasm/node-threads.js';
import { POOL_MULTIPLY_ADDS, splitByPanels, WorkerPool } from '../src/core/wasm/worker-pool.js';
import { matmulWithOffsets } from '../src/core/matmul.js';
import { matmulTransAWithOffsets, matmulTransBWithOffsets } from '../src/core/matmul-transposed.js';
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
        // A product of other operands first, so stale results in the kernels' memory cannot pass.
        const scratch = new Float32Array(m * n);
        product(randomArray(prng, m * k), 0, randomArray(prng, k * n), 0, scratch, 0, m, k, n);
        const out = new Float32Array(m * n).fill(Number.NaN);
        product(a, 0, b, 0, out, 0, m, k, n);
        expect(runningWorkers()).toBe(threads - 1);
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

  it('a worker that cannot start costs speed, not correctness: its share is redone', () => {
    setKernels('wasm');
    setThreads(1);
    const [m, k, n] = [64, 300, 128];
    const a = randomArray(prng, m * k);
    const b = randomArray(prng, k * n);
    const expected = new Float32Array(m * n);
    matmulWithOffsets(a, 0, b, 0, expected, 0, m, k, n);
    // Another product of the same shape, so the result's memory holds other values.
    const other = new Float32Array(m * n);
    matmulWithOffsets(randomArray(prng, m * k), 0, b, 0, other, 0, m, k, n);
    const pool = new WorkerPool(wasmGemm(), 1, (source, start) =>
      spawnNodeWorker(source, { ...start, bytes: new Uint8Array([0, 1, 2]) }),
    );
    setGemmRunner(pool.runner);
    try {
      const out = new Float32Array(m * n).fill(Number.NaN);
      matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n);
      expect(out).toEqual(expected);
    } finally {
      setGemmRunner(null);
      pool.stop();
    }
  });

  it('refuses a thread count that is not a whole number ≥ 1', () => {
    expect(() => setThreads(0)).toThrow('setThreads(0): expected a whole number of threads');
    expect(() => setThreads(1.5)).toThrow('setThreads(1.5)');
  });
});

describe('how a product is split', () => {
  it('splits the dimension whose shares are more even, panels on a tie', () => {
    // C's 32×1600×100 on 2 threads: 7 panels (4 + 3) against 16 row blocks (8 + 8).
    expect(splitByPanels(16, 7, 2)).toBe(false);
    // B's 64×784×128: 8 panels (4 + 4) against 32 blocks (16 + 16), a tie.
    expect(splitByPanels(32, 8, 2)).toBe(true);
    expect(splitByPanels(35, 9, 3)).toBe(true);
    // Fewer items than threads on one side: the other.
    expect(splitByPanels(1, 3, 2)).toBe(true);
    expect(splitByPanels(400, 1, 2)).toBe(false);
  });
});
