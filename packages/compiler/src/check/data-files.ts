// What `nnc check` (and `nnc train`, `nnc data`, the language server) learn by reading a train
// run's data files: a missing file (a warning: it may be made later) with a did-you-mean among its
// folder's files, a CSV's columns as inputs (info), and columns that do not fit the model's input.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DataError,
  columnInputNames,
  csvOptions,
  planCsv,
  type DataArgs,
  type TabularEncoding,
} from '@nnet/runtime/csv';
import { dataSources } from '../catalogue/index.js';
import type { CheckResult } from '../compile.js';
import { readSourceFile, type SourceRead } from '../source-files.js';
import type { TrainRun } from './train.js';
import { suggestName } from './suggest.js';
import { DataMessages } from '../diagnostics/data-messages.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CallExpr, TrainDecl } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { findModelGraph } from './ensemble-learner.js';

/** The arguments of each file-reading source that name files, as the catalogue marks them. */
const fileArguments: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  dataSources.flatMap((source) => {
    const files = source.args.filter((arg) => arg.file).map((arg) => arg.name);
    return files.length > 0 ? [[source.name, files]] : [];
  }),
);

/** Larger CSV files are left to `nnc train`, so a check stays quick. */
const MAX_CHECKED_BYTES = 64 * 1024 * 1024;

/**
 * Where the data files are read: the disk for the command line; the language server's documents
 * (an open CSV's unsaved text) and file system otherwise.
 */
export interface DataFileHost {
  exists(file: string): boolean;
  /** The names in a folder; undefined when it cannot be read. */
  listFolder(folder: string): string[] | undefined;
  /** A regular file's text up to `maxBytes`, or why it cannot be read (never blocks, never throws). */
  readText(file: string, maxBytes: number): SourceRead;
  /** A key that changes whenever the file does, to reuse what was learnt from it. */
  stamp(file: string): string | undefined;
}

export const diskDataFiles: DataFileHost = {
  exists: (file) => fs.existsSync(file),
  listFolder: (folder) => {
    try {
      return fs.readdirSync(folder);
    } catch {
      return undefined;
    }
  },
  readText: (file, maxBytes) => readSourceFile(file, maxBytes),
  stamp: (file) => {
    try {
      const stats = fs.statSync(file);
      return `${stats.mtimeMs}:${stats.size}`;
    } catch {
      return undefined;
    }
  },
};

/** Diagnostics from reading the data files of the checked program's train runs. */
export function checkDataFiles(
  result: CheckResult,
  host: DataFileHost = diskDataFiles,
): Diagnostic[] {
  const checked = result.checked;
  if (!checked) return [];
  const out: Diagnostic[] = [];
  for (const run of checked.runs) {
    const decl = findDecl(result, run);
    if (!decl) continue;
    const bag = new DiagnosticBag(run.file);
    for (const setting of ['data', 'validation'] as const) {
      const call = run[setting];
      const value = decl.fields.find((f) => f.name.name === setting)?.value;
      if (!call?.complete || value?.kind !== 'Call' || !fileArguments[call.name]) continue;
      const folder = path.dirname(run.file);
      const missing = fileArguments[call.name].filter((name) => {
        const file = call.args[name];
        if (typeof file !== 'string' || host.exists(path.resolve(folder, file))) return false;
        reportMissing(file, folder, argumentSpan(value, call.name, name) ?? value.span, bag, host);
        return true;
      });
      if (missing.length > 0 || call.name !== 'csv') continue;
      const graph = findModelGraph(checked, run.model);
      checkCsv(call.args as DataArgs, folder, value.span, graph?.inputs, bag, host);
    }
    out.push(...bag.items);
  }
  return out;
}

function findDecl(result: CheckResult, run: TrainRun): TrainDecl | undefined {
  const ast = result.program?.files.get(run.file)?.ast;
  return ast?.declarations.find(
    (d): d is TrainDecl => d.kind === 'Train' && d.span.start === run.span.start,
  );
}

/** The span of argument `name` (by name, or by its place among the catalogue's positionals). */
function argumentSpan(call: CallExpr, source: string, name: string): Span | undefined {
  const named = call.args.find((a) => a.name?.name === name);
  if (named) return named.value.span;
  const position = fileArguments[source].indexOf(name);
  return call.args.filter((a) => !a.name)[position]?.value.span;
}

function reportMissing(
  file: string,
  folder: string,
  span: Span,
  bag: DiagnosticBag,
  host: DataFileHost,
): void {
  const parent = path.dirname(path.resolve(folder, file));
  // When the folder itself is missing there is no suggestion, and the help says so.
  const listed = host.listFolder(parent);
  let names = (listed ?? []).filter((n) => !n.startsWith('.'));
  const suggestion = suggestName(path.basename(file), names);
  const written = suggestion ? path.join(path.dirname(file), suggestion) : undefined;
  // Files of the same kind (`.csv`) when the folder has any, else every file.
  const sameKind = names.filter((n) => path.extname(n) === path.extname(file));
  if (sameKind.length > 0) names = sameKind;
  const shown = names.slice(0, 8).map((n) => `\`${n}\``);
  bag.report(
    DataMessages.DataFileMissing,
    span,
    {
      file,
      folder: path.relative(folder, parent) || '.',
      ...(listed === undefined
        ? {}
        : {
            files:
              names.length === 0
                ? 'no files'
                : `${shown.join(', ')}${names.length > shown.length ? `, … ${names.length - shown.length} more` : ''}`,
          }),
      ...(written ? { suggestion: written } : {}),
    },
    written
      ? {
          fixes: [{ title: `use ${written}`, edits: [{ span, newText: JSON.stringify(written) }] }],
        }
      : {},
  );
}

/** What reading a CSV taught, by file, version and options: an edit to the model reads it once. */
const learnt = new Map<string, TabularEncoding | DataError | 'too-large'>();
const LEARNT_KEPT = 16;

function checkCsv(
  args: DataArgs,
  folder: string,
  span: Span,
  inputs: readonly { name: string; shape: readonly number[] | undefined }[] | undefined,
  bag: DiagnosticBag,
  host: DataFileHost,
): void {
  const file = String(args.path);
  const encoding = planOnce(path.resolve(folder, file), file, args, host);
  if (encoding === 'too-large') return;
  if (encoding instanceof DataError) {
    bag.report(DataMessages.DataFileProblem, span, {
      file,
      detail: encoding.message.replace(`${file}: `, '').replace(`${file}, `, ''),
    });
    return;
  }
  const count = encoding.columns.reduce((n, c) => n + columnInputNames(c).length, 0);
  const columns = describeInputs(encoding);
  const input = inputs?.length === 1 ? inputs[0] : undefined;
  const shape = input?.shape;
  if (input && shape && shape.length === 1 && shape[0] !== count) {
    bag.report(DataMessages.CsvInputMismatch, span, {
      file,
      count,
      columns,
      input: input.name,
      shape: `[${shape.join(', ')}]`,
      help: `make the input \`${input.name}: [${count}]\`, or choose the columns with \`columns = [...]\` or \`drop = [...]\``,
    });
    return;
  }
  bag.report(DataMessages.CsvInputs, span, { file, count, columns, input: input?.name ?? 'input' });
}

function planOnce(
  full: string,
  file: string,
  args: DataArgs,
  host: DataFileHost,
): TabularEncoding | DataError | 'too-large' {
  const key = [full, host.stamp(full), file, JSON.stringify(csvOptions(args))].join('\0');
  const known = learnt.get(key);
  if (known) return known;
  let answer: TabularEncoding | DataError | 'too-large';
  const read = host.readText(full, MAX_CHECKED_BYTES);
  if ('text' in read) {
    try {
      answer = planCsv(read.text, { ...csvOptions(args), file }).encoding;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      answer = error;
    }
  } else if (read.problem === 'too-large') {
    answer = 'too-large';
  } else {
    const found = read.problem === 'missing' ? 'nothing (it was removed)' : read.kind;
    answer = new DataError(`expected a regular file, found ${found}`, { file });
  }
  if (learnt.size >= LEARNT_KEPT) learnt.delete(learnt.keys().next().value!);
  learnt.set(key, answer);
  return answer;
}

/** `Pclass, Sex → 2 one-hot columns (female, male), Age, Embarked → 4 (C, Q, S, (missing))`. */
export function describeInputs(encoding: TabularEncoding): string {
  return encoding.columns
    .map((column) => {
      if (column.kind === 'numeric') return `\`${column.name}\``;
      const names = columnInputNames(column).map((n) => n.slice(column.name.length + 1));
      const shown = names.length > 6 ? [...names.slice(0, 5), `… ${names.length - 5} more`] : names;
      return `\`${column.name}\` → ${names.length} one-hot columns (${shown.join(', ')})`;
    })
    .join(', ');
}
