// The binary classifier's report: per split the ROC and precision–recall curves, exact AUC, the
// efficiencies at fixed background efficiencies and the counts at a threshold; across splits the
// score histograms of each class and the Kolmogorov–Smirnov overtraining test (training vs test).

import { aucConfidenceInterval, type ConfidenceInterval } from './bootstrap.js';
import {
  averagePrecision,
  isPositive,
  precisionRecallCurve,
  rocCurve,
  signalEfficiencyAt,
  trapezoidArea,
  type EfficiencyPoint,
  type PrecisionRecallCurve,
  type RocCurve,
} from './curves.js';
import { kolmogorovSmirnovTest, type KolmogorovSmirnovResult } from './kolmogorov-smirnov.js';

/** The background efficiencies the course reads the signal efficiency at. */
export const BACKGROUND_EFFICIENCIES = [0.01, 0.1, 0.3];

export interface BinarySplitSummary {
  count: number;
  positives: number;
  negatives: number;
  auc: number;
  roc: RocCurve;
  precisionRecall: PrecisionRecallCurve;
  averagePrecision: number;
  efficiencies: EfficiencyPoint[];
  /** Samples called positive when score > threshold, as binary_accuracy does. */
  atThreshold: {
    threshold: number;
    accuracy: number;
    precision: number;
    recall: number;
    /** [[true negatives, false positives], [false negatives, true positives]]. */
    confusion: [[number, number], [number, number]];
  };
}

export interface ScoreHistograms {
  /** bins + 1 increasing bin edges. */
  edges: number[];
  /** Per split and class, the count in each bin (a score on the last edge goes in the last bin). */
  counts: Record<string, { signal: number[]; background: number[] }>;
}

export interface BinaryReport {
  task: 'binary';
  /** Which split the curves and the AUC interval come from (`test`, else the last one given). */
  main: string;
  aucInterval: ConfidenceInterval;
  splits: Record<string, BinarySplitSummary>;
  histograms: ScoreHistograms;
  /** Training against the main split's scores, per class; absent without a training split. */
  overtraining?: { signal: KolmogorovSmirnovResult; background: KolmogorovSmirnovResult };
}

export interface BinaryScores {
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export function summarizeBinarySplit(data: BinaryScores, threshold: number): BinarySplitSummary {
  const { scores, labels } = data;
  const full = rocCurve(scores, labels, false);
  const precisionRecall = precisionRecallCurve(scores, labels);
  const confusion: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < scores.length; i++)
    confusion[isPositive(labels[i]) ? 1 : 0][scores[i] > threshold ? 1 : 0]++;
  const positives = confusion[1][0] + confusion[1][1];
  const calledPositive = confusion[0][1] + confusion[1][1];
  return {
    count: scores.length,
    positives,
    negatives: scores.length - positives,
    auc: trapezoidArea(full.falsePositiveRate, full.truePositiveRate),
    roc: rocCurve(scores, labels, true),
    precisionRecall,
    averagePrecision: averagePrecision(precisionRecall),
    efficiencies: BACKGROUND_EFFICIENCIES.map((b) => signalEfficiencyAt(full, b)),
    atThreshold: {
      threshold,
      accuracy: (confusion[0][0] + confusion[1][1]) / Math.max(1, scores.length),
      precision: calledPositive ? confusion[1][1] / calledPositive : 0,
      recall: positives ? confusion[1][1] / positives : 0,
      confusion,
    },
  };
}

/** Scores split by class. */
export function scoresByClass(data: BinaryScores): { signal: number[]; background: number[] } {
  const signal: number[] = [];
  const background: number[] = [];
  for (let i = 0; i < data.scores.length; i++)
    (isPositive(data.labels[i]) ? signal : background).push(data.scores[i]);
  return { signal, background };
}

/**
 * Histograms over one set of bins for every split: [0, 1] when every score is a probability,
 * otherwise the range of all scores.
 */
export function scoreHistograms(splits: Record<string, BinaryScores>, bins = 25): ScoreHistograms {
  const all = Object.values(splits).flatMap((s) => Array.from(s.scores));
  let [low, high] = [0, 1];
  if (all.some((s) => s < 0 || s > 1)) {
    low = Math.min(...all);
    high = Math.max(...all);
    if (high === low) [low, high] = [low - 0.5, high + 0.5];
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => low + ((high - low) * i) / bins);
  const histogram = (values: number[]) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values)
      counts[Math.min(bins - 1, Math.max(0, Math.floor(((v - low) / (high - low)) * bins)))]++;
    return counts;
  };
  const counts: ScoreHistograms['counts'] = {};
  for (const [name, data] of Object.entries(splits)) {
    const { signal, background } = scoresByClass(data);
    counts[name] = { signal: histogram(signal), background: histogram(background) };
  }
  return { edges, counts };
}

/**
 * The whole binary report. `splits` maps split names (`training`, `validation`, `test`) to
 * scores and labels; the threshold is 0.5 for probabilities, 0 for raw scores (logits).
 */
export function buildBinaryReport(
  splits: Record<string, BinaryScores>,
  options: { seed?: number; resamples?: number; threshold?: number; main?: string } = {},
): BinaryReport {
  const names = Object.keys(splits);
  const main = options.main ?? (names.includes('test') ? 'test' : names[names.length - 1]);
  const allScores = names.flatMap((n) => Array.from(splits[n].scores));
  const threshold = options.threshold ?? (allScores.every((s) => s >= 0 && s <= 1) ? 0.5 : 0);
  const summaries = Object.fromEntries(
    names.map((name) => [name, summarizeBinarySplit(splits[name], threshold)]),
  );
  const report: BinaryReport = {
    task: 'binary',
    main,
    aucInterval: aucConfidenceInterval(splits[main].scores, splits[main].labels, {
      seed: options.seed ?? 0,
      resamples: options.resamples ?? 1000,
    }),
    splits: summaries,
    histograms: scoreHistograms(splits),
  };
  if (splits.training && main !== 'training') {
    const training = scoresByClass(splits.training);
    const test = scoresByClass(splits[main]);
    report.overtraining = {
      signal: kolmogorovSmirnovTest(training.signal, test.signal),
      background: kolmogorovSmirnovTest(training.background, test.background),
    };
  }
  return report;
}
