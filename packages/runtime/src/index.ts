// @nnet/runtime: the browser-safe entry generated nnet modules import — kernels, activations,
// losses, optimizers, initializers, metrics, prng, the compiled-model contract. No `node:*`
// import is reachable from here (test/entries.test.ts); host code is in train.ts. Float32Array in
// batch-major row-major layouts; kernels write into caller-owned buffers and allocate nothing.

export * from './core/prng.js';
export * from './core/matmul.js';
export * from './core/matmul-transposed.js';
export * from './core/erf.js';
export * from './activations/elementwise.js';
export * from './kernels/softmax.js';
export * from './kernels/prelu.js';
export * from './activations/table.js';
export * from './losses/types.js';
export * from './losses/regression.js';
export * from './losses/cross-entropy.js';
export * from './losses/margin.js';
export * from './losses/table.js';
export * from './losses/weighted.js';
export * from './losses/row-loss.js';
export * from './boost/samme.js';
export * from './optimizers/types.js';
export * from './optimizers/sgd-adagrad-rmsprop.js';
export * from './optimizers/adam.js';
export * from './optimizers/table.js';
export * from './core/initializers.js';
export * from './losses/regularizers.js';
export * from './metrics/metrics.js';
export * from './core/window.js';
export * from './core/state.js';
export * from './kernels/conv.js';
export * from './kernels/pool.js';
export * from './kernels/batchnorm.js';
export * from './kernels/layernorm.js';
export * from './kernels/dropout.js';
export * from './kernels/gaussian-noise.js';
export * from './kernels/dense.js';
export * from './kernels/merge.js';
export * from './kernels/embedding.js';
export * from './kernels/positions.js';
export * from './core/compiled-model.js';
export {
  replicasSupported,
  serveReplica,
  type ReplicaBinding,
  type ReplicaMessage,
  type ReplicaStart,
  type ReplicaWorker,
  type SpawnReplica,
} from './core/replicas.js';
export { ReplicaGroup, type ReplicaStatistics } from './core/replica-group.js';
export { adoptKernelMemory } from './core/wasm/gemm.js';
export * from './kernels/recurrent/index.js';
export * from './kernels/attention.js';
export * from './kernels/index.js';
export * from './kernels/row.js';
export {
  AUTO_MULTIPLY_ADDS,
  getKernels,
  setKernels,
  type KernelChoice,
} from './core/wasm/kernel-choice.js';
// The worker pool's browser host (Web Workers); @nnet/runtime/train has setThreads for Node.
export {
  defaultWebThreads,
  setWebWorkerThreads,
  threadCanBlock,
  webWorkerSpawner,
  type WebWorkerConstructor,
  type WebWorkerLike,
} from './core/wasm/browser-threads.js';
export { getThreads, poolStatistics } from './core/wasm/thread-control.js';
export { allocateFloats } from './core/wasm/arena.js';
export * from './kernels/table.js';
