// Evaluation reports of trained classifiers (host side): ROC, precision–recall, score
// distributions with a Kolmogorov–Smirnov test, confusion matrices, their pictures and files.

export * from './curves.js';
export * from './bootstrap.js';
export * from './kolmogorov-smirnov.js';
export * from './classes.js';
export * from './binary.js';
export * from './build.js';
export * from './plot-axes.js';
export * from './plots.js';
export * from './write.js';
export * from './compare.js';
export * from './regression.js';
