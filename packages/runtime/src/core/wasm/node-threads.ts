// Node's side of the worker pool: setThreads(n) starts n − 1 worker_threads sharing the kernels'
// WebAssembly memory (browser-threads.ts does the same with Web Workers and a Blob URL).
// The only file of the kernels that imports node:*; host code (training, the CLI) calls it.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setThreadsWith } from './thread-control.js';
import type { SpawnWorker } from './worker-pool.js';

export { getThreads, poolStatistics, runningWorkers } from './thread-control.js';

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
 * Runs large WebAssembly matrix products on `count` threads (this one and count − 1
 * worker_threads); 1 stops the workers. Results do not depend on the count (thread-control.ts).
 */
export function setThreads(count: number): void {
  setThreadsWith(count, spawnNodeWorker);
}
