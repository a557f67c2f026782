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

export const lossTable = {
  mse: (options: LossOptions = {}): LossKernel =>
    options.half === false ? regression.meanSquaredErrorMean : regression.meanSquaredErrorHalf,
  mae: (): LossKernel => regression.meanAbsoluteError,
  mape: (): LossKernel => regression.meanAbsolutePercentageError,
  msle: (): LossKernel => regression.meanSquaredLogarithmicError,
  hinge: (): LossKernel => margin.hingeLoss,
  squared_hinge: (): LossKernel => margin.squaredHingeLoss,
  categorical_hinge: (): LossKernel => margin.categoricalHingeLoss,
  logcosh: (): LossKernel => regression.logCoshError,
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
  kld: (): LossKernel => crossEntropy.kullbackLeiblerDivergence,
  poisson: (): LossKernel => regression.poissonLoss,
  cosine: (): LossKernel => regression.cosineSimilarityLoss,
  perceptron: (): LossKernel => margin.perceptronCriterion,
} satisfies Record<string, (options?: LossOptions) => LossKernel>;

export type LossName = keyof typeof lossTable;

export const lossNames = Object.keys(lossTable) as LossName[];
