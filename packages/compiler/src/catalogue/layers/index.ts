// Every layer of the language, one file each: one line per file. catalogue/index.ts collects
// the layers from here (in the order of their categories), and ir/ir.ts the op kinds and attribute
// types of the layers that declare their own op.

export * from './add.js';
export * from './attention.js';
export * from './avgpool2d.js';
export * from './batchnorm.js';
export * from './concat.js';
export * from './conv1d.js';
export * from './conv2d.js';
export * from './dense.js';
export * from './dense-transposed.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './flatten.js';
export * from './gaussian-noise.js';
export * from './gcn.js';
export * from './globalavgpool.js';
export * from './gru.js';
export * from './layernorm.js';
export * from './maximum.js';
export * from './lstm.js';
export * from './maxpool1d.js';
export * from './maxpool2d.js';
export * from './multiply.js';
export * from './perceptron.js';
export * from './position-embedding.js';
export * from './positional-encoding.js';
export * from './reshape.js';
export * from './rmsnorm.js';
export * from './rnn.js';
export * from './upsample2d.js';
export * from './zero-padding2d.js';
