// `nnc train --trace`: the course deck's perceptron table — step, x, Σwx, u, y, w before → after
// with the bias first as w0 — one row per sample, the step (an optimizer step) and the weights on
// its first row. Also as CSV (one self-contained row per sample) and JSON Lines (one per step).

import type { TraceRow } from '@nnet/runtime/train';
import type { NetworkView } from '../graph/weights/network.js';
import { unitValues, type Weights } from '../graph/weights/forward.js';

export type TraceFormat = 'text' | 'csv' | 'json';
export const traceFormats: readonly TraceFormat[] = ['text', 'csv', 'json'];

/** One unit's weights in the deck's order: (w0 = bias, w1 … wn), per unit, per layer. */
interface DeckVector {
  /** `dense.2`: the layer and the unit (from 1). */
  key: string;
  /** The key, or nothing for a lone perceptron (its weights are just w0, w1, …). */
  label: string;
  values: number[];
}

/** The weights of every layer as the deck writes them; raw parameters for layers it cannot. */
export function deckVectors(view: NetworkView, weights: Weights): DeckVector[] {
  const vectors: DeckVector[] = [];
  const single =
    view.layers.length === 1 && view.layers[0].kind === 'dense' && view.layers[0].units === 1;
  for (const layer of view.layers) {
    if (layer.kind === 'opaque') {
      for (const name of layer.params)
        vectors.push({ key: name, label: name, values: Array.from(weights[name]) });
      continue;
    }
    const kernel = weights[layer.kernel];
    const bias = layer.bias ? weights[layer.bias] : undefined;
    for (let u = 0; u < layer.units; u++) {
      const values = [bias ? bias[u] : 0];
      for (let i = 0; i < layer.inputs; i++) values.push(kernel[i * layer.units + u]);
      vectors.push({
        key: `${layer.name}.${u + 1}`,
        label: single ? '' : `${layer.name}.${u + 1}`,
        values,
      });
    }
  }
  return vectors;
}

/** Widest a number of the text table prints: 4 significant digits, sign and exponent included. */
const NUMBER_WIDTH = 10;
/** 4 significant digits (`0.5199`, `-2`), in scientific notation when plain would be wider. */
const short = (v: number) => {
  const plain = String(Number(v.toPrecision(4)));
  return plain.length <= NUMBER_WIDTH ? plain : v.toExponential(3).replace(/\.?0+e/, 'e');
};
/** Widest a cell like `cell` can be: as many numbers as it holds, each at its widest. */
const widestLike = (cell: string) => {
  const numbers = cell.split(', ').length;
  return numbers * NUMBER_WIDTH + (numbers > 1 ? 2 * numbers : 0);
};
const exact = (v: number) => String(Number(v.toPrecision(9)));
const tuple = (values: readonly number[]) =>
  values.length === 1 ? short(values[0]) : `(${values.map(short).join(', ')})`;

/** Formats trace rows as they arrive; `step` counts optimizer steps, not samples. */
export function createTracePrinter(
  view: NetworkView,
  format: TraceFormat,
  initialWeights: Weights,
  write: (text: string) => void,
) {
  const inputs = view.inputs;
  let before: Weights = copy(initialWeights);
  let step = 0;
  let widths: number[] = [];
  let textHeader: string[] = [];
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] + 2)))
      .join('')
      .trimEnd();
  /**
   * Writes one step's rows under the header. The header waits for the first step, so the columns
   * start as narrow as its rows (the deck's small tables stay compact). A later step with a wider
   * cell widens that column at once to the widest such a cell can be and prints the header again
   * above it: every row lines up with the header over it, and each column widens at most once.
   */
  const writeTextStep = (rows: readonly string[][]) => {
    const last = textHeader.length - 1;
    if (widths.length === 0) {
      widths = textHeader.map((cell, i) => Math.max(cell.length, ...rows.map((r) => r[i].length)));
      write(line(textHeader) + '\n');
    } else {
      let widened = false;
      for (let i = 0; i < last; i++) {
        const widest = Math.max(...rows.map((row) => row[i].length));
        if (widest <= widths[i]) continue;
        const longest = rows.find((row) => row[i].length === widest)![i];
        widths[i] = Math.max(widest, widestLike(longest));
        widened = true;
      }
      if (widened) write(line(textHeader) + '\n');
    }
    for (const row of rows) write(line(row) + '\n');
  };
  const header = () => {
    const names = deckVectors(view, before).flatMap((v) =>
      v.values.map((_, i) => (v.label ? `${v.label}.w${i}` : `w${i}`)),
    );
    if (format === 'csv') {
      const outputs = view.layers.at(-1);
      const units = outputs?.kind === 'dense' ? outputs.units : (outputs?.outputs ?? 1);
      write(
        [
          'step',
          'sample',
          ...Array.from({ length: inputs }, (_, i) => `x${i + 1}`),
          ...(view.computable ? Array.from({ length: units }, (_, i) => `sum${i + 1}`) : []),
          ...Array.from({ length: units }, (_, i) => `u${i + 1}`),
          'y',
          ...names.map((n) => `before.${n}`),
          ...names.map((n) => `after.${n}`),
        ].join(',') + '\n',
      );
    }
    if (format === 'text')
      textHeader = ['step', 'x', ...(view.computable ? ['Σwx'] : []), 'u', 'y', 'w before → after'];
  };
  header();
  return (row: TraceRow) => {
    step++;
    const after = row.weights as Weights;
    const samples = Math.max(1, Math.round(row.input.length / Math.max(1, inputs)));
    const outputs = row.output.length / samples;
    const targets = row.target.length / samples;
    const sums = view.computable
      ? unitValues(view, before, Float32Array.from(row.input), samples).at(-1)!.sums
      : undefined;
    const slice = (values: ArrayLike<number>, s: number, n: number) =>
      Array.from({ length: n }, (_, i) => values[s * n + i]);
    const beforeVectors = deckVectors(view, before);
    const afterVectors = deckVectors(view, after);
    if (format === 'json') {
      const vectors = (list: DeckVector[]) =>
        Object.fromEntries(list.map((v) => [v.key, v.values.map((x) => Number(exact(x)))]));
      write(
        JSON.stringify({
          step,
          samples: Array.from({ length: samples }, (_, s) => ({
            x: slice(row.input, s, inputs),
            ...(sums ? { sum: slice(sums, s, outputs).map((x) => Number(exact(x))) } : {}),
            u: slice(row.output, s, outputs).map((x) => Number(exact(x))),
            y: slice(row.target, s, targets),
          })),
          before: vectors(beforeVectors),
          after: vectors(afterVectors),
        }) + '\n',
      );
    }
    const textRows: string[][] = [];
    for (let s = 0; s < samples; s++) {
      if (format === 'csv') {
        write(
          [
            step,
            s + 1,
            ...slice(row.input, s, inputs).map(exact),
            ...(sums ? slice(sums, s, outputs).map(exact) : []),
            ...slice(row.output, s, outputs).map(exact),
            slice(row.target, s, targets).map(exact).join(' '),
            ...beforeVectors.flatMap((v) => v.values.map(exact)),
            ...afterVectors.flatMap((v) => v.values.map(exact)),
          ].join(',') + '\n',
        );
      }
      if (format === 'text') {
        const both = (list: DeckVector[]) =>
          list.length === 1
            ? tuple(list[0].values)
            : `[${list.map((v) => tuple(v.values)).join(' ')}]`;
        textRows.push([
          s === 0 ? String(step) : '',
          tuple(slice(row.input, s, inputs)),
          ...(sums ? [tuple(slice(sums, s, outputs))] : []),
          tuple(slice(row.output, s, outputs)),
          tuple(slice(row.target, s, targets)),
          s === 0 ? `${both(beforeVectors)} → ${both(afterVectors)}` : '',
        ]);
      }
    }
    if (textRows.length > 0) writeTextStep(textRows);
    before = copy(after);
  };
}

function copy(weights: Weights): Weights {
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float32Array.from(v)]));
}
