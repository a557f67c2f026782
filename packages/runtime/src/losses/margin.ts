// Margin losses on scores pred[batch, n]: hinge, squared_hinge, categorical_hinge (Keras forms)
// and the perceptron criterion. Binary labels may be {0, 1} or {−1, 1}: a label 0 counts as −1.
// Each averages over the batch; the per-sample reduction is stated per loss.

import type { LossKernel, LossTarget } from './types.js';

/** A binary label as ±1: positive → +1; 0 or −1 (anything ≤ 0) → −1. */
function signedLabel(y: number): number {
  return y > 0 ? 1 : -1;
}

/** hinge: mean over outputs of max(1 − t·pred, 0), t = ±1. */
export const hingeLoss: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) sum += Math.max(1 - signedLabel(target[i]) * pred[i], 0);
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      const t = signedLabel(target[i]);
      grad[i] = 1 - t * pred[i] > 0 ? -t * scale : 0;
    }
  },
};

/** squared_hinge: mean over outputs of max(1 − t·pred, 0)². */
export const squaredHingeLoss: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const margin = Math.max(1 - signedLabel(target[i]) * pred[i], 0);
      sum += margin * margin;
    }
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 2 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      const t = signedLabel(target[i]);
      grad[i] = -t * Math.max(1 - t * pred[i], 0) * scale;
    }
  },
};

/** y_j of sample s from a class index (Int32Array) or a one-hot row. */
function oneHotValue(target: LossTarget, s: number, j: number, n: number): number {
  return target instanceof Int32Array ? (target[s] === j ? 1 : 0) : target[s * n + j];
}

/**
 * categorical_hinge (Keras): per sample max(neg − pos + 1, 0) with pos = Σ y·pred and
 * neg = max_j (1 − y_j)·pred_j (first maximum wins a tie); mean over the batch.
 */
export const categoricalHingeLoss: LossKernel = {
  value(pred, target, n, batch) {
    let total = 0;
    for (let s = 0; s < batch; s++) {
      let positive = 0;
      let negative = -Infinity;
      for (let j = 0; j < n; j++) {
        const y = oneHotValue(target, s, j, n);
        positive += y * pred[s * n + j];
        negative = Math.max(negative, (1 - y) * pred[s * n + j]);
      }
      total += Math.max(negative - positive + 1, 0);
    }
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    for (let s = 0; s < batch; s++) {
      let positive = 0;
      let negative = -Infinity;
      let negativeIndex = 0;
      for (let j = 0; j < n; j++) {
        const y = oneHotValue(target, s, j, n);
        positive += y * pred[s * n + j];
        const candidate = (1 - y) * pred[s * n + j];
        if (candidate > negative) {
          negative = candidate;
          negativeIndex = j;
        }
      }
      const active = negative - positive + 1 > 0;
      for (let j = 0; j < n; j++) {
        const y = oneHotValue(target, s, j, n);
        const fromNegative = j === negativeIndex ? 1 - y : 0;
        grad[s * n + j] = active ? (fromNegative - y) / batch : 0;
      }
    }
  },
};

/**
 * perceptron: takes the scores z before the step. Per sample Σ_j max(0, −t·z) (t = ±1), mean over
 * the batch; gradient (step(z) − [t > 0])/batch with step(z) = z > 0, i.e. (o − t)/batch for
 * 0/1 labels, so SGD at rate r on one sample is Rosenblatt's rule w += r·(t − o)·x.
 */
export const perceptronCriterion: LossKernel = {
  value(pred, target, n, batch) {
    let total = 0;
    for (let i = 0; i < n * batch; i++) total += Math.max(0, -signedLabel(target[i]) * pred[i]);
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    for (let i = 0; i < n * batch; i++) {
      const output = pred[i] > 0 ? 1 : 0;
      const wanted = target[i] > 0 ? 1 : 0;
      grad[i] = (output - wanted) / batch;
    }
  },
};
