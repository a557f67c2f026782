// Multiclass and multilabel summaries from outputs [count, classes]: the confusion matrix (rows the
// true class, columns the predicted one, as scikit-learn), per-class precision, recall, F1 and
// support with their macro and weighted means, one-vs-rest AUC; per-label and subset accuracy.

import { argmax } from '../metrics/metrics.js';
import { rocAucScore } from './curves.js';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** How many samples have this true class. */
  support: number;
}

export interface MulticlassSummary {
  accuracy: number;
  /** confusion[true][predicted]: how many samples of class `true` were predicted `predicted`. */
  confusion: number[][];
  perClass: ClassScores[];
  macro: Omit<ClassScores, 'support'>;
  weighted: Omit<ClassScores, 'support'>;
  /** One-vs-rest: class k's output as the score of "is class k"; NaN for an absent class. */
  oneVsRestAuc: number[];
  /** The mean of the defined one-vs-rest AUCs. */
  macroAuc: number;
}

/** Division that gives 0 for 0/0, scikit-learn's `zero_division=0`. */
const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? 0 : numerator / denominator;

/** The true class of each sample, from indices or one-hot rows. */
export function trueClasses(
  targets: Float32Array | Int32Array,
  classes: number,
  count: number,
): Int32Array {
  if (targets.length === count) return Int32Array.from(targets);
  const result = new Int32Array(count);
  const oneHot = targets as Float32Array;
  for (let i = 0; i < count; i++) result[i] = argmax(oneHot, i * classes, classes);
  return result;
}

export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]][predicted[i]]++;
  return matrix;
}

export function classScores(confusion: readonly (readonly number[])[]): ClassScores[] {
  return confusion.map((row, k) => {
    const truePositives = row[k];
    const predictedAsK = confusion.reduce((sum, other) => sum + other[k], 0);
    const support = row.reduce((a, b) => a + b, 0);
    const precision = ratio(truePositives, predictedAsK);
    const recall = ratio(truePositives, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
}

export function summarizeMulticlass(
  outputs: Float32Array,
  targets: Float32Array | Int32Array,
  classes: number,
  count: number,
): MulticlassSummary {
  const truth = trueClasses(targets, classes, count);
  const predicted = Int32Array.from({ length: count }, (_, i) =>
    argmax(outputs, i * classes, classes),
  );
  const confusion = confusionMatrix(truth, predicted, classes);
  const perClass = classScores(confusion);
  const total = perClass.reduce((sum, c) => sum + c.support, 0);
  const mean = (pick: (c: ClassScores) => number, weighted: boolean) =>
    weighted
      ? ratio(
          perClass.reduce((sum, c) => sum + pick(c) * c.support, 0),
          total,
        )
      : perClass.reduce((sum, c) => sum + pick(c), 0) / Math.max(1, classes);
  const averages = (weighted: boolean) => ({
    precision: mean((c) => c.precision, weighted),
    recall: mean((c) => c.recall, weighted),
    f1: mean((c) => c.f1, weighted),
  });
  const oneVsRestAuc = Array.from({ length: classes }, (_, k) => {
    const scores = Float64Array.from({ length: count }, (_, i) => outputs[i * classes + k]);
    const labels = Float64Array.from(truth, (t) => (t === k ? 1 : 0));
    return rocAucScore(scores, labels);
  });
  const defined = oneVsRestAuc.filter((a) => !Number.isNaN(a));
  return {
    accuracy: ratio(
      confusion.reduce((sum, row, k) => sum + row[k], 0),
      count,
    ),
    confusion,
    perClass,
    macro: averages(false),
    weighted: averages(true),
    oneVsRestAuc,
    macroAuc: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : Number.NaN,
  };
}

export interface MultilabelSummary {
  /** Share of samples whose every label is right (scikit-learn's accuracy_score on label sets). */
  subsetAccuracy: number;
  /** Share of all label decisions that are right (1 − Hamming loss). */
  labelAccuracy: number;
  perLabel: { accuracy: number; auc: number; positives: number }[];
}

/** Outputs are per-label probabilities; a label is predicted when its output > threshold. */
export function summarizeMultilabel(
  outputs: Float32Array,
  targets: Float32Array,
  labels: number,
  count: number,
  threshold = 0.5,
): MultilabelSummary {
  let exact = 0;
  let right = 0;
  const correctPerLabel = new Array<number>(labels).fill(0);
  for (let i = 0; i < count; i++) {
    let all = true;
    for (let k = 0; k < labels; k++) {
      const predicted = outputs[i * labels + k] > threshold ? 1 : 0;
      const actual = targets[i * labels + k] > 0.5 ? 1 : 0;
      if (predicted === actual) {
        right++;
        correctPerLabel[k]++;
      } else all = false;
    }
    if (all) exact++;
  }
  const perLabel = correctPerLabel.map((correct, k) => {
    const scores = Float64Array.from({ length: count }, (_, i) => outputs[i * labels + k]);
    const truth = Float64Array.from({ length: count }, (_, i) => targets[i * labels + k]);
    return {
      accuracy: ratio(correct, count),
      auc: rocAucScore(scores, truth),
      positives: truth.reduce((sum, t) => sum + (t > 0.5 ? 1 : 0), 0),
    };
  });
  return {
    subsetAccuracy: ratio(exact, count),
    labelAccuracy: ratio(right, count * labels),
    perLabel,
  };
}
