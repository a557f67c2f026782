// CSV records → Dataset: the target column by name (the last one by default), numeric columns as
// they are, text columns one-hot encoded (categories sorted), missing values (empty, NA, N/A, NaN, ?)
// imputed with the column mean or given their own "(missing)" category. Every value is accounted for.

import { readFileSync } from 'node:fs';
import { DataError, type Dataset } from './dataset.js';
import { parseCsv, type CsvRecord } from './csv-parse.js';
import { readDataFile } from './files.js';

export interface CsvOptions {
  /** The column to predict; the last column when left out. */
  target?: string;
  delimiter?: string;
  /** Whether the first row names the columns; without one they are named `column 1`, `column 2`, … */
  header?: boolean;
  /** The file's name in error messages. */
  file?: string;
}

const MISSING = new Set(['', '?', 'NA', 'N/A', 'NaN']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A column is numeric when at least this share of its present values are numbers. */
const NUMERIC_SHARE = 0.95;

type Column =
  | { kind: 'numeric'; name: string; index: number; mean: number }
  | {
      kind: 'text';
      name: string;
      index: number;
      categories: string[];
      /** Category → its place among the column's one-hot inputs. */
      slots: Map<string, number>;
      hasMissing: boolean;
    };

const isMissing = (value: string) => MISSING.has(value);

/** The largest magnitude a float32 holds; beyond it a value would silently become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

function checkFinite(value: string, row: CsvRecord, column: string, file: string | undefined) {
  if (Math.abs(Number(value)) <= FLOAT32_MAX) return;
  throw new DataError(
    `expected a number a float32 can hold (at most about 3.4e38 in size), found ${value}`,
    { file, row: row.line, column },
  );
}

export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  const text = readDataFile(path, () => readFileSync(path, 'utf8'));
  return csvToDataset(text, { ...options, file: options.file ?? path });
}

export function csvToDataset(text: string, options: CsvOptions = {}): Dataset {
  const { delimiter = ',', header = true, file } = options;
  const records = parseCsv(text, delimiter, file);
  if (records.length === 0) {
    throw new DataError('expected a header and data rows, found an empty file', { file });
  }
  const width = records[0].fields.length;
  const names = header
    ? records[0].fields.map((name) => name.trim())
    : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const rows = header ? records.slice(1) : records;
  if (rows.length === 0) {
    throw new DataError('expected data rows after the header, found none', { file });
  }
  for (const row of rows) {
    if (row.fields.length !== width) {
      throw new DataError(
        `expected ${width} fields as in the ${header ? 'header' : 'first row'}, found ${row.fields.length}`,
        {
          file,
          row: row.line,
        },
      );
    }
    for (let i = 0; i < width; i++) row.fields[i] = row.fields[i].trim();
  }

  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(
        `expected distinct column names, found "${name}" as columns ${first + 1} and ${index + 1} of the header`,
        { file, row: records[0].line },
      );
    }
    seen.set(name, index);
  });
  const targetIndex = findTarget(names, options.target, file);
  const columns = names
    .map((name, index) => planColumn(name, index, rows, file))
    .filter((column) => column.index !== targetIndex);
  if (columns.length === 0) {
    throw new DataError(
      `expected at least one input column besides the target "${names[targetIndex]}", found none`,
      { file },
    );
  }
  const inputNames = columns.flatMap((column) =>
    column.kind === 'numeric'
      ? [column.name]
      : [
          ...column.categories.map((category) => `${column.name}=${category}`),
          ...(column.hasMissing ? [`${column.name}=(missing)`] : []),
        ],
  );
  const inputs = new Float32Array(rows.length * inputNames.length);
  rows.forEach((row, r) => encodeRow(row, columns, inputs, r * inputNames.length));
  return {
    ...encodeTarget(names[targetIndex], targetIndex, rows, file),
    inputs,
    count: rows.length,
    inputShape: [inputNames.length],
    inputNames,
  };
}

function findTarget(names: string[], target: string | undefined, file: string | undefined): number {
  if (target === undefined) return names.length - 1;
  const index = names.indexOf(target);
  if (index >= 0) return index;
  const similar = names.find((name) => name.toLowerCase() === target.toLowerCase());
  const help = similar === undefined ? '' : ` (did you mean "${similar}"?)`;
  throw new DataError(
    `expected a target column "${target}", found only the columns ${names.join(', ')}${help}`,
    { file },
  );
}

function planColumn(
  name: string,
  index: number,
  rows: CsvRecord[],
  file: string | undefined,
): Column {
  let present = 0;
  let numeric = 0;
  let total = 0;
  for (const row of rows) {
    const value = row.fields[index];
    if (isMissing(value)) continue;
    present++;
    if (NUMBER.test(value)) {
      checkFinite(value, row, name, file);
      numeric++;
      total += Number(value);
    }
  }
  if (present === 0 || numeric >= NUMERIC_SHARE * present) {
    const row =
      numeric < present
        ? rows.find(
            (candidate) =>
              !isMissing(candidate.fields[index]) && !NUMBER.test(candidate.fields[index]),
          )
        : undefined;
    if (row) {
      throw new DataError(
        `expected a number (${numeric} of the column's ${present} values are numbers), found ${JSON.stringify(row.fields[index])}`,
        {
          file,
          row: row.line,
          column: name,
        },
      );
    }
    return { kind: 'numeric', name, index, mean: numeric === 0 ? 0 : total / numeric };
  }
  const categories = new Set<string>();
  let hasMissing = false;
  for (const row of rows) {
    const value = row.fields[index];
    if (isMissing(value)) hasMissing = true;
    else categories.add(value);
  }
  const sorted = [...categories].sort();
  const slots = new Map(sorted.map((category, slot) => [category, slot]));
  return { kind: 'text', name, index, categories: sorted, slots, hasMissing };
}

function encodeRow(row: CsvRecord, columns: Column[], inputs: Float32Array, offset: number): void {
  let at = offset;
  for (const column of columns) {
    const value = row.fields[column.index];
    if (column.kind === 'numeric') {
      inputs[at++] = isMissing(value) ? column.mean : Number(value);
      continue;
    }
    const slot = isMissing(value) ? column.categories.length : column.slots.get(value)!;
    inputs[at + slot] = 1;
    at += column.categories.length + (column.hasMissing ? 1 : 0);
  }
}

/** Text targets are classes (sorted labels); numbers that are all 0 or 1 are binary; others regression. */
function encodeTarget(name: string, index: number, rows: CsvRecord[], file: string | undefined) {
  const values = rows.map((row) => row.fields[index]);
  const missingAt = values.findIndex(isMissing);
  if (missingAt >= 0) {
    throw new DataError(`expected a target value, found ${JSON.stringify(values[missingAt])}`, {
      file,
      row: rows[missingAt].line,
      column: name,
    });
  }
  if (values.every((value) => NUMBER.test(value))) {
    rows.forEach((row, r) => checkFinite(values[r], row, name, file));
    const targets = Float32Array.from(values, Number);
    const binary = targets.every((value) => value === 0 || value === 1);
    return {
      targets,
      targetShape: [1],
      task: binary ? ('binary' as const) : ('regression' as const),
    };
  }
  const classNames = [...new Set(values)].sort();
  const classIndex = new Map(classNames.map((label, index) => [label, index]));
  const targets = Int32Array.from(values, (value) => classIndex.get(value)!);
  return {
    targets,
    targetShape: [],
    classes: classNames.length,
    classNames,
    task: 'classification' as const,
  };
}
