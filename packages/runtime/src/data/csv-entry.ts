// `@nnet/runtime/csv`: what checking a CSV data source needs (its plan: columns, encoding, the
// errors with their rows), without the rest of the host runtime, for the language server's bundle.

export { planCsv, type CsvOptions, type CsvPlan } from './csv-source.js';
export { csvOptions } from './load.js';
export { columnInputNames, type TabularEncoding } from './tabular.js';
export { DataError } from './dataset.js';
export type { DataArgs } from './args.js';
