// The order of the IR passes, for training and for inference. Each pass is IrModel → IrModel.

import type { Catalogue } from '../catalogue/types.js';
import type { IrModel } from './ir.js';
import { removeDeadValues } from './passes/dead-values.js';
import { fuseDense } from './passes/fuse-dense.js';
import { fuseLoss } from './passes/fuse-loss.js';
import { fuseOptimizer } from './passes/fuse-optimizer.js';

/** The training graph: loss fused with the final activation, dense fused, updates fused. */
export function optimizeForTraining(model: IrModel, catalogue: Catalogue): IrModel {
  return fuseOptimizer(fuseDense(fuseLoss(model, catalogue)));
}

/**
 * The inference graph: no dropout, no loss, dense fused — except that the values a fused loss reads
 * (the logits before a final softmax or sigmoid) stay computed, for evaluation.
 */
export function optimizeForInference(model: IrModel, catalogue: Catalogue): IrModel {
  const pruned = removeDeadValues(fuseLoss(model, catalogue));
  const keep = pruned.evaluationInput === undefined ? [] : [pruned.evaluationInput];
  return fuseDense(pruned, new Set(keep));
}
