// @nnet/runtime/train: the host side of the runtime, for Node only: data sources (files, MNIST,
// CSV, IDX, JSON, toy sets), splitting and batching, the training driver, evaluation,
// safetensors checkpoints, progress and plots. Generated modules never import it.

export * from './index.js';
export * from './data/index.js';
export * from './training/index.js';
// The worker pool's Node host (node:worker_threads); @nnet/runtime has the Web Worker host.
export {
  defaultThreads,
  getThreads,
  poolStatistics,
  setThreads,
} from './core/wasm/node-threads.js';
export type { PoolStatistics } from './core/wasm/worker-pool.js';
export * from './report/index.js';
