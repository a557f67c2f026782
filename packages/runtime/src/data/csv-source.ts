// CSV records → Dataset: the target column by name (the last one by default), the chosen input
// columns (`columns`, `drop`) as numbers or one-hot text (categories sorted, a "(missing)" one when
// a value is absent); missing numbers stay NaN until tabular.ts fills them from the training split.

import { readFileSync } from 'node:fs';
import { DataError, type Dataset } from './dataset.js';
import { parseCsv, type CsvRecord } from './csv-parse.js';
import { readDataFile } from './files.js';
import {
  MISSING_VALUES,
  NUMBER_PATTERN,
  encodeTabularRow,
  tabularInputNames,
  type MissingMethod,
  type ScaleMethod,
  type TabularColumn,
  type TabularEncoding,
} from './tabular.js';

export interface CsvOptions {
  /** The column to predict; the last column when left out. */
  target?: string;
  delimiter?: string;
  /** Whether the first row names the columns; without one they are named `column 1`, `column 2`, … */
  header?: boolean;
  /** The input columns, in this order; every column but the target when left out. */
  columns?: readonly string[];
  /** Columns left out of the inputs. */
  drop?: readonly string[];
  /** How numeric inputs are scaled, with statistics of the training split. */
  scale?: ScaleMethod;
  /** What a missing number becomes: the training split's mean or median of the column. */
  missing?: MissingMethod;
  /** The file's name in error messages. */
  file?: string;
}

/** A column is numeric when at least this share of its present values are numbers. */
const NUMERIC_SHARE = 0.95;

const isMissing = (value: string) => MISSING_VALUES.has(value);

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

/** What a CSV file becomes, before any number is encoded: for `nnc check` and for loading. */
export interface CsvPlan {
  /** The header's names (or `column 1`, …), in file order. */
  names: string[];
  rows: CsvRecord[];
  targetIndex: number;
  encoding: TabularEncoding;
  /** Column name → its index in the file. */
  indexOf: Map<string, number>;
}

/** Parses and plans a CSV file: which columns are inputs, numeric or text, with what categories. */
export function planCsv(text: string, options: CsvOptions = {}): CsvPlan {
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

  const indexOf = new Map<string, number>();
  names.forEach((name, index) => {
    const first = indexOf.get(name);
    if (first !== undefined) {
      throw new DataError(
        `expected distinct column names, found "${name}" as columns ${first + 1} and ${index + 1} of the header`,
        { file, row: records[0].line },
      );
    }
    indexOf.set(name, index);
  });
  const targetIndex = findColumn(names, options.target, 'a target column', file) ?? width - 1;
  const chosen = chooseInputs(names, targetIndex, options, file);
  if (chosen.length === 0) {
    throw new DataError(
      `expected at least one input column besides the target "${names[targetIndex]}", found none`,
      { file },
    );
  }
  const columns = chosen.map((index) => planColumn(names[index], index, rows, file));
  return {
    names,
    rows,
    targetIndex,
    indexOf,
    encoding: {
      target: names[targetIndex],
      columns,
      missing: options.missing ?? 'mean',
      scale: options.scale ?? 'none',
    },
  };
}

export function csvToDataset(text: string, options: CsvOptions = {}): Dataset {
  const { file } = options;
  const plan = planCsv(text, options);
  const { rows, encoding, indexOf } = plan;
  const inputNames = tabularInputNames(encoding);
  const inputs = new Float32Array(rows.length * inputNames.length);
  rows.forEach((row, r) =>
    encodeTabularRow(
      encoding,
      (column) => row.fields[indexOf.get(column.name)!],
      inputs,
      r * inputNames.length,
      (column, detail) => {
        throw new DataError(detail, { file, row: row.line, column: column.name });
      },
    ),
  );
  return {
    ...encodeTarget(plan.names[plan.targetIndex], plan.targetIndex, rows, file),
    inputs,
    count: rows.length,
    inputShape: [inputNames.length],
    inputNames,
    tabular: encoding,
    sourceRows: Int32Array.from(rows, (row) => row.line),
  };
}

/** The index of column `name`, undefined when no name is given; a DataError with the names there are. */
function findColumn(
  names: string[],
  name: string | undefined,
  what: string,
  file: string | undefined,
): number | undefined {
  if (name === undefined) return undefined;
  const index = names.indexOf(name);
  if (index >= 0) return index;
  const similar = names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const help = similar === undefined ? '' : ` (did you mean "${similar}"?)`;
  throw new DataError(
    `expected ${what} "${name}", found only the columns ${names.join(', ')}${help}`,
    { file },
  );
}

/** The file indices of the input columns: `columns` in their order, or all but the target; minus `drop`. */
function chooseInputs(
  names: string[],
  targetIndex: number,
  options: CsvOptions,
  file: string | undefined,
): number[] {
  const target = names[targetIndex];
  const named = (list: readonly string[], what: string) =>
    list.map((name) => {
      const index = findColumn(names, name, what, file)!;
      if (index === targetIndex) {
        throw new DataError(
          `expected ${what.replace(/^an? /, '')}s other than the target "${target}", found it in the list`,
          { file },
        );
      }
      return index;
    });
  const dropped = new Set(named(options.drop ?? [], 'a column to drop'));
  const chosen = options.columns
    ? named(options.columns, 'an input column')
    : names.map((_, index) => index).filter((index) => index !== targetIndex);
  const seen = new Set<number>();
  for (const index of chosen) {
    if (seen.has(index)) {
      throw new DataError(`expected each input column once, found "${names[index]}" twice`, {
        file,
      });
    }
    seen.add(index);
  }
  return chosen.filter((index) => !dropped.has(index));
}

function planColumn(
  name: string,
  index: number,
  rows: CsvRecord[],
  file: string | undefined,
): TabularColumn {
  let present = 0;
  let numeric = 0;
  for (const row of rows) {
    const value = row.fields[index];
    if (isMissing(value)) continue;
    present++;
    if (NUMBER_PATTERN.test(value)) {
      checkFinite(value, row, name, file);
      numeric++;
    }
  }
  if (present === 0 || numeric >= NUMERIC_SHARE * present) {
    const row =
      numeric < present
        ? rows.find(
            (candidate) =>
              !isMissing(candidate.fields[index]) && !NUMBER_PATTERN.test(candidate.fields[index]),
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
    return { kind: 'numeric', name };
  }
  const categories = new Set<string>();
  let hasMissing = false;
  for (const row of rows) {
    const value = row.fields[index];
    if (isMissing(value)) hasMissing = true;
    else categories.add(value);
  }
  return { kind: 'text', name, categories: [...categories].sort(), hasMissing };
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
  if (values.every((value) => NUMBER_PATTERN.test(value))) {
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

/**
 * New rows for a trained model: a CSV with a header holding (at least) the encoding's input
 * columns, in any order, encoded as the training file was (missing numbers NaN until applyTabular).
 * Other columns (the target, an id) are ignored. `shown` is each row's input values as written.
 */
export function csvToTabularInputs(
  text: string,
  encoding: TabularEncoding,
  options: { file?: string; delimiter?: string } = {},
): { inputs: Float32Array; count: number; shown: string[] } {
  const { file, delimiter = ',' } = options;
  const records = parseCsv(text, delimiter, file);
  if (records.length < 2) {
    throw new DataError('expected a header and data rows, found fewer than two lines', { file });
  }
  const header = records[0].fields.map((name) => name.trim());
  const absent = encoding.columns.filter((column) => !header.includes(column.name));
  if (absent.length > 0) {
    throw new DataError(
      `expected the model's input columns ${encoding.columns.map((c) => c.name).join(', ')}, found the columns ${header.join(', ')} (missing: ${absent.map((c) => c.name).join(', ')})`,
      { file, row: records[0].line },
    );
  }
  const width = tabularInputNames(encoding).length;
  const rows = records.slice(1);
  const inputs = new Float32Array(rows.length * width);
  const shown: string[] = [];
  rows.forEach((row, r) => {
    if (row.fields.length !== header.length) {
      throw new DataError(
        `expected ${header.length} fields as in the header, found ${row.fields.length}`,
        { file, row: row.line },
      );
    }
    const valueOf = (column: TabularColumn) => row.fields[header.indexOf(column.name)].trim();
    encodeTabularRow(encoding, valueOf, inputs, r * width, (column, detail) => {
      throw new DataError(detail, { file, row: row.line, column: column.name });
    });
    shown.push(encoding.columns.map((column) => valueOf(column) || '?').join(', '));
  });
  return { inputs, count: rows.length, shown };
}
