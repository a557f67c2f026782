// The worker pool: products whose chunks 1, 2 and 3 threads claim (or workers alone) give bit-identical
// results, equal to the JS kernels within float32 rounding; a worker that cannot start leaves its
// chunks to the caller; bad thread counts are refused; how products are cut into chunks.

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
import {
  chunkTiles,
  CHUNK_MULTIPLY_ADDS,
  CHUNKS_PER_THREAD,
  POOL_MULTIPLY_ADDS,
  WorkerPool,
} from '../src/core/wasm/worker-pool.js';
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
  ['a·b with one column panel', matmulWithOffsets, 257, 400, 10],
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

  it('a worker that cannot start costs speed, not correctness: the caller runs its chunks', () => {
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

  it('workers alone (the caller claims no chunk) give the same bits as one thread', () => {
    setKernels('wasm');
    setThreads(1);
    for (const [name, product, m, k, n] of CASES) {
      const a = randomArray(prng, m * k);
      const b = randomArray(prng, k * n);
      const expected = new Float32Array(m * n);
      product(a, 0, b, 0, expected, 0, m, k, n);
      const pool = new WorkerPool(wasmGemm(), 2, spawnNodeWorker, { callerClaims: false });
      setGemmRunner(pool.runner);
      try {
        const out = new Float32Array(m * n).fill(Number.NaN);
        product(a, 0, b, 0, out, 0, m, k, n);
        expect(out, name).toEqual(expected);
      } finally {
        setGemmRunner(null);
        pool.stop();
      }
    }
  });

  it('a worker that wakes late, after several products, claims only chunks of the current one', () => {
    setKernels('wasm');
    setThreads(1);
    const [m, k, n] = [70, 300, 130];
    const operands = Array.from({ length: 16 }, () => [
      randomArray(prng, m * k),
      randomArray(prng, k * n),
    ]);
    const expected = operands.map(([a, b]) => {
      const out = new Float32Array(m * n);
      matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n);
      return out;
    });
    // The worker sleeps 3 ms (Atomics.wait with a timeout) before it starts waiting for jobs.
    const pool = new WorkerPool(wasmGemm(), 1, (source, start) =>
      spawnNodeWorker(
        `${source}\nconst original = run;\nrun = (start) => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3); original(start); };`,
        start,
      ),
    );
    setGemmRunner(pool.runner);
    try {
      operands.forEach(([a, b], index) => {
        const out = new Float32Array(m * n).fill(Number.NaN);
        matmulWithOffsets(a, 0, b, 0, out, 0, m, k, n);
        expect(out, `product ${index}`).toEqual(expected[index]);
      });
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

describe('how a product is cut into chunks', () => {
  it('gives each thread several chunks, none smaller than CHUNK_MULTIPLY_ADDS', () => {
    // B's 64×784×128 (32 row blocks × 8 panels of 2×16 tiles) on 2 threads: 16 chunks of 16 tiles.
    expect(chunkTiles(32, 8, 784, 2)).toBe((32 * 8) / (2 * CHUNKS_PER_THREAD));
    // k = 64: a tile is 2·16·64 multiply-adds, so a chunk needs 32 tiles to reach the minimum.
    expect(chunkTiles(392, 8, 64, 2)).toBe((392 * 8) / (2 * CHUNKS_PER_THREAD));
    // k = 64 and few tiles: a chunk takes 32 tiles (2·16·64 multiply-adds each) to reach the minimum.
    expect(chunkTiles(40, 2, 64, 2)).toBe(CHUNK_MULTIPLY_ADDS / (2 * 16 * 64));
    // Never more tiles than the product has, never less than one.
    expect(chunkTiles(1, 1, 10, 2)).toBe(1);
    expect(chunkTiles(3, 2, 1, 4)).toBe(6);
  });
});
