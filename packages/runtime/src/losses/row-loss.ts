// A loss per row of an output [rows, classes] with one class index per row (node classification):
// rows whose target is −1 (unlabelled in this split) are skipped and the value is the mean over the
// labelled rows, as PyTorch's ignore_index; their gradient rows are 0. Scratch grows, never shrinks.

import type { LossKernel, LossTarget } from './types.js';

export interface RowLoss {
  /** The mean loss over the labelled rows of pred[rows, classes]; 0 when no row is labelled. */
  value(pred: Float32Array, target: LossTarget, classes: number, rows: number): number;
  /** d value / d pred, overwriting grad[rows, classes] (0 on unlabelled rows). */
  gradient(
    pred: Float32Array,
    target: LossTarget,
    grad: Float32Array,
    classes: number,
    rows: number,
  ): void;
}

/** `kernel` applied to the labelled rows only, gathered into a batch of their own. */
export function createRowLoss(kernel: LossKernel): RowLoss {
  let predRows = new Float32Array(0);
  let gradRows = new Float32Array(0);
  let targetRows = new Int32Array(0);
  const gather = (pred: Float32Array, target: LossTarget, classes: number, rows: number) => {
    if (target.length < rows)
      throw new RangeError(`${target.length} row targets for ${rows} rows of the output`);
    if (predRows.length < rows * classes) {
      predRows = new Float32Array(rows * classes);
      gradRows = new Float32Array(rows * classes);
      targetRows = new Int32Array(rows);
    }
    let labelled = 0;
    for (let row = 0; row < rows; row++) {
      if (target[row] === -1) continue;
      targetRows[labelled] = target[row];
      // Copied value by value: a subarray view per row would allocate in every training step.
      for (let k = 0; k < classes; k++) predRows[labelled * classes + k] = pred[row * classes + k];
      labelled++;
    }
    return labelled;
  };
  return {
    value(pred, target, classes, rows) {
      const labelled = gather(pred, target, classes, rows);
      if (labelled === 0) return 0;
      return kernel.value(predRows, targetRows.subarray(0, labelled), classes, labelled);
    },
    gradient(pred, target, grad, classes, rows) {
      const labelled = gather(pred, target, classes, rows);
      grad.fill(0, 0, rows * classes);
      if (labelled === 0) return;
      kernel.gradient(predRows, targetRows.subarray(0, labelled), gradRows, classes, labelled);
      let next = 0;
      for (let row = 0; row < rows; row++) {
        if (target[row] === -1) continue;
        for (let k = 0; k < classes; k++) grad[row * classes + k] = gradRows[next * classes + k];
        next++;
      }
    },
  };
}
