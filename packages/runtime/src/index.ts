// @nnet/runtime: the numeric kernels generated nnet modules import. Everything works on
// Float32Array in batch-major row-major layouts; kernels write into caller-owned buffers and
// allocate nothing. Knows nothing of the compiler.

export * from './prng.js';
export * from './matmul.js';
export * from './matmul-transposed.js';
export * from './erf.js';
export * from './activations.js';
export * from './softmax.js';
export * from './prelu.js';
export * from './activation-table.js';
export * from './loss-types.js';
export * from './losses-regression.js';
export * from './losses-cross-entropy.js';
export * from './losses-margin.js';
export * from './loss-table.js';
export * from './optimizer-types.js';
export * from './optimizers.js';
export * from './optimizers-adam.js';
export * from './optimizer-table.js';
export * from './initializers.js';
export * from './regularizers.js';
export * from './metrics.js';
export * from './window.js';
export * from './conv.js';
export * from './pool.js';
export * from './batchnorm.js';
export * from './layernorm.js';
export * from './dropout.js';
export * from './kernels/gaussian-noise.js';
export * from './dense.js';
export * from './merge.js';
export * from './embedding.js';
export * from './compiled-model.js';
export * from './data/index.js';
export * from './recurrent/index.js';
export * from './attention.js';
export * from './training/index.js';
