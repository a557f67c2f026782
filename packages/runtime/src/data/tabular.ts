// Tabular encoding of CSV rows: which columns become which inputs (numbers as they are, text one-hot),
// and the missing-value fill and scaling fitted on the training split only, then applied to every
// split and to new inputs. Browser-safe; the statistics travel with the checkpoint as JSON.

import { DataError, type Dataset } from './dataset.js';

export type ScaleMethod = 'none' | 'standardize' | 'minmax';
export type MissingMethod = 'mean' | 'median';

export type TabularColumn =
  | { kind: 'numeric'; name: string }
  | { kind: 'text'; name: string; categories: string[]; hasMissing: boolean };

/** Statistics of the training split, one entry per numeric column in column order. */
export interface TabularStatistics {
  /** Training rows they were computed from. */
  rows: number;
  /** The value a missing number becomes (mean or median of the column's present training values). */
  fill: number[];
  /** x ↦ (x − center) / divisor after filling: mean and std (standardize), min and max − min (minmax). */
  center: number[];
  divisor: number[];
}

export interface TabularEncoding {
  /** The target column (left out of the inputs). */
  target: string;
  columns: TabularColumn[];
  missing: MissingMethod;
  scale: ScaleMethod;
  /** Absent until fitTabular has seen the training split. */
  statistics?: TabularStatistics;
}

export const MISSING_VALUES: ReadonlySet<string> = new Set(['', '?', 'NA', 'N/A', 'NaN']);
export const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The inputs a column becomes: `Age`, or `Sex=female`, `Sex=male` (and `Embarked=(missing)`). */
export function columnInputNames(column: TabularColumn): string[] {
  if (column.kind === 'numeric') return [column.name];
  return [
    ...column.categories.map((category) => `${column.name}=${category}`),
    ...(column.hasMissing ? [`${column.name}=(missing)`] : []),
  ];
}

export const tabularInputNames = (encoding: TabularEncoding): string[] =>
  encoding.columns.flatMap(columnInputNames);

/** Where each numeric column sits in the input vector. */
export function numericPositions(encoding: TabularEncoding): number[] {
  const positions: number[] = [];
  let at = 0;
  for (const column of encoding.columns) {
    if (column.kind === 'numeric') positions.push(at);
    at += columnInputNames(column).length;
  }
  return positions;
}

/**
 * Encodes one row (`valueOf(column)` gives its raw text) into `inputs` at `offset`. A missing number
 * becomes NaN until applyTabular fills it; a missing text value sets its `(missing)` input, or none
 * when the training file had no missing value there. Throws DataError (via `fail`) on a value that
 * does not fit.
 */
export function encodeTabularRow(
  encoding: TabularEncoding,
  valueOf: (column: TabularColumn) => string,
  inputs: Float32Array,
  offset: number,
  fail: (column: TabularColumn, detail: string) => never,
): void {
  let at = offset;
  for (const column of encoding.columns) {
    const value = valueOf(column);
    const missing = MISSING_VALUES.has(value);
    if (column.kind === 'numeric') {
      if (!missing && !NUMBER_PATTERN.test(value))
        fail(column, `expected a number, found ${JSON.stringify(value)}`);
      inputs[at++] = missing ? NaN : Number(value);
      continue;
    }
    const width = column.categories.length + (column.hasMissing ? 1 : 0);
    inputs.fill(0, at, at + width);
    if (missing) {
      if (column.hasMissing) inputs[at + column.categories.length] = 1;
    } else {
      const slot = column.categories.indexOf(value);
      if (slot < 0)
        fail(
          column,
          `expected one of the categories the model was trained with (${column.categories.map((c) => JSON.stringify(c)).join(', ')}), found ${JSON.stringify(value)}`,
        );
      inputs[at + slot] = 1;
    }
    at += width;
  }
}

/** The statistics of `training` (its numeric inputs may hold NaN for missing values). */
export function fitTabular(encoding: TabularEncoding, training: Dataset): TabularStatistics {
  const width = training.inputShape[0];
  const fill: number[] = [];
  const center: number[] = [];
  const divisor: number[] = [];
  for (const position of numericPositions(encoding)) {
    const present: number[] = [];
    for (let s = 0; s < training.count; s++) {
      const value = training.inputs[s * width + position];
      if (!Number.isNaN(value)) present.push(value);
    }
    // A column with no value in the training rows is filled with 0 (scikit-learn drops it).
    const value = present.length === 0 ? 0 : fillValue(present, encoding.missing);
    const missing = training.count - present.length;
    fill.push(value);
    if (encoding.scale === 'standardize') {
      // Mean and population standard deviation of the filled column (imputer, then scaler).
      const count = training.count;
      const mean = count === 0 ? 0 : (sum(present) + missing * value) / count;
      let squares = missing * (value - mean) ** 2;
      for (const x of present) squares += (x - mean) ** 2;
      const std = count === 0 ? 0 : Math.sqrt(squares / count);
      center.push(mean);
      divisor.push(std > 0 ? std : 1);
    } else if (encoding.scale === 'minmax') {
      let low = missing > 0 || present.length === 0 ? value : Infinity;
      let high = missing > 0 || present.length === 0 ? value : -Infinity;
      for (const x of present) {
        if (x < low) low = x;
        if (x > high) high = x;
      }
      center.push(low);
      divisor.push(high > low ? high - low : 1);
    } else {
      center.push(0);
      divisor.push(1);
    }
  }
  return { rows: training.count, fill, center, divisor };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function fillValue(present: number[], method: MissingMethod): number {
  if (method === 'mean') return sum(present) / present.length;
  const sorted = [...present].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A copy of `dataset` with missing numbers filled and numeric inputs scaled by `statistics`. */
export function applyTabular(
  encoding: TabularEncoding,
  statistics: TabularStatistics,
  dataset: Dataset,
): Dataset {
  const width = dataset.inputShape[0];
  const inputs = Float32Array.from(dataset.inputs);
  numericPositions(encoding).forEach((position, k) => {
    const { fill, center, divisor } = statistics;
    for (let s = 0; s < dataset.count; s++) {
      const at = s * width + position;
      const value = Number.isNaN(inputs[at]) ? fill[k] : inputs[at];
      inputs[at] = (value - center[k]) / divisor[k];
    }
  });
  return { ...dataset, inputs, tabular: { ...encoding, statistics } };
}

/**
 * Fits the fill and scaling on the first part (the training split) and applies them to every part.
 * Parts of a data set without a tabular encoding are returned as they are.
 */
export function prepareTabularSplits(parts: readonly Dataset[]): Dataset[] {
  const encoding = parts[0]?.tabular;
  if (!encoding) return [...parts];
  const statistics = fitTabular(encoding, parts[0]);
  return parts.map((part) => applyTabular(part.tabular ?? encoding, statistics, part));
}

/** The encoding as checkpoint metadata (JSON text). */
export const tabularToJson = (encoding: TabularEncoding): string => JSON.stringify(encoding);

/** Reads `tabularToJson`'s text back; throws DataError naming `file` when it is not one. */
export function tabularFromJson(text: string, file: string): TabularEncoding {
  const bad = (): never => {
    throw new DataError('expected the tabular encoding nnet writes, found something else', {
      file,
    });
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad();
  }
  const encoding = value as TabularEncoding;
  const numbers = (list: unknown, length: number) =>
    Array.isArray(list) && list.length === length && list.every((x) => typeof x === 'number');
  if (
    typeof encoding !== 'object' ||
    encoding === null ||
    typeof encoding.target !== 'string' ||
    !Array.isArray(encoding.columns) ||
    !encoding.columns.every(
      (c) =>
        typeof c?.name === 'string' &&
        (c.kind === 'numeric' ||
          (c.kind === 'text' &&
            Array.isArray(c.categories) &&
            c.categories.every((x) => typeof x === 'string'))),
    ) ||
    !['mean', 'median'].includes(encoding.missing) ||
    !['none', 'standardize', 'minmax'].includes(encoding.scale)
  )
    return bad();
  const numeric = encoding.columns.filter((c) => c.kind === 'numeric').length;
  const statistics = encoding.statistics;
  if (
    statistics !== undefined &&
    !(
      numbers(statistics.fill, numeric) &&
      numbers(statistics.center, numeric) &&
      numbers(statistics.divisor, numeric)
    )
  )
    return bad();
  return encoding;
}
