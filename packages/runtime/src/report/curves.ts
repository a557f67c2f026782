// Binary ROC and precision–recall curves of scores against 0/1 labels, computed as scikit-learn
// does (`_binary_clf_curve`: one point per distinct score, ties form one step), the exact AUC by the
// trapezoidal rule, average precision, and the signal efficiency at a given background efficiency.

/** Counts of true and false positives when cutting at each distinct score, highest first. */
export interface ThresholdCounts {
  /** Distinct scores, decreasing: a sample is called positive when its score >= threshold. */
  thresholds: number[];
  truePositives: number[];
  falsePositives: number[];
}

export interface RocCurve {
  falsePositiveRate: number[];
  truePositiveRate: number[];
  /** thresholds[0] is +Infinity (nothing called positive), as scikit-learn ≥ 1.3. */
  thresholds: number[];
}

export interface PrecisionRecallCurve {
  /** Ending with precision 1 at recall 0, as scikit-learn. */
  precision: number[];
  recall: number[];
  /** Increasing; one shorter than precision and recall. */
  thresholds: number[];
}

/** A label counts as positive when it is > 0.5 (labels are 0/1 floats or class indices 0/1). */
export const isPositive = (label: number): boolean => label > 0.5;

/** The sample indices sorted by decreasing score; equal scores keep their original order. */
export function decreasingOrder(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((left, right) => scores[right] - scores[left] || left - right);
  return order;
}

export function thresholdCounts(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): ThresholdCounts {
  if (scores.length !== labels.length)
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  for (let i = 0; i < scores.length; i++)
    if (!Number.isFinite(scores[i]))
      throw new RangeError(`score ${i + 1} is ${scores[i]}; every score must be a finite number`);
  const order = decreasingOrder(scores);
  const result: ThresholdCounts = { thresholds: [], truePositives: [], falsePositives: [] };
  let positives = 0;
  for (let k = 0; k < order.length; k++) {
    if (isPositive(labels[order[k]])) positives++;
    const last = k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]];
    if (last) {
      result.thresholds.push(scores[order[k]]);
      result.truePositives.push(positives);
      result.falsePositives.push(k + 1 - positives);
    }
  }
  return result;
}

/**
 * The ROC curve. With `dropIntermediate` (scikit-learn's default) points on a straight horizontal
 * or vertical run are dropped; they change neither the picture nor the area. Rates are NaN when a
 * class is absent.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  dropIntermediate = true,
): RocCurve {
  const counts = thresholdCounts(scores, labels);
  let { thresholds, truePositives: tps, falsePositives: fps } = counts;
  if (dropIntermediate && tps.length > 2) {
    const keep = tps.map((_, i) => {
      if (i === 0 || i === tps.length - 1) return true;
      const secondDifference = (values: number[]) => values[i + 1] - 2 * values[i] + values[i - 1];
      return secondDifference(fps) !== 0 || secondDifference(tps) !== 0;
    });
    thresholds = thresholds.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    fps = fps.filter((_, i) => keep[i]);
  }
  const positives = tps.at(-1) ?? 0;
  const negatives = fps.at(-1) ?? 0;
  return {
    falsePositiveRate: [0, ...fps].map((f) => (negatives > 0 ? f / negatives : Number.NaN)),
    truePositiveRate: [0, ...tps].map((t) => (positives > 0 ? t / positives : Number.NaN)),
    thresholds: [Number.POSITIVE_INFINITY, ...thresholds],
  };
}

/** Area under a curve given by points in order of x, by the trapezoidal rule. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Exact ROC AUC (ties count ½, as scikit-learn's roc_auc_score); NaN when a class is absent. */
export function rocAucScore(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const curve = rocCurve(scores, labels, false);
  return trapezoidArea(curve.falsePositiveRate, curve.truePositiveRate);
}

/** scikit-learn's precision_recall_curve (1.2): one point per distinct score, then (1, 0). */
export function precisionRecallCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): PrecisionRecallCurve {
  const { thresholds, truePositives: tps, falsePositives: fps } = thresholdCounts(scores, labels);
  const positives = tps.at(-1) ?? 0;
  const precision = tps.map((t, i) => (t + fps[i] > 0 ? t / (t + fps[i]) : 0));
  const recall = tps.map((t) => (positives > 0 ? t / positives : 1));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: [...thresholds].reverse(),
  };
}

/** Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ: the step-wise area under the PR curve (no interpolation). */
export function averagePrecision(curve: PrecisionRecallCurve): number {
  let sum = 0;
  for (let i = 0; i < curve.recall.length - 1; i++)
    sum += (curve.recall[i] - curve.recall[i + 1]) * curve.precision[i];
  return sum;
}

export interface EfficiencyPoint {
  /** The background efficiency asked for (false positive rate), e.g. 0.01. */
  background: number;
  /** The signal efficiency (true positive rate) there, linearly interpolated on the ROC curve. */
  signal: number;
  /** The score cut of the last ROC point at or below that background efficiency. */
  threshold: number;
}

/**
 * Signal efficiency at a background efficiency: the ROC curve's true positive rate at that false
 * positive rate, between the last point at or below it and the next one (on a vertical step, the
 * top of the step). NaN when a class is absent.
 */
export function signalEfficiencyAt(curve: RocCurve, background: number): EfficiencyPoint {
  const fpr = curve.falsePositiveRate;
  const tpr = curve.truePositiveRate;
  let below = 0;
  while (below + 1 < fpr.length && fpr[below + 1] <= background) below++;
  let signal = tpr[below];
  if (below + 1 < fpr.length && fpr[below + 1] > fpr[below]) {
    const fraction = (background - fpr[below]) / (fpr[below + 1] - fpr[below]);
    signal = tpr[below] + fraction * (tpr[below + 1] - tpr[below]);
  }
  return { background, signal, threshold: curve.thresholds[below] };
}
