// The report's numbers against scikit-learn and scipy: ROC curve and AUC, precision–recall curve and
// average precision, efficiencies, Kolmogorov–Smirnov, confusion matrix and per-class scores,
// multilabel accuracies. Fixtures: tests/fixtures/sklearn-report.json (scripts/sklearn-report-fixtures.py).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  kolmogorovSmirnovTest,
  precisionRecallCurve,
  regressionScores,
  rocAucScore,
  rocCurve,
  signalEfficiencyAt,
  summarizeMulticlass,
  summarizeMultilabel,
} from '../../src/report/index.js';

interface Fixtures {
  binary: {
    name: string;
    scores: number[];
    labels: number[];
    roc: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] };
    rocFull: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] };
    auc: number;
    precisionRecall: { precision: number[]; recall: number[]; thresholds: number[] };
    averagePrecision: number;
    efficiencies: { background: number; signal: number; threshold: number | null }[];
  }[];
  kolmogorovSmirnov: {
    name: string;
    first: number[];
    second: number[];
    statistic: number;
    pValue: number;
    method: 'exact' | 'asymp';
    kolmogorovLimit?: number;
  }[];
  multiclass: {
    classes: number;
    outputs: number[];
    truth: number[];
    accuracy: number;
    confusion: number[][];
    precision: number[];
    recall: number[];
    f1: number[];
    support: number[];
    averages: Record<'macro' | 'weighted', { precision: number; recall: number; f1: number }>;
    oneVsRestAuc: number[];
  };
  multilabel: {
    labels: number;
    outputs: number[];
    truth: number[];
    subsetAccuracy: number;
    labelAccuracy: number;
    perLabelAccuracy: number[];
    perLabelAuc: number[];
  };
}

const fixtures = JSON.parse(
  fs.readFileSync(
    path.resolve(import.meta.dirname, '../../../../tests/fixtures/sklearn-report.json'),
    'utf8',
  ),
) as Fixtures;

/** JSON has no infinity: the fixtures write null for it, as JSON.stringify does. */
const fromJson = (values: (number | null)[]) =>
  values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v + 0));
/** −0 and 0 are one threshold (which of two tied samples names it is immaterial). */
const withoutNegativeZero = (values: readonly number[]) => values.map((v) => v + 0);

const expectClose = (actual: readonly number[], expected: readonly number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(value, `index ${i}`).toBeCloseTo(expected[i], digits));
};

describe.each(fixtures.binary)('binary scores: $name', (reference) => {
  const scores = Float32Array.from(reference.scores);
  const labels = Float32Array.from(reference.labels);

  it('give the ROC curve of sklearn.metrics.roc_curve, with and without intermediate points', () => {
    for (const [drop, expected] of [
      [true, reference.roc],
      [false, reference.rocFull],
    ] as const) {
      const curve = rocCurve(scores, labels, drop);
      expectClose(curve.falsePositiveRate, expected.fpr);
      expectClose(curve.truePositiveRate, expected.tpr);
      expect(withoutNegativeZero(curve.thresholds)).toEqual(fromJson(expected.thresholds));
    }
  });

  it('give the AUC of roc_auc_score exactly', () => {
    expect(rocAucScore(scores, labels)).toBeCloseTo(reference.auc, 14);
  });

  it('give precision_recall_curve and average_precision_score', () => {
    const curve = precisionRecallCurve(scores, labels);
    expectClose(curve.precision, reference.precisionRecall.precision);
    expectClose(curve.recall, reference.precisionRecall.recall);
    expect(withoutNegativeZero(curve.thresholds)).toEqual(
      fromJson(reference.precisionRecall.thresholds),
    );
    expect(averagePrecision(curve)).toBeCloseTo(reference.averagePrecision, 12);
  });

  it('give the signal efficiency at 1 %, 10 % and 30 % background of an independent numpy interpolation', () => {
    const curve = rocCurve(scores, labels, false);
    for (const expected of reference.efficiencies) {
      const point = signalEfficiencyAt(curve, expected.background);
      expect(point.signal).toBeCloseTo(expected.signal, 12);
      expect(point.threshold).toBe(expected.threshold ?? Number.POSITIVE_INFINITY);
    }
  });
});

describe.each(fixtures.kolmogorovSmirnov)('Kolmogorov–Smirnov: $name', (reference) => {
  it('gives the statistic and probability of scipy.stats.ks_2samp', () => {
    const result = kolmogorovSmirnovTest(reference.first, reference.second);
    expect(result.statistic).toBeCloseTo(reference.statistic, 14);
    if (reference.method === 'exact') {
      expect(result.method).toBe('exact');
      // Relative agreement, so that tiny probabilities are checked too.
      expect(Math.abs(result.pValue - reference.pValue)).toBeLessThanOrEqual(
        1e-9 * reference.pValue + 1e-15,
      );
    } else {
      expect(result.method).toBe('asymptotic');
      expect(result.pValue).toBeCloseTo(reference.kolmogorovLimit!, 12);
      // scipy's own asymptotic value (kstwo at the rounded effective size) is close by.
      expect(Math.abs(result.pValue - reference.pValue)).toBeLessThan(0.01);
    }
  });
});

describe('multiclass summary', () => {
  const reference = fixtures.multiclass;
  const count = reference.truth.length;
  const summary = summarizeMulticlass(
    Float32Array.from(reference.outputs),
    Int32Array.from(reference.truth),
    reference.classes,
    count,
  );

  it('gives confusion_matrix, accuracy_score and precision_recall_fscore_support (zero_division=0)', () => {
    expect(summary.confusion).toEqual(reference.confusion);
    expect(summary.accuracy).toBeCloseTo(reference.accuracy, 14);
    expectClose(
      summary.perClass.map((c) => c.precision),
      reference.precision,
    );
    expectClose(
      summary.perClass.map((c) => c.recall),
      reference.recall,
    );
    expectClose(
      summary.perClass.map((c) => c.f1),
      reference.f1,
    );
    expect(summary.perClass.map((c) => c.support)).toEqual(reference.support);
    for (const average of ['macro', 'weighted'] as const)
      for (const key of ['precision', 'recall', 'f1'] as const)
        expect(summary[average][key]).toBeCloseTo(reference.averages[average][key], 12);
  });

  it('gives one-vs-rest roc_auc_score per class, also from one-hot targets', () => {
    expectClose(summary.oneVsRestAuc, reference.oneVsRestAuc);
    const oneHot = new Float32Array(count * reference.classes);
    reference.truth.forEach((t, i) => (oneHot[i * reference.classes + t] = 1));
    const fromOneHot = summarizeMulticlass(
      Float32Array.from(reference.outputs),
      oneHot,
      reference.classes,
      count,
    );
    expect(fromOneHot.confusion).toEqual(reference.confusion);
  });
});

describe('multilabel summary', () => {
  it('gives subset accuracy, 1 − hamming_loss, per-label accuracy and AUC', () => {
    const reference = fixtures.multilabel;
    const summary = summarizeMultilabel(
      Float32Array.from(reference.outputs),
      Float32Array.from(reference.truth),
      reference.labels,
      reference.truth.length / reference.labels,
    );
    expect(summary.subsetAccuracy).toBeCloseTo(reference.subsetAccuracy, 14);
    expect(summary.labelAccuracy).toBeCloseTo(reference.labelAccuracy, 14);
    expectClose(
      summary.perLabel.map((l) => l.accuracy),
      reference.perLabelAccuracy,
    );
    expectClose(
      summary.perLabel.map((l) => l.auc),
      reference.perLabelAuc,
    );
  });
});

describe('regression scores', () => {
  it('give mean_squared_error, mean_absolute_error and r2_score', () => {
    const reference = (
      fixtures as unknown as {
        regression: { actual: number[]; predicted: number[]; mse: number; mae: number; r2: number };
      }
    ).regression;
    const scores = regressionScores(reference.predicted, reference.actual);
    expect(scores.count).toBe(reference.actual.length);
    expect(scores.mse).toBeCloseTo(reference.mse, 12);
    expect(scores.mae).toBeCloseTo(reference.mae, 12);
    expect(scores.r2).toBeCloseTo(reference.r2, 12);
  });
});
