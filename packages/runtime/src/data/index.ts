// The data layer of @nnet/runtime: loaders for every data source of the language (toy sets, CSV,
// IDX, JSON, MNIST), splitting and mini-batching. Everything a loader gives is a Dataset; every
// user mistake in data is a DataError.

export * from './dataset.js';
export { readDataFile, regularFileProblem } from './files.js';
export * from './args.js';
export * from './load.js';
export * from './toy-sets.js';
export * from './expression.js';
export * from './function-source.js';
export * from './csv-parse.js';
export * from './csv-source.js';
export * from './tabular.js';
export * from './idx.js';
export * from './json-source.js';
export * from './graph-source.js';
export * from './karate-club.js';
export * from './resize.js';
export * from './mnist.js';
export * from './split.js';
export * from './batcher.js';
