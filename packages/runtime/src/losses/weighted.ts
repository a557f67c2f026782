// Per-sample weights for any loss kernel: takes a kernel, pred[batch, n], targets and one weight s_i
// per sample; gives (1/batch)·Σ_i s_i·ℓ_i and its gradient (the row i of the unweighted gradient
// scaled by s_i). With every s_i = 1 both equal the kernel's own; boosting passes s_i = N·w_i.

import type { LossKernel, LossTarget } from './types.js';

/** Row i of the targets: one class index per sample, or a row of pred's layout. */
function targetRow(target: LossTarget, i: number, batch: number): LossTarget {
  const perSample = target.length / batch;
  return target.subarray(i * perSample, (i + 1) * perSample);
}

/**
 * (1/batch)·Σ_i s_i·ℓ_i, where ℓ_i is the kernel's loss of sample i alone. Every kernel is a
 * per-sample value averaged over the batch (losses/types.ts), so ℓ_i is the kernel on one row.
 */
export function weightedLossValue(
  kernel: LossKernel,
  pred: Float32Array,
  target: LossTarget,
  n: number,
  batch: number,
  sampleWeights: Float32Array,
): number {
  if (sampleWeights.length < batch)
    throw new RangeError(`${sampleWeights.length} sample weights for a batch of ${batch}`);
  let sum = 0;
  for (let i = 0; i < batch; i++) {
    const weight = sampleWeights[i];
    if (weight === 0) continue;
    const row = pred.subarray(i * n, (i + 1) * n);
    sum += weight * kernel.value(row, targetRow(target, i, batch), n, 1);
  }
  return sum / batch;
}

/** d weightedLossValue / d pred, overwriting grad[batch, n]. */
export function weightedLossGradient(
  kernel: LossKernel,
  pred: Float32Array,
  target: LossTarget,
  grad: Float32Array,
  n: number,
  batch: number,
  sampleWeights: Float32Array,
): void {
  if (sampleWeights.length < batch)
    throw new RangeError(`${sampleWeights.length} sample weights for a batch of ${batch}`);
  // The kernel's gradient of the batch mean is (1/batch)·∂ℓ_i/∂pred_i in row i.
  kernel.gradient(pred, target, grad, n, batch);
  for (let i = 0; i < batch; i++) {
    const weight = sampleWeights[i];
    for (let j = i * n; j < (i + 1) * n; j++) grad[j] *= weight;
  }
}
