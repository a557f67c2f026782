// `nnc evaluate FILE --weights CKPT`: a trained classifier's evaluation report (ROC with AUC and a
// bootstrap interval, precision–recall, score distributions with the KS overtraining test, or the
// confusion matrix) on its run's splits, as JSON + SVG + PNG and a summary on the terminal.

import * as path from 'node:path';
import { Command } from 'commander';
import {
  DataError,
  SafetensorsError,
  buildEvaluationReport,
  formatNumber,
  formatPercent,
  labelledRows,
  reportTask,
  writeEvaluationReport,
  type CompiledModel,
  type Dataset,
  type EvaluationReport,
  type ReportHeader,
  type SplitOutputs,
} from '@nnet/runtime/train';
import type { CliContext } from './main.js';
import { missingSplitMessage, type SplitName } from './missing-split.js';
import { wholeNumberFlagProblem } from './number-flags.js';
import { loadSplits } from '../run/load-splits.js';
import { loadTrainedModel } from './trained-model.js';
import { writeRegressionPictures, type RegressionContext } from './regression-pictures.js';

interface EvaluateOptions {
  run?: string;
  model?: string;
  weights?: string;
  split: string;
  out?: string;
  seed?: string;
}

const splitNames = ['training', 'validation', 'test'] as const;

export function registerEvaluateCommand(program: Command, cli: CliContext): void {
  program
    .command('evaluate')
    .description(
      "write a trained model's evaluation report (JSON, SVG, PNG): for classifiers ROC/AUC with a bootstrap interval, precision–recall, score distributions with a Kolmogorov–Smirnov overtraining test, or the confusion matrix; for regression mse/mae/R², residuals and, for 1-D inputs, the fit with each hidden unit's contribution",
    )
    .argument('<file>', 'a .nnet file')
    .option('-r, --run <name>', 'the train run whose data and loss to use (default: the first)')
    .option('-m, --model <name>', 'the model (default: the run’s)')
    .option(
      '-w, --weights <checkpoint>',
      'the trained weights (default: out/<run>/checkpoint.safetensors, where nnc train writes them)',
    )
    .option(
      '--split <name>',
      'the split the curves and the AUC interval are computed on: training, validation or test',
      'test',
    )
    .option('-o, --out <dir>', 'folder for the report (default: out/<run>/evaluation)')
    .option(
      '--seed <n>',
      "the seed that splits the data (default: the checkpoint's, i.e. the one nnc train used)",
    )
    .action(async (file: string, options: EvaluateOptions) => {
      try {
        await evaluateCommand(file, options, cli);
      } catch (error) {
        if (error instanceof DataError || error instanceof SafetensorsError) {
          cli.io.stderr(`nnc: ${error.message}\n`);
          cli.setExit(1);
          return;
        }
        throw error;
      }
    });
}

async function evaluateCommand(file: string, options: EvaluateOptions, cli: CliContext) {
  const seedProblem = wholeNumberFlagProblem('--seed', options.seed, Number.MIN_SAFE_INTEGER);
  if (seedProblem) {
    cli.io.stderr(seedProblem);
    cli.setExit(2);
    return;
  }
  if (!(splitNames as readonly string[]).includes(options.split)) {
    cli.io.stderr(`nnc: --split must be one of ${splitNames.join(', ')}; got "${options.split}"\n`);
    cli.setExit(2);
    return;
  }
  const trained = await loadTrainedModel(file, options, cli);
  if (!trained) return;
  const { model, run } = trained;
  if (!run?.data || !model.loss) {
    cli.io.stderr(
      `nnc: evaluate needs a train run with data and a loss for ${model.name} in ${cli.display(cli.resolve(file))}; add e.g. \`train ${model.name} { data = …, loss = … }\`\n`,
    );
    cli.setExit(2);
    return;
  }
  if (!trained.weights)
    cli.io.stderr(
      `nnc: warning: no checkpoint at ${path.join('out', run.name, 'checkpoint.safetensors')} and no --weights: evaluating the initial (untrained) weights\n`,
    );
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
  const task = reportTask(model.loss.task, outputSize);
  if (!task) {
    cli.io.stderr(
      `nnc: evaluation reports are for classifiers and regression; ${model.name} is trained with ${model.loss.name} (${model.loss.task}). See its outputs with \`nnc eval ${cli.display(cli.resolve(file))} --split test\`\n`,
    );
    cli.setExit(2);
    return;
  }
  const source = cli.resolve(file);
  const data = loadSplits(run, model, path.dirname(source), trained.seed);
  const available = { training: data.train, validation: data.validation, test: data.test };
  if (!available[options.split as keyof typeof available]) {
    const present = Object.entries(available)
      .filter(([, part]) => part)
      .map(([name]) => name as SplitName);
    cli.io.stderr(
      missingSplitMessage(cli.display(source), run.name, run.data.name, options.split, present),
    );
    cli.setExit(1);
    return;
  }
  const folder = cli.resolve(options.out ?? path.join('out', run.name, 'evaluation'));
  await writeEvaluation(
    model,
    available,
    {
      model: model.name,
      run: run.name,
      source: cli.display(source),
      ...(trained.weights ? { checkpoint: trained.weights } : {}),
    },
    options.split,
    folder,
    cli,
    { graph: trained.graph, run, result: trained.result },
  );
}

/** Every output of the model on a data set, batch by batch. */
export function predictAll(model: CompiledModel, data: Dataset, batch = 256): Float32Array {
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
  const outputs = new Float32Array(data.count * outputSize);
  for (let start = 0; start < data.count; start += batch) {
    const size = Math.min(batch, data.count - start);
    outputs.set(
      model.predict(data.inputs.subarray(start * inputSize, (start + size) * inputSize), size),
      start * outputSize,
    );
  }
  return outputs;
}

/**
 * Builds the report on the given splits, writes it to `folder` and prints its summary; used by
 * `nnc evaluate` and at the end of `nnc train`. Undefined when the model is not a classifier.
 */
export async function writeEvaluation(
  model: CompiledModel,
  splits: Partial<Record<(typeof splitNames)[number], Dataset | undefined>>,
  header: Omit<ReportHeader, 'classNames'>,
  main: string,
  folder: string,
  cli: CliContext,
  context?: RegressionContext,
): Promise<EvaluationReport | undefined> {
  // A class per output row (graph nodes): each labelled row of a split is one sample of the report.
  const rows = model.loss?.targetsAreIndices
    ? model.loss.targetShape.reduce((a, b) => a * b, 1)
    : 1;
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1) / rows;
  const task = reportTask(model.loss?.task, outputSize);
  if (!task) return undefined;
  const outputs: Record<string, SplitOutputs> = {};
  let classNames: string[] | undefined;
  for (const name of splitNames) {
    const data = splits[name];
    if (!data || data.count === 0) continue;
    classNames ??= data.classNames;
    outputs[name] =
      rows > 1
        ? labelledRows(
            predictAll(model, data),
            data.targets as Int32Array,
            outputSize,
            data.count * rows,
          )
        : { outputs: predictAll(model, data), targets: data.targets, count: data.count };
  }
  const report = buildEvaluationReport(
    { ...header, ...(classNames ? { classNames } : {}) },
    task,
    outputSize,
    outputs,
    { main },
  );
  const written = await writeEvaluationReport(report, folder);
  if (task === 'regression') {
    const withOutputs = Object.fromEntries(
      Object.keys(outputs).map((name) => [
        name,
        { data: splits[name as (typeof splitNames)[number]]!, outputs: outputs[name].outputs },
      ]),
    );
    const who =
      header.run && header.run !== header.model ? `${header.model} — ${header.run}` : header.model;
    written.push(...(await writeRegressionPictures(model, withOutputs, context, who, folder, cli)));
  }
  cli.io.stdout(evaluationSummary(report));
  cli.io.stdout(`wrote ${written.map((f) => cli.display(f)).join(', ')}\n`);
  return report;
}

/** The report in a few lines for the terminal. */
export function evaluationSummary(report: EvaluationReport): string {
  const lines: string[] = [];
  if (report.binary) {
    const { main, splits, aucInterval, overtraining } = report.binary;
    const summary = splits[main];
    const others = Object.keys(splits).filter((n) => n !== main);
    const inOthers = (pick: (n: string) => string) =>
      others.length ? ` (${others.map((n) => `${n} ${pick(n)}`).join(', ')})` : '';
    lines.push(
      `evaluation on ${main}: ${summary.count} samples, ${summary.positives} signal (positive), ${summary.negatives} background`,
      `  AUC ${formatNumber(summary.auc, 4)}, ${Math.round(aucInterval.level * 100)} % CI ${formatNumber(aucInterval.low, 4)}–${formatNumber(aucInterval.high, 4)} (${aucInterval.resamples} bootstrap resamples)${inOthers((n) => formatNumber(splits[n].auc, 4))}`,
      `  average precision ${formatNumber(summary.averagePrecision, 4)}`,
    );
    summary.efficiencies.forEach((point, i) =>
      lines.push(
        `  signal efficiency at background ${formatPercent(point.background, 0)}: ${formatNumber(point.signal)}${inOthers((n) => formatNumber(splits[n].efficiencies[i].signal))}, score cut ${Number.isFinite(point.threshold) ? formatNumber(point.threshold) : 'none'}`,
      ),
    );
    const at = summary.atThreshold;
    lines.push(
      `  at score > ${at.threshold}: accuracy ${formatPercent(at.accuracy, 2)}, precision ${formatNumber(at.precision)}, recall ${formatNumber(at.recall)}`,
    );
    if (overtraining)
      lines.push(
        `  Kolmogorov–Smirnov, training vs ${main}: signal probability ${formatNumber(overtraining.signal.pValue)}, background ${formatNumber(overtraining.background.pValue)}${Math.min(overtraining.signal.pValue, overtraining.background.pValue) < 0.01 ? ' — below 0.01: the scores differ, a sign of overtraining' : ''}`,
      );
  } else if (report.multiclass) {
    const { main, splits } = report.multiclass;
    const summary = splits[main];
    const names = Array.from(
      { length: report.outputSize },
      (_, k) => report.classNames?.[k] ?? String(k),
    );
    const width = Math.max(5, ...names.map((n) => n.length));
    lines.push(
      `evaluation on ${main}: ${summary.perClass.reduce((s, c) => s + c.support, 0)} samples, accuracy ${formatPercent(summary.accuracy, 2)}, macro F1 ${formatNumber(summary.macro.f1)}, macro one-vs-rest AUC ${formatNumber(summary.macroAuc, 4)}`,
      `  ${'class'.padEnd(width)}  precision  recall     F1  support     AUC`,
      ...summary.perClass.map(
        (c, k) =>
          `  ${names[k].padEnd(width)}  ${formatNumber(c.precision).padStart(9)}  ${formatNumber(c.recall).padStart(6)}  ${formatNumber(c.f1).padStart(5)}  ${String(c.support).padStart(7)}  ${formatNumber(summary.oneVsRestAuc[k], 4).padStart(6)}`,
      ),
    );
  } else if (report.regression) {
    const { main, splits } = report.regression;
    lines.push(
      `evaluation on ${main}: ${splits[main].count} samples`,
      ...Object.entries(splits).map(
        ([name, s]) =>
          `  ${name.padEnd(10)} mse ${formatNumber(s.mse, 4)}, mae ${formatNumber(s.mae, 4)}, R² ${formatNumber(s.r2, 4)}`,
      ),
    );
  } else if (report.multilabel) {
    const { main, splits } = report.multilabel;
    const summary = splits[main];
    lines.push(
      `evaluation on ${main}: subset accuracy ${formatPercent(summary.subsetAccuracy, 2)} (every label right), label accuracy ${formatPercent(summary.labelAccuracy, 2)}`,
      ...summary.perLabel.map(
        (l, k) =>
          `  ${report.classNames?.[k] ?? `label ${k}`}: accuracy ${formatPercent(l.accuracy, 2)}, AUC ${formatNumber(l.auc, 4)}, ${l.positives} positive`,
      ),
    );
  }
  return lines.join('\n') + '\n';
}
