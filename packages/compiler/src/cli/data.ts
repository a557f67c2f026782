// `nnc data FILE`: what a train run's data becomes — its columns as inputs, the split sizes — and,
// with `--split NAME`, that split as CSV: a csv(…) source's original rows (header included, in the
// split's order), any other source's inputs and targets as numbers. Uses the split `nnc train` uses.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import {
  DataError,
  columnInputNames,
  parseCsv,
  readDataFile,
  type Dataset,
  type TabularEncoding,
} from '@nnet/runtime/train';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { pickModel } from './pick-model.js';
import type { CliContext } from './main.js';
import { missingSplitMessage, type SplitName } from './missing-split.js';
import { loadSplits } from '../run/load-splits.js';
import { numberSetting } from '../run/fit-settings.js';
import { compileAndCreate } from './trained-model.js';
import { writeAtomically } from '../write-atomically.js';

interface DataOptions {
  run?: string;
  split?: 'training' | 'validation' | 'test';
  out?: string;
  seed?: string;
}

export function registerDataCommand(program: Command, cli: CliContext): void {
  program
    .command('data')
    .description(
      "show what a train run's data becomes (columns → inputs, split sizes), or write one split as CSV",
    )
    .argument('<file>', 'a .nnet file')
    .option('-r, --run <name>', 'the train run whose data to read (default: the first)')
    .addOption(
      new Option(
        '--split <name>',
        "write this split as CSV: a csv(…) file's own rows, other sources' inputs and targets",
      ).choices(['training', 'validation', 'test']),
    )
    .option('-o, --out <file>', 'with --split: the CSV file to write (default: print it)')
    .option('--seed <n>', "the seed that splits the data (default: the run's, as nnc train uses)")
    .action(async (file: string, options: DataOptions) => {
      try {
        await dataCommand(file, options, cli);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        cli.io.stderr(`nnc: ${error.message}\n`);
        cli.setExit(1);
      }
    });
}

async function dataCommand(file: string, options: DataOptions, cli: CliContext): Promise<void> {
  const result = cli.check(file, true, true);
  if (!result?.checked || hasErrors(result.diagnostics)) return;
  const picked = pickModel(result, { ...options, firstRun: true }, cli);
  if (!picked) return;
  const { graph, run } = picked;
  if (!run?.data || !run.loss) {
    cli.io.stderr(`nnc: ${cli.display(cli.resolve(file))} has no train run with data\n`);
    cli.setExit(2);
    return;
  }
  const seed = options.seed !== undefined ? Number(options.seed) : numberSetting(run, 'seed', 0);
  if (!Number.isInteger(seed)) {
    cli.io.stderr(`nnc: --seed expects a whole number, found '${options.seed}'\n`);
    cli.setExit(2);
    return;
  }
  const model = await compileAndCreate(graph, run, result, cli, seed);
  if (!model) return;
  const baseDir = path.dirname(cli.resolve(file));
  const splits = loadSplits(run, model, baseDir, seed);
  const parts = { training: splits.train, validation: splits.validation, test: splits.test };
  if (!options.split) {
    cli.io.stdout(describeData(run.name, run.data.name, parts));
    return;
  }
  const chosen = parts[options.split];
  if (!chosen) {
    const present = Object.entries(parts)
      .filter(([, part]) => part)
      .map(([name]) => name as SplitName);
    cli.io.stderr(
      missingSplitMessage(
        cli.display(cli.resolve(file)),
        run.name,
        run.data.name,
        options.split,
        present,
      ),
    );
    cli.setExit(1);
    return;
  }
  const csvPath =
    run.data.name === 'csv' && typeof run.data.args.path === 'string'
      ? path.resolve(baseDir, run.data.args.path)
      : undefined;
  const text =
    csvPath && chosen.sourceRows
      ? originalRows(csvPath, chosen.sourceRows, run.data.args)
      : numericRows(chosen);
  if (options.out) {
    fs.mkdirSync(path.dirname(cli.resolve(options.out)), { recursive: true });
    writeAtomically(cli.resolve(options.out), text);
    cli.io.stdout(
      `wrote ${cli.display(cli.resolve(options.out))}: the ${chosen.count.toLocaleString('en-US')} samples of the ${options.split} split of run ${run.name} (seed ${seed})\n`,
    );
  } else cli.io.stdout(text);
}

/** The split sizes and, for a CSV, how each column becomes inputs. */
function describeData(
  run: string,
  source: string,
  parts: Record<string, Dataset | undefined>,
): string {
  const train = parts.training!;
  const lines = [
    `run ${run}: ${source}(…) → inputs [${train.inputShape.join(', ')}], ${Object.entries(parts)
      .filter(([, part]) => part)
      .map(([name, part]) => `${part!.count.toLocaleString('en-US')} ${name}`)
      .join(', ')} samples`,
  ];
  const tabular = train.tabular;
  if (tabular) lines.push(...describeColumns(tabular));
  // A graph: its packed inputs, and how many nodes each split labels.
  if (train.inputParts) {
    lines.push(
      `  each sample: ${train.inputParts.map((p) => `${p.name} [${p.shape.join(', ')}]`).join(', then ')}`,
      `  labelled nodes: ${Object.entries(parts)
        .filter(([, part]) => part)
        .map(([name, part]) => `${part!.targets.filter((t) => t !== -1).length} ${name}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** One line per input column: `Sex (text) → 2 one-hot inputs: female, male`. */
export function describeColumns(tabular: TabularEncoding): string[] {
  const statistics = tabular.statistics;
  let numeric = 0;
  const lines = tabular.columns.map((column) => {
    if (column.kind === 'text') {
      const names = columnInputNames(column).map((name) => name.slice(column.name.length + 1));
      return `  ${column.name} (text) → ${names.length} one-hot inputs: ${names.join(', ')}`;
    }
    const k = numeric++;
    const fitted = statistics
      ? `; missing → ${round(statistics.fill[k])}${tabular.scale === 'none' ? '' : `, then (x − ${round(statistics.center[k])}) / ${round(statistics.divisor[k])}`}`
      : '';
    return `  ${column.name} (number) → 1 input${fitted}`;
  });
  return [
    `target ${tabular.target}; missing numbers → the training split's ${tabular.missing}, scale ${tabular.scale}${statistics ? ` (fitted on ${statistics.rows.toLocaleString('en-US')} training rows)` : ''}`,
    ...lines,
  ];
}

const round = (value: number) => String(Number(value.toPrecision(5)));

/** The file's header and the records at `lines` (1-based line numbers), in that order. */
function originalRows(
  file: string,
  lines: Int32Array,
  args: Readonly<Record<string, unknown>>,
): string {
  const text = readDataFile(file, () => fs.readFileSync(file, 'utf8'));
  const delimiter = typeof args.delimiter === 'string' ? args.delimiter : ',';
  const records = parseCsv(text, delimiter, file);
  const byLine = new Map(records.map((record) => [record.line, record]));
  const field = (value: string) =>
    value.includes(delimiter) || /["\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const row = (fields: string[]) => fields.map(field).join(delimiter);
  const out = args.header === false ? [] : [row(records[0].fields)];
  for (const line of lines) out.push(row(byLine.get(line)!.fields));
  return out.join('\n') + '\n';
}

/** Inputs and targets as numbers, one sample per row, named by the source's input names. */
function numericRows(data: Dataset): string {
  const inputSize = data.inputs.length / Math.max(1, data.count);
  const targetSize = data.targets.length / Math.max(1, data.count);
  const inputNames = data.inputNames ?? Array.from({ length: inputSize }, (_, i) => `x${i + 1}`);
  const targetNames =
    targetSize === 1 ? ['target'] : Array.from({ length: targetSize }, (_, i) => `target${i + 1}`);
  const lines = [[...inputNames, ...targetNames].join(',')];
  for (let s = 0; s < data.count; s++) {
    const values = [
      ...Array.from(data.inputs.subarray(s * inputSize, (s + 1) * inputSize)),
      ...Array.from(data.targets.subarray(s * targetSize, (s + 1) * targetSize)),
    ];
    lines.push(values.map((v) => String(Number(v.toPrecision(7)))).join(','));
  }
  return lines.join('\n') + '\n';
}
