// Training, evaluation, checkpoints and their pictures: what `nnc train` drives.

export * from './fit.js';
export * from './evaluate.js';
export * from './safetensors.js';
export * from './progress.js';
export * from './curves.js';
export * from './boundary.js';
export * from './report.js';
export * from './recording-format.js';
export * from './recording.js';
export * from './boost.js';
export * from './boost-report.js';
export * from './thread-cpu.js';
export * from './data-parallel.js';
