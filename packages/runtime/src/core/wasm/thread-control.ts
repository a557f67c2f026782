// How many threads the WebAssembly products run on, whatever the host: setThreadsWith(n, spawn)
// starts n − 1 workers through the host's `spawn` (node-threads.ts, browser-threads.ts) at the
// first product worth splitting, and routes the products through their pool. Browser-safe.

import { setGemmRunner, wasmGemm, type GemmRunner } from './gemm.js';
import { sharedMemorySupported, wasmSimdSupported } from './host-api.js';
import {
  worthSplitting,
  WorkerPool,
  type PoolStatistics,
  type SpawnWorker,
} from './worker-pool.js';

let pool: WorkerPool | undefined;
let threads = 1;
let spawnWorker: SpawnWorker | undefined;

/**
 * Runs large WebAssembly matrix products on `count` threads (this one and count − 1 workers
 * started with `spawn`); 1 stops the workers. Results do not depend on the count. The workers
 * start with the first product large enough to split, so a small model never starts any. Without
 * shared WebAssembly memory or SIMD128 everything stays on this thread.
 */
export function setThreadsWith(count: number, spawn: SpawnWorker): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`setThreads(${count}): expected a whole number of threads, at least 1`);
  }
  if (count === threads && (count === 1 || spawn === spawnWorker)) return;
  pool?.stop();
  pool = undefined;
  setGemmRunner(null);
  threads = 1;
  spawnWorker = undefined;
  if (count > 1 && wasmSimdSupported() && sharedMemorySupported()) {
    threads = count;
    spawnWorker = spawn;
    setGemmRunner(startingRunner);
  }
}

/** Runs small products here; starts the pool at the first product worth splitting. */
const startingRunner: GemmRunner = (kernels, args, blocks, panels, k) => {
  if (pool === undefined && !worthSplitting(blocks, panels, k)) {
    kernels.gemm(...args, 0, blocks, 0, panels);
    return;
  }
  pool ??= new WorkerPool(wasmGemm(), threads - 1, spawnWorker!);
  pool.runner(kernels, args, blocks, panels, k);
};

/** The threads products run on (1 when no pool is running). */
export function getThreads(): number {
  return threads;
}

/** Workers started so far (they start with the first product worth splitting). */
export function runningWorkers(): number {
  return pool?.workerCount ?? 0;
}

/** How the running pool shared its products' chunks so far (undefined when none runs). */
export function poolStatistics(): PoolStatistics | undefined {
  return pool?.statistics();
}
