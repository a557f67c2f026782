// `nnc eval` (alias `nnc predict`): run a model — hand-set, seeded, or trained (`--weights`, by
// default the run's checkpoint) — on samples from `--input` (JSON or a CSV/JSON/IDX file) or a split
// of its run's data, and print any named values (`--output`, repeatable) as a table, CSV or JSON.
// A named value inside the model is read by compiling the model cut at that value (no emitter change).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import {
  DataError,
  SafetensorsError,
  tabularFromJson,
  type CompiledModel,
  type Dataset,
  type TabularEncoding,
} from '@nnet/runtime/train';
import type { CheckResult } from '../compile.js';
import { weightsFor, type ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { pickModel } from './pick-model.js';
import { predictAll } from './evaluate.js';
import { EvalInputError, readEvalInput } from './eval-inputs.js';
import type { CliContext } from './main.js';
import { missingSplitMessage, type SplitName } from './missing-split.js';
import { wholeNumberFlagProblem } from './number-flags.js';
import { loadSplits } from '../run/load-splits.js';
import { numberSetting } from '../run/fit-settings.js';
import { compileAndCreate, defaultCheckpoint, loadCheckpoint } from './trained-model.js';
import { evalEnsemble } from './eval-ensemble.js';
import { labelledRowLines } from './eval-rows.js';

interface EvalOptions {
  input?: string;
  split?: string;
  model?: string;
  run?: string;
  weights?: string;
  output?: string[];
  format: 'table' | 'csv' | 'json';
  seed?: string;
  limit?: string;
}

interface Column {
  name: string;
  /** count × size values. */
  values: ArrayLike<number>;
  size: number;
  /** Class names for a column of class indices (a CSV's text labels), shown in tables and CSV. */
  labels?: readonly string[];
}

export function registerEvalCommand(program: Command, cli: CliContext): void {
  program
    .command('eval')
    .alias('predict')
    .description(
      "print a model's outputs (or any named value inside it) for given samples, with hand-set, seeded or trained weights",
    )
    .argument('<file>', 'a .nnet file')
    .option(
      '-i, --input <json-or-file>',
      "the samples: a JSON list like '[[0,0],[0,1]]', or a .csv, .json or .idx file",
    )
    .option(
      '--split <name>',
      "instead of --input, the samples of a split of the run's data: training, validation or test (targets shown too)",
    )
    .option('-m, --model <name>', 'the model to run (default: the first, or the run’s)')
    .option('-r, --run <name>', 'the train run whose checkpoint and data to use')
    .option(
      '-w, --weights <checkpoint>',
      "trained weights (default: out/<run>/checkpoint.safetensors if it exists, else the model's hand-set or seeded weights)",
    )
    .option(
      '-o, --output <name>',
      'a named value to print: a layer (`dense_1`), a name given with `h = …`, or an output; repeat for several (default: the outputs)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(
      new Option('--format <format>', 'how to print the results')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .option('--limit <n>', 'print at most n samples (of a split or file)')
    .option(
      '--seed <n>',
      "seed for weights that are neither hand-set nor loaded, and for the run's split",
    )
    .action(async (file: string, options: EvalOptions) => {
      try {
        await evalCommand(file, options, cli);
      } catch (error) {
        if (
          error instanceof DataError ||
          error instanceof SafetensorsError ||
          error instanceof EvalInputError
        ) {
          cli.io.stderr(`nnc: ${error.message}\n`);
          cli.setExit(error instanceof EvalInputError ? 2 : 1);
          return;
        }
        throw error;
      }
    });
}

/** The value a name refers to: a user name, a layer's name, or an input's. */
function findValue(graph: ModelGraph, name: string): number | undefined {
  return (
    graph.values.find((v) => v.name === name)?.id ??
    graph.nodes.find((n) => n.name === name)?.output ??
    graph.inputs.find((i) => i.name === name)?.valueId
  );
}

function valueNames(graph: ModelGraph): string[] {
  const names = new Set<string>();
  for (const v of graph.values) if (v.name) names.add(v.name);
  for (const n of graph.nodes) names.add(n.name);
  return [...names];
}

async function evalCommand(file: string, options: EvalOptions, cli: CliContext): Promise<void> {
  if ((options.input === undefined) === (options.split === undefined)) {
    cli.io.stderr(
      'nnc: eval needs its samples from exactly one of --input (JSON or a .csv/.json/.idx file) and --split (training, validation or test)\n',
    );
    cli.setExit(2);
    return;
  }
  const flagProblem =
    wholeNumberFlagProblem('--seed', options.seed, Number.MIN_SAFE_INTEGER) ??
    wholeNumberFlagProblem('--limit', options.limit, 1);
  if (flagProblem) {
    cli.io.stderr(flagProblem);
    cli.setExit(2);
    return;
  }
  // `--split` reads the run's data: its files are checked first, as `nnc check` does.
  const result = cli.check(file, true, options.split !== undefined);
  if (!result?.checked || hasErrors(result.diagnostics)) return;
  const picked = pickModel(result, options, cli);
  if (!picked) return;
  const { graph, run } = picked;
  const runSeed = run ? numberSetting(run, 'seed', 0) : 0;
  const ensemble = run?.ensemble
    ? result.checked.ensembles.find((e) => e.name === run.ensemble && e.file === run.file)
    : undefined;
  if (ensemble && run)
    return evalEnsemble(ensemble, graph, run, result, options, cli, {
      splitData: (seed) => splitData(graph, run, options.split!, file, seed, result, cli),
      render,
    });

  const requested =
    options.output ??
    graph.outputs.map(
      (id) => graph.values[id]?.name ?? graph.nodes.find((n) => n.output === id)?.name ?? 'output',
    );
  const valueIds: number[] = [];
  for (const name of requested) {
    const id = options.output ? findValue(graph, name) : undefined;
    if (options.output && id === undefined) {
      cli.io.stderr(
        `nnc: model ${graph.name} has no value named "${name}"; its named values are: ${valueNames(graph).join(', ')}\n`,
      );
      cli.setExit(2);
      return;
    }
    valueIds.push(id ?? graph.outputs[valueIds.length]);
  }

  let weights = options.weights;
  if (!weights && run && fs.existsSync(cli.resolve(defaultCheckpoint(run.name))))
    weights = defaultCheckpoint(run.name);
  let seed = options.seed !== undefined ? Number(options.seed) || 0 : runSeed;

  // One module per requested value: the model cut at that value, with the checkpoint's weights.
  const models: CompiledModel[] = [];
  let tabular: TabularEncoding | undefined;
  for (const id of valueIds) {
    const model = await compileAndCreate({ ...graph, outputs: [id] }, undefined, result, cli, seed);
    if (!model) return;
    if (weights) {
      const metadata = loadCheckpoint(model, weights, cli);
      if (!metadata) return;
      if (options.seed === undefined && metadata.seed !== undefined) seed = Number(metadata.seed);
      if (metadata.tabular) tabular = tabularFromJson(metadata.tabular, weights);
    }
    models.push(model);
  }
  const inputShape = models[0].inputShape;

  let inputs: Float32Array | Int32Array;
  let count: number;
  let shown: unknown[];
  let targets: Column | undefined;
  if (options.split !== undefined) {
    const data = await splitData(graph, run, options.split, file, seed, result, cli);
    if (!data) return;
    inputs = data.inputs;
    count = data.count;
    const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
    // Float32 inputs shown at their precision (-1.04, not -1.0399999618530273).
    shown = Array.from({ length: count }, (_, i) =>
      inputSize <= 8
        ? Array.from(data.inputs.subarray(i * inputSize, (i + 1) * inputSize), (v) =>
            Number(v.toPrecision(7)),
          )
        : `#${i + 1}`,
    );
    const targetSize = Math.max(1, data.targets.length / Math.max(1, data.count));
    targets = {
      name: 'target',
      values: data.targets,
      size: targetSize,
      ...(data.classNames && targetSize === 1 ? { labels: data.classNames } : {}),
    };
  } else {
    const targetColumn =
      run?.data?.name === 'csv' && typeof run.data.args.target === 'string'
        ? run.data.args.target
        : undefined;
    const samples = readEvalInput(options.input!, inputShape, cli.resolve, targetColumn, tabular);
    count = samples.count;
    shown = samples.shown;
    inputs =
      models[0].inputDtype === 'int'
        ? Int32Array.from(samples.values)
        : Float32Array.from(samples.values);
  }
  const limit =
    options.limit !== undefined ? Math.max(0, Math.floor(Number(options.limit))) : count;
  count = Math.min(count, limit);
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const data: Dataset = {
    inputs: inputs.subarray(0, count * inputSize),
    targets: new Float32Array(0),
    count,
    inputShape: [...inputShape],
    targetShape: [],
    task: 'regression',
  };
  if (!weights && run && !everyWeightHandSet(graph))
    // A model with a train run but no checkpoint here (e.g. nnc run from another folder than
    // `nnc train` was): say these are not trained outputs, as `nnc evaluate` does.
    cli.io.stderr(
      `nnc: warning: no checkpoint at ${defaultCheckpoint(run.name)} (where \`nnc train\` writes it, in the folder it runs in) and no --weights: these outputs come from the model's initial weights (hand-set or seeded), not trained ones\n`,
    );
  const columns: Column[] = models.map((model, k) => ({
    name: requested[k],
    values: predictAll(model, data),
    size: model.outputShape.reduce((a, b) => a * b, 1),
  }));
  // A class per row (graph nodes): a line per labelled node of the split.
  const perRow = targets ? labelledRowLines(columns, targets, count) : undefined;
  if (perRow) {
    cli.io.stdout(render(options.format, perRow.shown, perRow.columns, perRow.count, false));
    return;
  }
  if (targets) columns.push({ ...targets, values: targets.values });
  cli.io.stdout(
    render(
      options.format,
      shown.slice(0, count),
      columns,
      count,
      options.split === undefined && columns.length === 1,
    ),
  );
}

async function splitData(
  graph: ModelGraph,
  run: TrainRun | undefined,
  split: string,
  file: string,
  seed: number,
  result: CheckResult,
  cli: CliContext,
): Promise<Dataset | undefined> {
  if (!run?.data || !run.loss) {
    cli.io.stderr(
      `nnc: --split reads the data of a train run, and ${graph.name} has none in ${cli.display(cli.resolve(file))}; pass --input instead\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  const trainable = await compileAndCreate(graph, run, result, cli, seed);
  if (!trainable) return undefined;
  const source = cli.resolve(file);
  const data = loadSplits(run, trainable, path.dirname(source), seed);
  const chosen = { training: data.train, validation: data.validation, test: data.test }[
    split as 'training' | 'validation' | 'test'
  ];
  if (!['training', 'validation', 'test'].includes(split) || !chosen) {
    const present: SplitName[] = [
      'training',
      ...(data.validation ? ['validation' as const] : []),
      ...(data.test ? ['test' as const] : []),
    ];
    cli.io.stderr(
      missingSplitMessage(cli.display(source), run.name, run.data.name, split, present),
    );
    cli.setExit(1);
    return undefined;
  }
  return chosen;
}

const formatValue = (v: number) => String(Number(v.toPrecision(6)));

/** A value of a column as printed: its class name when the column has them, else the number. */
const show = (column: Column, v: number) => column.labels?.[v] ?? formatValue(v);

function row(column: Column, i: number): number[] {
  return Array.from({ length: column.size }, (_, k) => column.values[i * column.size + k]);
}

function render(
  format: 'table' | 'csv' | 'json',
  shown: unknown[],
  columns: Column[],
  count: number,
  classic: boolean,
): string {
  if (format === 'json') {
    const records = Array.from({ length: count }, (_, i) => ({
      input: shown[i],
      ...Object.fromEntries(
        columns.map((c) => {
          const values = row(c, i);
          return [c.name, values.length === 1 ? values[0] : values];
        }),
      ),
    }));
    return (
      JSON.stringify(records, null, 1).replace(
        /\[\s+([^[\]{}]*?)\s+\]/g,
        (_, items: string) => `[${items.replace(/\s*\n\s*/g, ' ')}]`,
      ) + '\n'
    );
  }
  if (format === 'csv') {
    const header = [
      'sample',
      ...columns.flatMap((c) =>
        c.size === 1 ? [c.name] : Array.from({ length: c.size }, (_, k) => `${c.name}[${k}]`),
      ),
    ];
    const lines = [header.map(csvField).join(',')];
    for (let i = 0; i < count; i++)
      lines.push(
        [String(i + 1), ...columns.flatMap((c) => row(c, i).map((v) => csvField(show(c, v))))].join(
          ',',
        ),
      );
    return lines.join('\n') + '\n';
  }
  const cell = (values: number[], column?: Column) => {
    const text = values
      .slice(0, 12)
      .map((v) => (column ? show(column, v) : formatValue(v)))
      .join(', ');
    return values.length === 1
      ? text
      : `[${text}${values.length > 12 ? `, … ${values.length - 12} more` : ''}]`;
  };
  // A sample as given (a list), or its label when it has one (`#3` of an IDX file, a CSV row).
  const input = (i: number) =>
    typeof shown[i] === 'string' ? (shown[i] as string) : JSON.stringify(shown[i]);
  if (classic) {
    // One output for given inputs: `input -> output`, as nnc eval always printed.
    return Array.from(
      { length: count },
      (_, i) => `${input(i)} -> ${cell(row(columns[0], i))}\n`,
    ).join('');
  }
  const table = [
    ['input', ...columns.map((c) => c.name)],
    ...Array.from({ length: count }, (_, i) => [
      input(i),
      ...columns.map((c) => cell(row(c, i), c)),
    ]),
  ];
  const widths = table[0].map((_, k) => Math.max(...table.map((r) => r[k].length)));
  return (
    table
      .map((r) =>
        r
          .map((text, k) => text.padEnd(widths[k]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

const csvField = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Whether `with { weights = …, bias = … }` (or `load`) sets every weight: nothing is seeded. */
function everyWeightHandSet(graph: ModelGraph): boolean {
  return graph.nodes.every(
    (node) =>
      node.shared !== undefined ||
      node.tied !== undefined ||
      weightsFor(node, 'keras').every((weight) => node.overrides[weight.name] !== undefined),
  );
}
