// The samples `nnc eval --input` reads: a JSON list on the command line, or a file — CSV (numeric
// columns; a header row is skipped and a column named like the run's target is dropped), JSON (a
// list of samples, or { "inputs": [...] }), IDX (bytes scaled to [0, 1] as the idx source does).
// A model trained on csv(…) takes rows with its column names (text one-hot encoded, missing values
// filled and numbers scaled with the training split's statistics from the checkpoint).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  applyTabular,
  csvToTabularInputs,
  parseCsv,
  parseIdx,
  scaleBytes,
  type TabularEncoding,
  regularFileProblem,
} from '@nnet/runtime/train';

export interface EvalSamples {
  /** count × inputSize values. */
  values: number[];
  count: number;
  /** What each sample looked like, for the table (the JSON as given, or the CSV row). */
  shown: unknown[];
}

export class EvalInputError extends Error {}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads `--input` and, for a model trained on csv(…) (`tabular` fitted), encodes CSV rows by their
 * column names and fills and scales every sample with the training split's statistics.
 */
export function readEvalInput(
  input: string,
  inputShape: readonly number[],
  resolve: (file: string) => string,
  targetColumn?: string,
  tabular?: TabularEncoding,
): EvalSamples {
  const statistics = tabular?.statistics;
  const file = resolve(input);
  // Checked before reading: /dev/zero never ends, and opening a FIFO blocks.
  const problem = regularFileProblem(file);
  if (problem !== undefined) throw new EvalInputError(`--input ${input}: ${problem}`);
  const extension = path.extname(input).toLowerCase();
  if (
    tabular &&
    statistics &&
    fs.existsSync(file) &&
    (extension === '.csv' || extension === '.tsv')
  ) {
    const text = fs.readFileSync(file, 'utf8');
    const delimiter = extension === '.tsv' ? '\t' : ',';
    const header = parseCsv(
      text.slice(0, text.indexOf('\n') + 1 || text.length),
      delimiter,
      input,
    )[0];
    // A header row (not only numbers): rows in the training file's layout, columns by name.
    if (header?.fields.some((field) => field.trim() !== '' && !NUMBER.test(field.trim()))) {
      const rows = csvToTabularInputs(text, tabular, { file: input, delimiter });
      const dataset = {
        inputs: rows.inputs,
        targets: new Float32Array(0),
        count: rows.count,
        inputShape: [...inputShape],
        targetShape: [],
        task: 'regression' as const,
      };
      const filled = applyTabular(tabular, statistics, dataset);
      return { values: Array.from(filled.inputs), count: rows.count, shown: rows.shown };
    }
  }
  const samples = readRawEvalInput(input, inputShape, resolve, targetColumn);
  if (!tabular || !statistics) return samples;
  // Numbers as the encoded inputs (one-hot columns included): filled and scaled like training.
  const dataset = {
    inputs: Float32Array.from(samples.values),
    targets: new Float32Array(0),
    count: samples.count,
    inputShape: [...inputShape],
    targetShape: [],
    task: 'regression' as const,
  };
  return { ...samples, values: Array.from(applyTabular(tabular, statistics, dataset).inputs) };
}

function readRawEvalInput(
  input: string,
  inputShape: readonly number[],
  resolve: (file: string) => string,
  targetColumn?: string,
): EvalSamples {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const expected = `samples of ${size} number${size === 1 ? '' : 's'} each (shape [${inputShape.join(', ')}])`;
  const trimmed = input.trim();
  if (/^[[{\-\d.]/.test(trimmed) && !fs.existsSync(resolve(input))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new EvalInputError(
        `--input is neither a file nor valid JSON (${(error as Error).message}); expected a list of ${expected}, e.g. '[[0,0],[0,1]]'`,
      );
    }
    return fromJsonSamples(parsed, size, expected, '--input');
  }
  const file = resolve(input);
  if (!fs.existsSync(file))
    throw new EvalInputError(
      `--input ${input}: no such file; expected a .csv, .json or .idx file, or a JSON list of ${expected}`,
    );
  const extension = path.extname(input.replace(/\.gz$/, '')).toLowerCase();
  if (extension === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new EvalInputError(`${input}: not valid JSON (${(error as Error).message})`);
    }
    const list =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as { inputs?: unknown }).inputs
        : parsed;
    return fromJsonSamples(list, size, expected, input);
  }
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt')
    return fromCsv(
      fs.readFileSync(file, 'utf8'),
      input,
      size,
      extension === '.tsv' ? '\t' : ',',
      targetColumn,
    );
  if (extension === '.idx' || /-ubyte$|idx\d-ubyte$/.test(input.replace(/\.gz$/, ''))) {
    const bytes = fs.readFileSync(file);
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    const array = parseIdx(gzipped ? zlib.gunzipSync(bytes) : bytes, input);
    const count = array.dims[0] ?? 0;
    const perSample = array.dims.slice(1).reduce((a, b) => a * b, 1);
    if (perSample !== size)
      throw new EvalInputError(
        `${input}: its samples have shape [${array.dims.slice(1).join(', ')}] (${perSample} values); the model expects ${expected}`,
      );
    const values = Array.from(scaleBytes(array.data));
    return { values, count, shown: Array.from({ length: count }, (_, i) => `#${i + 1}`) };
  }
  throw new EvalInputError(
    `--input ${input}: unknown file type "${extension || '(none)'}"; expected .csv, .json or .idx`,
  );
}

function fromJsonSamples(
  list: unknown,
  size: number,
  expected: string,
  where: string,
): EvalSamples {
  const rows: unknown[] = Array.isArray(list) ? list : [];
  const flat = rows.map((row) => (Array.isArray(row) ? row.flat(Infinity) : [row]));
  const bad = flat.findIndex(
    (values) => values.length !== size || values.some((v) => typeof v !== 'number'),
  );
  if (rows.length === 0 || bad >= 0)
    throw new EvalInputError(
      `${where} must be a list of ${expected}${bad >= 0 ? `; sample ${bad + 1} is ${JSON.stringify(rows[bad])}` : ''}`,
    );
  return { values: flat.flat() as number[], count: rows.length, shown: rows };
}

function fromCsv(
  text: string,
  file: string,
  size: number,
  delimiter: string,
  targetColumn?: string,
): EvalSamples {
  let records = parseCsv(text, delimiter, file);
  let header: string[] | undefined;
  if (
    records.length > 0 &&
    records[0].fields.some((f) => f.trim() !== '' && !NUMBER.test(f.trim()))
  ) {
    header = records[0].fields.map((f) => f.trim());
    records = records.slice(1);
  }
  if (records.length === 0)
    throw new EvalInputError(
      `${file}: no samples${header ? ` (its only line, \`${header.join(',')}\`, is read as a header)` : ''}; expected rows of ${size} number${size === 1 ? '' : 's'}, after an optional header row`,
    );
  const drop = header && targetColumn ? header.indexOf(targetColumn) : -1;
  const columns = (header?.length ?? records[0]?.fields.length ?? 0) - (drop >= 0 ? 1 : 0);
  if (columns !== size)
    throw new EvalInputError(
      `${file}: ${columns} input column${columns === 1 ? '' : 's'}${header ? ` (${header.filter((_, i) => i !== drop).join(', ')})` : ''}, but the model expects ${size}${drop < 0 && targetColumn ? ` (the target column "${targetColumn}" is dropped when present)` : ''}; text columns are not one-hot encoded here: pass numbers`,
    );
  const values: number[] = [];
  const shown: unknown[] = [];
  for (const record of records) {
    const fields = record.fields.filter((_, i) => i !== drop);
    if (fields.length !== size)
      throw new EvalInputError(
        `${file}, line ${record.line}: ${fields.length} values, expected ${size}`,
      );
    const numbers = fields.map((field, i) => {
      const value = field.trim();
      if (!NUMBER.test(value))
        throw new EvalInputError(
          `${file}, line ${record.line}, column ${header ? `"${header.filter((_, k) => k !== drop)[i]}"` : i + 1}: expected a number, found ${JSON.stringify(field)}`,
        );
      return Number(value);
    });
    values.push(...numbers);
    shown.push(numbers);
  }
  return { values, count: records.length, shown };
}
