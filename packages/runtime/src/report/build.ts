// Builds the evaluation report of a classifier from its outputs on each split: decides the task
// (binary: one output with a binary loss; multilabel: several; multiclass: class targets), and
// gathers the summaries the pictures and the JSON file show. Pure computation, no files.

import { buildBinaryReport, type BinaryReport } from './binary.js';
import {
  summarizeMulticlass,
  summarizeMultilabel,
  trueClasses,
  type MulticlassSummary,
  type MultilabelSummary,
} from './classes.js';
import { rocCurve, type RocCurve } from './curves.js';
import { regressionScores, type RegressionScores } from './regression.js';

export type ReportTask = 'binary' | 'multiclass' | 'multilabel' | 'regression';

export interface SplitOutputs {
  /** count × outputSize model outputs. */
  outputs: Float32Array;
  /** Class indices (count) or per-output targets (count × outputSize). */
  targets: Float32Array | Int32Array;
  count: number;
}

export interface ReportHeader {
  model: string;
  run?: string;
  /** Paths as the user gave them, relative to where nnc ran: never absolute. */
  source: string;
  checkpoint?: string;
  classNames?: string[];
}

export interface EvaluationReport extends ReportHeader {
  format: 'nnet-evaluation-report';
  version: 1;
  task: ReportTask;
  outputSize: number;
  binary?: BinaryReport;
  multiclass?: {
    main: string;
    splits: Record<string, MulticlassSummary>;
    /** The main split's one-vs-rest ROC curve of each class. */
    oneVsRestRoc: RocCurve[];
  };
  /** Regression models: mse, mae and R² per split (pictures: fit.svg, residuals.svg). */
  regression?: { main: string; splits: Record<string, RegressionScores> };
  multilabel?: {
    main: string;
    splits: Record<string, MultilabelSummary>;
    /** The main split's ROC curve of each label. */
    roc: RocCurve[];
  };
}

/**
 * Which report fits a model: `lossTask` is the loss's task from the catalogue (binary,
 * multiclass, regression, …). Undefined for the others (distributions).
 */
export function reportTask(
  lossTask: string | undefined,
  outputSize: number,
): ReportTask | undefined {
  if (lossTask === 'binary' || lossTask === 'perceptron')
    return outputSize === 1 ? 'binary' : 'multilabel';
  if (lossTask === 'multiclass') return outputSize === 1 ? undefined : 'multiclass';
  if (lossTask === 'regression') return 'regression';
  return undefined;
}

const mainSplit = (names: string[]) => (names.includes('test') ? 'test' : names[names.length - 1]);

export function buildEvaluationReport(
  header: ReportHeader,
  task: ReportTask,
  outputSize: number,
  splits: Record<string, SplitOutputs>,
  options: { seed?: number; resamples?: number; main?: string } = {},
): EvaluationReport {
  const names = Object.keys(splits);
  if (names.length === 0) throw new RangeError('an evaluation report needs at least one split');
  const main = options.main ?? mainSplit(names);
  if (!names.includes(main)) throw new RangeError(`no split ${main} among ${names.join(', ')}`);
  const report: EvaluationReport = {
    format: 'nnet-evaluation-report',
    version: 1,
    ...header,
    task,
    outputSize,
  };
  if (task === 'regression') {
    report.regression = {
      main,
      splits: Object.fromEntries(
        names.map((n) => [n, regressionScores(splits[n].outputs, splits[n].targets)]),
      ),
    };
  } else if (task === 'binary') {
    report.binary = buildBinaryReport(
      Object.fromEntries(
        names.map((n) => [n, { scores: splits[n].outputs, labels: splits[n].targets }]),
      ),
      { ...options, main },
    );
  } else if (task === 'multiclass') {
    const summaries = Object.fromEntries(
      names.map((n) => [
        n,
        summarizeMulticlass(splits[n].outputs, splits[n].targets, outputSize, splits[n].count),
      ]),
    );
    const { outputs, targets, count } = splits[main];
    const truth = trueClasses(targets, outputSize, count);
    report.multiclass = {
      main,
      splits: summaries,
      oneVsRestRoc: Array.from({ length: outputSize }, (_, k) =>
        rocCurve(
          Float64Array.from({ length: count }, (_, i) => outputs[i * outputSize + k]),
          Float64Array.from(truth, (t) => (t === k ? 1 : 0)),
        ),
      ),
    };
  } else {
    const { outputs, targets, count } = splits[main];
    const column = (values: ArrayLike<number>, k: number) =>
      Float64Array.from({ length: count }, (_, i) => values[i * outputSize + k]);
    report.multilabel = {
      main,
      roc: Array.from({ length: outputSize }, (_, k) =>
        rocCurve(column(outputs, k), column(targets, k)),
      ),
      splits: Object.fromEntries(
        names.map((n) => [
          n,
          summarizeMultilabel(
            splits[n].outputs,
            Float32Array.from(splits[n].targets),
            outputSize,
            splits[n].count,
          ),
        ]),
      ),
    };
  }
  return report;
}
