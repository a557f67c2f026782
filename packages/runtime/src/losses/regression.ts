// Regression losses on pred[batch, n] against target[batch, n] (d = pred − target). Each averages
// over the batch; within a sample, mse(half) sums ½d² (the course's E), everything else takes the
// mean over the n outputs as Keras and PyTorch do, so mse(half=false) = torch MSELoss('mean').

import { LOSS_EPSILON, type LossKernel, type LossTarget } from './types.js';

/** mse, course form: (1/batch)·Σ_s ½·Σ_j d²; gradient d/batch. */
export const meanSquaredErrorHalf: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const d = pred[i] - target[i];
      sum += d * d;
    }
    return (0.5 * sum) / batch;
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / batch;
    for (let i = 0; i < n * batch; i++) grad[i] = (pred[i] - target[i]) * scale;
  },
};

/** mse(half = false): the mean of d² over all n·batch values; gradient 2d/(n·batch). */
export const meanSquaredErrorMean: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const d = pred[i] - target[i];
      sum += d * d;
    }
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 2 / (n * batch);
    for (let i = 0; i < n * batch; i++) grad[i] = (pred[i] - target[i]) * scale;
  },
};

/** mae: mean |d|; gradient sign(d)/(n·batch), 0 where d = 0. */
export const meanAbsoluteError: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) sum += Math.abs(pred[i] - target[i]);
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) grad[i] = Math.sign(pred[i] - target[i]) * scale;
  },
};

/** mape (Keras): 100 · mean |d| / max(|target|, ε). */
export const meanAbsolutePercentageError: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      sum += Math.abs(pred[i] - target[i]) / Math.max(Math.abs(target[i]), LOSS_EPSILON);
    }
    return (100 * sum) / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 100 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      const denominator = Math.max(Math.abs(target[i]), LOSS_EPSILON);
      grad[i] = (Math.sign(pred[i] - target[i]) * scale) / denominator;
    }
  },
};

/** msle (Keras): mean (log(max(pred, ε) + 1) − log(max(target, ε) + 1))². */
export const meanSquaredLogarithmicError: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const d =
        Math.log1p(Math.max(pred[i], LOSS_EPSILON)) - Math.log1p(Math.max(target[i], LOSS_EPSILON));
      sum += d * d;
    }
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 2 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      const p = Math.max(pred[i], LOSS_EPSILON);
      const d = Math.log1p(p) - Math.log1p(Math.max(target[i], LOSS_EPSILON));
      grad[i] = pred[i] > LOSS_EPSILON ? (scale * d) / (1 + p) : 0;
    }
  },
};

/** log(cosh(d)) without overflow: |d| + log1p(e^(−2|d|)) − log 2. */
function logCosh(d: number): number {
  const a = Math.abs(d);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** logcosh: mean log(cosh(d)); gradient tanh(d)/(n·batch). */
export const logCoshError: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) sum += logCosh(pred[i] - target[i]);
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) grad[i] = Math.tanh(pred[i] - target[i]) * scale;
  },
};

/** poisson (Keras): mean (pred − target·log(pred + ε)). */
export const poissonLoss: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++)
      sum += pred[i] - target[i] * Math.log(pred[i] + LOSS_EPSILON);
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      grad[i] = (1 - target[i] / (pred[i] + LOSS_EPSILON)) * scale;
    }
  },
};

/** Keras's l2_normalize floor on the squared norm. */
const COSINE_NORM_EPSILON = 1e-12;

/** 1/‖row‖ with ‖row‖² floored at 1e-12, as keras l2_normalize. */
function inverseNorm(values: LossTarget, offset: number, n: number): number {
  let sumOfSquares = 0;
  for (let j = 0; j < n; j++) sumOfSquares += values[offset + j] * values[offset + j];
  return 1 / Math.sqrt(Math.max(sumOfSquares, COSINE_NORM_EPSILON));
}

/**
 * cosine (Keras sign): per sample −Σ_j (target/‖target‖)_j·(pred/‖pred‖)_j, in [−1, 1], lowest
 * when the vectors point the same way; mean over the batch.
 */
export const cosineSimilarityLoss: LossKernel = {
  value(pred, target, n, batch) {
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += pred[offset + j] * target[offset + j];
      total -= dot * inverseNorm(pred, offset, n) * inverseNorm(target, offset, n);
    }
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      let dot = 0;
      let sumOfSquares = 0;
      for (let j = 0; j < n; j++) {
        dot += pred[offset + j] * target[offset + j];
        sumOfSquares += pred[offset + j] * pred[offset + j];
      }
      const predInverse = inverseNorm(pred, offset, n);
      const targetInverse = inverseNorm(target, offset, n);
      // Below the floor the norm is a constant, so only the direct term remains.
      const floored = sumOfSquares <= COSINE_NORM_EPSILON;
      const cosineOverNormSquared = floored ? 0 : dot * targetInverse * predInverse ** 3;
      for (let j = 0; j < n; j++) {
        const direct = target[offset + j] * targetInverse * predInverse;
        grad[offset + j] = -(direct - cosineOverNormSquared * pred[offset + j]) / batch;
      }
    }
  },
};
