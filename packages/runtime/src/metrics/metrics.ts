// Metrics on pred[batch, n] against targets, each returning the batch's mean (weight by batch size
// to combine batches): accuracy, binary_accuracy, top_k, mse, mae; and exact ROC AUC over a whole
// set of scores (midranks for ties). Class targets are indices (Int32Array) or one-hot rows.

/** Index of the largest of n values starting at offset; the first one wins a tie. */
export function argmax(values: Float32Array, offset: number, n: number): number {
  let best = 0;
  let bestValue = values[offset];
  for (let j = 1; j < n; j++) {
    if (values[offset + j] > bestValue) {
      bestValue = values[offset + j];
      best = j;
    }
  }
  return best;
}

function targetClass(target: Float32Array | Int32Array, s: number, n: number): number {
  return target instanceof Int32Array ? target[s] : argmax(target, s * n, n);
}

/** Fraction of samples whose argmax prediction is the target class. */
export function accuracy(
  pred: Float32Array,
  target: Float32Array | Int32Array,
  n: number,
  batch: number,
): number {
  let correct = 0;
  for (let s = 0; s < batch; s++)
    if (argmax(pred, s * n, n) === targetClass(target, s, n)) correct++;
  return correct / batch;
}

/** Fraction of the n·batch values where (pred > threshold ? 1 : 0) equals the target (Keras). */
export function binaryAccuracy(
  pred: Float32Array,
  target: Float32Array,
  n: number,
  batch: number,
  threshold = 0.5,
): number {
  let correct = 0;
  for (let i = 0; i < n * batch; i++) if ((pred[i] > threshold ? 1 : 0) === target[i]) correct++;
  return correct / (n * batch);
}

/**
 * Fraction of samples whose target class is among the k highest predictions. Ties count in the
 * target's favour, as tf.math.in_top_k: it is in the top k when fewer than k scores are strictly
 * greater than its own.
 */
export function topKAccuracy(
  pred: Float32Array,
  target: Float32Array | Int32Array,
  n: number,
  batch: number,
  k: number,
): number {
  let correct = 0;
  for (let s = 0; s < batch; s++) {
    const offset = s * n;
    const score = pred[offset + targetClass(target, s, n)];
    let greater = 0;
    for (let j = 0; j < n; j++) if (pred[offset + j] > score) greater++;
    if (greater < k) correct++;
  }
  return correct / batch;
}

/** Mean of (pred − target)² over all n·batch values. */
export function meanSquaredErrorMetric(
  pred: Float32Array,
  target: Float32Array,
  n: number,
  batch: number,
): number {
  let sum = 0;
  for (let i = 0; i < n * batch; i++) sum += (pred[i] - target[i]) ** 2;
  return sum / (n * batch);
}

/** Mean of |pred − target| over all n·batch values. */
export function meanAbsoluteErrorMetric(
  pred: Float32Array,
  target: Float32Array,
  n: number,
  batch: number,
): number {
  let sum = 0;
  for (let i = 0; i < n * batch; i++) sum += Math.abs(pred[i] - target[i]);
  return sum / (n * batch);
}

/**
 * Exact area under the ROC curve of `count` scores against binary labels (> 0.5 is positive),
 * as the Mann–Whitney statistic with midranks, so tied scores count ½. NaN when either class is
 * absent. Sorts a scratch index array: pass one of length >= count to avoid allocating.
 */
export function rocAuc(
  scores: Float32Array,
  labels: Float32Array | Int32Array,
  count: number,
  scratch: Int32Array = new Int32Array(count),
): number {
  const order = scratch.subarray(0, count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((left, right) => scores[left] - scores[right]);
  let positives = 0;
  let positiveRankSum = 0;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && scores[order[end]] === scores[order[start]]) end++;
    const midrank = (start + 1 + end) / 2; // ranks start..end-1 are 1-based start+1..end
    for (let i = start; i < end; i++) {
      if (labels[order[i]] > 0.5) {
        positives++;
        positiveRankSum += midrank;
      }
    }
    start = end;
  }
  const negatives = count - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export const metricTable = {
  accuracy,
  binary_accuracy: binaryAccuracy,
  top_k: topKAccuracy,
  mse: meanSquaredErrorMetric,
  mae: meanAbsoluteErrorMetric,
  auc: rocAuc,
};

export type MetricName = keyof typeof metricTable;

export const metricNames = Object.keys(metricTable) as MetricName[];
