// The runtime with the experiment's wasm SIMD products in place of its JS ones: generated code
// compiled against this module (runtimeImport) trains with the faster kernels, all else unchanged.

export * from '@nnet/runtime';
export { denseForward, matmulTransA, matmulTransB } from './wasm-kernels.js';
