// The loss table: each language name (LANGUAGE.md) → a function of the loss's options returning
// its kernel. Cross-entropies default to the fused from-logits form (`fromLogits: false` selects
// the Keras on-probabilities form); mse defaults to the course's ½Σ form (`half: false` → mean).

import * as crossEntropy from './cross-entropy.js';
import type { LossKernel } from './types.js';
import * as margin from './margin.js';
import * as regression from './regression.js';

export interface LossOptions {
  /** mse only: true (default) for ½·Σ_j d² per sample, false for the mean of d² over all values. */
  half?: boolean;
  /** cross-entropies only: true (default) when pred holds raw scores before softmax/sigmoid. */
  fromLogits?: boolean;
}

/** Every entry takes the same options, so generated code calls each one alike. */
export type LossFactory = (options?: LossOptions) => LossKernel;

/** A loss without options: the factory ignores them. */
const fixed =
  (kernel: LossKernel): LossFactory =>
  () =>
    kernel;

export const lossTable = {
  mse: (options: LossOptions = {}): LossKernel =>
    options.half === false ? regression.meanSquaredErrorMean : regression.meanSquaredErrorHalf,
  mae: fixed(regression.meanAbsoluteError),
  mape: fixed(regression.meanAbsolutePercentageError),
  msle: fixed(regression.meanSquaredLogarithmicError),
  hinge: fixed(margin.hingeLoss),
  squared_hinge: fixed(margin.squaredHingeLoss),
  categorical_hinge: fixed(margin.categoricalHingeLoss),
  logcosh: fixed(regression.logCoshError),
  cross_entropy: (options: LossOptions = {}): LossKernel =>
    options.fromLogits === false
      ? crossEntropy.categoricalCrossEntropy
      : crossEntropy.softmaxCrossEntropy,
  sparse_cross_entropy: (options: LossOptions = {}): LossKernel =>
    options.fromLogits === false
      ? crossEntropy.sparseCategoricalCrossEntropy
      : crossEntropy.sparseSoftmaxCrossEntropy,
  binary_cross_entropy: (options: LossOptions = {}): LossKernel =>
    options.fromLogits === false
      ? crossEntropy.binaryCrossEntropy
      : crossEntropy.sigmoidBinaryCrossEntropy,
  kld: fixed(crossEntropy.kullbackLeiblerDivergence),
  poisson: fixed(regression.poissonLoss),
  cosine: fixed(regression.cosineSimilarityLoss),
  perceptron: fixed(margin.perceptronCriterion),
} satisfies Record<string, LossFactory>;

export type LossName = keyof typeof lossTable;

export const lossNames = Object.keys(lossTable) as LossName[];
