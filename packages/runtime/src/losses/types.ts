// The shape every loss kernel has: pred[batch, n] and target → a number, and the gradient of that
// same number with respect to pred (written over `grad`, same layout as pred). Each loss is a
// per-sample value averaged over the batch; the per-sample reduction is documented per loss.

/** Targets: values with pred's layout, or (cross-entropy family) one class index per sample. */
export type LossTarget = Float32Array | Int32Array;

export interface LossKernel {
  /** The loss averaged over the batch. */
  value(pred: Float32Array, target: LossTarget, n: number, batch: number): number;
  /** d value / d pred, overwriting grad[batch, n]. */
  gradient(
    pred: Float32Array,
    target: LossTarget,
    grad: Float32Array,
    n: number,
    batch: number,
  ): void;
}

/** The fuzz factor Keras adds or clamps with (keras.backend.epsilon()). */
export const LOSS_EPSILON = 1e-7;
