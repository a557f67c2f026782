// The per-step table the course draws for the perceptron learning rule: step, input, target,
// output before the step, error, and the weights after it (bias first, as the course writes w0).

import type { TraceRow } from './fit.js';

const number = (v: number) => String(Number(v.toPrecision(6)));

export function traceHeader(paramNames: readonly string[]): string {
  return ['step', 'x', 't', 'o', 'e = t − o', ...paramNames].join('\t');
}

export function traceLine(row: TraceRow, paramNames: readonly string[]): string {
  const error = row.target.map((t, i) => t - (row.output[i] ?? 0));
  const list = (values: readonly number[]) =>
    values.length === 1 ? number(values[0]) : `(${values.map(number).join(', ')})`;
  return [
    String(row.step),
    list(row.input),
    list(row.target),
    list(row.output),
    list(error),
    ...paramNames.map((n) => list(row.weights[n])),
  ].join('\t');
}
