// Cross-entropy losses on pred[batch, n]. Fused forms take raw scores (logits) and are stable:
// softmax CE via log-sum-exp (gradient (p·Σy − y)/batch, = (p − y)/batch for one-hot targets) and
// sigmoid BCE as max(z,0) − z·y + log1p(e^(−|z|)). Unfused forms take probabilities, clamped as Keras.

import { sigmoid } from '../activations/elementwise.js';
import { LOSS_EPSILON, type LossKernel, type LossTarget } from './types.js';
import { logSumExp, shiftedExponentials } from '../kernels/softmax.js';

/** The class index of sample s, checked against the n classes. */
function classIndex(target: LossTarget, s: number, n: number): number {
  const c = target[s];
  if (!(c >= 0 && c < n && Number.isInteger(c))) {
    throw new RangeError(`class index ${c} of sample ${s} is not in 0..${n - 1}`);
  }
  return c;
}

/** Softmax + categorical CE from logits; Int32Array targets are class indices, else one-hot rows. */
export const softmaxCrossEntropy: LossKernel = {
  value(pred, target, n, batch) {
    if (target instanceof Int32Array)
      return sparseSoftmaxCrossEntropy.value(pred, target, n, batch);
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      const lse = logSumExp(pred, offset, n);
      for (let j = 0; j < n; j++) {
        const y = target[offset + j];
        if (y !== 0) total += y * (lse - pred[offset + j]);
      }
    }
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    if (target instanceof Int32Array) {
      sparseSoftmaxCrossEntropy.gradient(pred, target, grad, n, batch);
      return;
    }
    // p = softmax(pred) from one exp per value (grad holds the exponentials first).
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      const inverse = 1 / shiftedExponentials(pred, offset, n, grad);
      let targetSum = 0;
      for (let j = 0; j < n; j++) targetSum += target[offset + j];
      for (let j = 0; j < n; j++) {
        const p = grad[offset + j] * inverse;
        grad[offset + j] = (p * targetSum - target[offset + j]) / batch;
      }
    }
  },
};

/** Softmax + categorical CE from logits; target[s] is sample s's class index in any array type. */
export const sparseSoftmaxCrossEntropy: LossKernel = {
  value(pred, target, n, batch) {
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      total += logSumExp(pred, offset, n) - pred[offset + classIndex(target, s, n)];
    }
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    for (let s = 0; s < batch; s++) {
      const offset = s * n;
      const scale = 1 / (shiftedExponentials(pred, offset, n, grad) * batch);
      for (let j = 0; j < n; j++) grad[offset + j] *= scale;
      grad[offset + classIndex(target, s, n)] -= 1 / batch;
    }
  },
};

/** Sigmoid + binary CE from logits z: mean over all n·batch of max(z,0) − z·y + log1p(e^(−|z|)). */
export const sigmoidBinaryCrossEntropy: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const z = pred[i];
      sum += Math.max(z, 0) - z * target[i] + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) grad[i] = (sigmoid(pred[i]) - target[i]) * scale;
  },
};

/** y_j of sample s: from a class index (Int32Array) or a dense row. */
function targetValue(target: LossTarget, s: number, j: number, n: number, sparse: boolean): number {
  return sparse ? (target[s] === j ? 1 : 0) : target[s * n + j];
}

/**
 * Categorical CE on probabilities (Keras from_logits=False): each row is divided by its sum,
 * clamped to [ε, 1 − ε], then −Σ y·log q; gradients flow through the division, not the clamp.
 */
function categoricalOnProbabilities(sparse: (target: LossTarget) => boolean): LossKernel {
  return {
    value(pred, target, n, batch) {
      const isSparse = sparse(target);
      let total = 0;
      for (let s = 0; s < batch; s++) {
        const offset = s * n;
        if (isSparse) classIndex(target, s, n);
        let rowSum = 0;
        for (let j = 0; j < n; j++) rowSum += pred[offset + j];
        for (let j = 0; j < n; j++) {
          const y = targetValue(target, s, j, n, isSparse);
          if (y === 0) continue;
          const q = Math.min(Math.max(pred[offset + j] / rowSum, LOSS_EPSILON), 1 - LOSS_EPSILON);
          total -= y * Math.log(q);
        }
      }
      return total / batch;
    },
    gradient(pred, target, grad, n, batch) {
      const isSparse = sparse(target);
      for (let s = 0; s < batch; s++) {
        const offset = s * n;
        if (isSparse) classIndex(target, s, n);
        let rowSum = 0;
        for (let j = 0; j < n; j++) rowSum += pred[offset + j];
        // g_j = dL/dq_j (0 where the clamp is active); dL/dp_k = (g_k − Σ_j g_j·q_j)/rowSum.
        let weighted = 0;
        for (let j = 0; j < n; j++) {
          const q = pred[offset + j] / rowSum;
          const y = targetValue(target, s, j, n, isSparse);
          const g = q >= LOSS_EPSILON && q <= 1 - LOSS_EPSILON ? -y / q : 0;
          grad[offset + j] = g;
          weighted += g * q;
        }
        for (let j = 0; j < n; j++)
          grad[offset + j] = (grad[offset + j] - weighted) / (rowSum * batch);
      }
    },
  };
}

export const categoricalCrossEntropy = categoricalOnProbabilities(
  (target) => target instanceof Int32Array,
);
export const sparseCategoricalCrossEntropy = categoricalOnProbabilities(() => true);

/** Binary CE on probabilities (Keras): p clamped to [ε, 1 − ε]; mean over all n·batch. */
export const binaryCrossEntropy: LossKernel = {
  value(pred, target, n, batch) {
    let sum = 0;
    for (let i = 0; i < n * batch; i++) {
      const p = Math.min(Math.max(pred[i], LOSS_EPSILON), 1 - LOSS_EPSILON);
      sum -= target[i] * Math.log(p) + (1 - target[i]) * Math.log(1 - p);
    }
    return sum / (n * batch);
  },
  gradient(pred, target, grad, n, batch) {
    const scale = 1 / (n * batch);
    for (let i = 0; i < n * batch; i++) {
      const p = pred[i];
      const inside = p >= LOSS_EPSILON && p <= 1 - LOSS_EPSILON;
      grad[i] = inside ? ((p - target[i]) / (p * (1 - p))) * scale : 0;
    }
  },
};

/** kld (Keras): per sample Σ y·log(y/p) with y, p clamped to [ε, 1]; mean over the batch. */
export const kullbackLeiblerDivergence: LossKernel = {
  value(pred, target, n, batch) {
    let total = 0;
    for (let i = 0; i < n * batch; i++) {
      const y = Math.min(Math.max(target[i], LOSS_EPSILON), 1);
      const p = Math.min(Math.max(pred[i], LOSS_EPSILON), 1);
      total += y * Math.log(y / p);
    }
    return total / batch;
  },
  gradient(pred, target, grad, n, batch) {
    for (let i = 0; i < n * batch; i++) {
      const y = Math.min(Math.max(target[i], LOSS_EPSILON), 1);
      const p = pred[i];
      grad[i] = p >= LOSS_EPSILON && p <= 1 ? -y / (p * batch) : 0;
    }
  },
};
