// Where `nnc train --trace` goes: the text table to the terminal, CSV and JSON Lines into
// <out>/trace.csv and <out>/trace.jsonl (so the file holds nothing but the trace). Reads the
// checked model's neurons once, for the Σwx column.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompiledModel } from '@nnet/runtime';
import type { TraceRow } from '@nnet/runtime/train';
import { builtinCatalogue, type CheckResult } from '../compile.js';
import { describeNetwork } from '../graph/weights/network.js';
import { createTracePrinter, type TraceFormat } from './trace.js';
import type { CliContext } from './main.js';
import { findModelGraph } from '../check/ensemble-learner.js';

export { traceFormats, type TraceFormat } from './trace.js';

export function startTrace(
  options: { trace?: boolean; traceFormat?: string },
  result: CheckResult,
  model: CompiledModel,
  out: string,
  cli: CliContext,
): { onTrace(row: TraceRow): void; close(): void; file?: string } | undefined {
  if (!options.trace && options.traceFormat === undefined) return undefined;
  const format = (options.traceFormat ?? 'text') as TraceFormat;
  const graph = findModelGraph(result.checked!, model.name)!;
  const view = describeNetwork(graph, builtinCatalogue());
  if (format === 'text') {
    const printer = createTracePrinter(view, format, model.params, (t) => cli.io.stdout(t));
    return { onTrace: printer, close() {} };
  }
  const file = path.join(out, format === 'csv' ? 'trace.csv' : 'trace.jsonl');
  const fd = fs.openSync(file, 'w');
  const printer = createTracePrinter(view, format, model.params, (t) => fs.writeSync(fd, t));
  return { onTrace: printer, close: () => fs.closeSync(fd), file };
}
