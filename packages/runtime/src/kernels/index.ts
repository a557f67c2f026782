// The kernel files that declare their own row of the kernel table (a `kernelRow(…)` export, see
// row.ts): one line per file. table.ts collects their rows, and @nnet/runtime re-exports them all.
// The rows not moved here yet are still listed by hand in table.ts.

export * from './batchnorm.js';
export * from './dense-transposed.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './gaussian-noise.js';
export * from './gcn.js';
export * from './layernorm.js';
export * from './maximum.js';
export * from './merge.js';
export * from './positions.js';
export * from './rms-norm.js';
export * from './upsample.js';
export * from './zero-padding.js';
