// The IR passes of each target, in order, for training and for inference. Each pass is
// IrModel → IrModel; the verifier runs after lowering and after every pass when NNET_DEBUG is set
// or under the test runner, so a pass that breaks the IR fails where it does.

import type { Catalogue } from '../catalogue/types.js';
import type { IrModel } from './ir.js';
import { removeDeadValues } from './passes/dead-values.js';
import { fuseLoss } from './passes/fuse-loss.js';
import { mergeDense } from './passes/merge-dense.js';
import { assertValidIr } from './verify.js';

/** Whether to verify the IR after every pass. */
export const verifyEachPass = (): boolean => Boolean(process.env.NNET_DEBUG || process.env.VITEST);

/** Runs passes in order, verifying after each one when asked to. */
export function runPasses(model: IrModel, passes: readonly ((m: IrModel) => IrModel)[]): IrModel {
  const verify = verifyEachPass();
  if (verify) assertValidIr(model);
  return passes.reduce((current, pass) => {
    const next = pass(current);
    return verify ? assertValidIr(next) : next;
  }, model);
}

/** The JS training graph: loss fused with the final activation, dense merged with its activation. */
export function optimizeForTraining(model: IrModel, catalogue: Catalogue): IrModel {
  return runPasses(model, [
    (m) => fuseLoss(m, catalogue),
    (m) => mergeDense(m, { withActivation: true }),
  ]);
}

/**
 * The JS inference graph: no dropout, no loss, dense merged — except that the values a fused loss
 * reads (the logits before a final softmax or sigmoid) stay computed, for evaluation.
 */
export function optimizeForInference(model: IrModel, catalogue: Catalogue): IrModel {
  return runPasses(model, [
    (m) => fuseLoss(m, catalogue),
    removeDeadValues,
    (m) =>
      mergeDense(m, {
        withActivation: true,
        keep: new Set(m.evaluationInput === undefined ? [] : [m.evaluationInput]),
      }),
  ]);
}

/** The exported graph (ONNX, PyTorch): dense merged with its bias, activations kept apart. */
export function optimizeForExport(model: IrModel): IrModel {
  return runPasses(model, [(m) => mergeDense(m, { withActivation: false })]);
}
