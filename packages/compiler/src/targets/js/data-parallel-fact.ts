// Whether a model's training step may be split over the batch (data parallelism, #9), and whether
// it gains from it: takes the training IR, produces the reason it may not (or undefined) and whether
// some weight serves several positions of a sample. Read from op kinds and facts, never layer names.

import { ownOps } from '../../catalogue/index.js';
import { identityAtInference, type CoreOpKind, type IrModel } from '../../ir/ir.js';

/**
 * The core ops whose training forward mixes the samples of a batch. Every core kind is listed, so
 * a new one must be classified here (tsc says so). Own ops (catalogue/own-op.ts) say it in their
 * layer file (`mixesSamplesWhileTraining`, batch statistics); those drawing random numbers while
 * training say `trainingOnly` (both caught below).
 */
const mixesSamples: Record<CoreOpKind, string | undefined> = {
  matmul: undefined,
  bias_add: undefined,
  activation: undefined,
  dense: undefined,
  conv: undefined,
  maxpool: undefined,
  avgpool: undefined,
  globalavgpool: undefined,
  recurrent: undefined,
  attention: undefined,
};

/**
 * Why the step of `train` must stay whole (run on one thread, its products split instead), or
 * undefined when copies of the model may each run part of a batch and average their gradients:
 * - an op mixing the samples of a batch (batch statistics: a core op, or its layer file says so);
 * - an op drawing random numbers while training (dropout, noise: `trainingOnly` in its layer file,
 *   or attention's dropout): two copies would draw from two generators, so the run would no longer
 *   equal the one-thread run;
 * - a loss over the labelled rows of each sample (graph nodes): its mean is over rows, not samples.
 */
export function dataParallelBlocker(train: IrModel, lossOverRows: boolean): string | undefined {
  if (!train.training) return 'it has no train run';
  if (lossOverRows) return 'its loss is a mean over labelled rows, not over samples';
  for (const op of train.ops) {
    if (op.inferenceOnly) continue;
    const layer = `layer ${op.source.layer}`;
    if (identityAtInference(op.kind)) return `${layer} draws random numbers while training`;
    if (op.kind === 'attention' && op.attrs.dropout > 0)
      return `${layer} draws random numbers (dropout) while training`;
    const reason =
      ownOps.get(op.kind)?.mixesSamplesWhileTraining ??
      (mixesSamples as Record<string, string | undefined>)[op.kind];
    if (reason !== undefined) return `${layer}: ${reason}`;
  }
  return undefined;
}

/**
 * The core ops whose weights serve several positions of one sample (a kernel slid over an image, a
 * cell run at every step, projections applied to every token), so a sample costs many
 * multiply-adds per weight. Every core kind is listed, so a new one must be classified (tsc). Own
 * ops say it in their layer file (`weightsServeSeveralPositions`: gcn's W serves every node).
 */
const reusesWeights: Record<CoreOpKind, boolean> = {
  matmul: false,
  bias_add: false,
  activation: false,
  dense: false,
  conv: true,
  maxpool: false,
  avgpool: false,
  globalavgpool: false,
  recurrent: true,
  attention: true,
};

/**
 * Whether copies over the batch can pay for themselves: each copy packs, combines and updates every
 * weight, a cost that grows with the weights, while what it saves grows with the multiply-adds of
 * its samples. When every weight serves one multiply-add per sample (dense layers only), splitting
 * each product across the threads measured faster (docs/benchmark.md, 2026-12-06 22:34 UTC: B and
 * C), and when weights serve many positions, copies did (the CNN and the LSTM).
 */
export function weightsServeSeveralPositions(train: IrModel): boolean {
  return train.ops.some(
    (op) =>
      !op.inferenceOnly &&
      (ownOps.get(op.kind)?.weightsServeSeveralPositions ??
        (reusesWeights as Record<string, boolean>)[op.kind]) === true,
  );
}
