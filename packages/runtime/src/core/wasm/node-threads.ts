// Node's side of the worker pool: setThreads(n) starts n − 1 worker_threads sharing the kernels'
// WebAssembly memory (a browser host would do the same with Web Workers and a Blob URL).
// The only file of the kernels that imports node:*; host code (training, the CLI) calls it.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
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

/** Starts a worker_thread running the pool's worker program. */
export const spawnNodeWorker: SpawnWorker = (source, start) => {
  const worker = new Worker(`${source}\nrun(require('node:worker_threads').workerData);`, {
    eval: true,
    workerData: start,
  });
  // A worker blocked in Atomics.wait must not keep the process alive.
  worker.unref();
  return { terminate: () => void worker.terminate() };
};

/** The machine's cores: what `threads` defaults to in a training run. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Runs large WebAssembly matrix products on `count` threads (this one and count − 1 workers);
 * 1 stops the workers. Results do not depend on the count. The workers start with the first
 * product large enough to split, so a small model never starts any. Without shared WebAssembly
 * memory or SIMD128 everything stays on this thread.
 */
export function setThreads(count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`setThreads(${count}): expected a whole number of threads, at least 1`);
  }
  if (count === threads) return;
  pool?.stop();
  pool = undefined;
  setGemmRunner(null);
  threads = 1;
  if (count > 1 && wasmSimdSupported() && sharedMemorySupported()) {
    threads = count;
    setGemmRunner(startingRunner);
  }
}

/** Runs small products here; starts the pool at the first product worth splitting. */
const startingRunner: GemmRunner = (kernels, args, blocks, panels, k) => {
  if (pool === undefined && !worthSplitting(blocks, panels, k)) {
    kernels.gemm(...args, 0, blocks, 0, panels);
    return;
  }
  pool ??= new WorkerPool(wasmGemm(), threads - 1, spawnNodeWorker);
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
