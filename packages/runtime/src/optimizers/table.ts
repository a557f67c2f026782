// The optimizer table: each language name (LANGUAGE.md) → the function creating it over a list of
// parameter arrays. The compiler maps the language's arguments onto OptimizerOptions (lr →
// learningRate, perceptron's rate → learningRate).

import type { Optimizer, OptimizerOptions } from './types.js';
import {
  createAdadelta,
  createAdagrad,
  createPerceptronOptimizer,
  createRmsprop,
  createSgd,
} from './sgd-adagrad-rmsprop.js';
import { createAdam, createAdamax, createAdamW, createNadam } from './adam.js';

export type OptimizerFactory = (
  params: readonly Float32Array[],
  options?: OptimizerOptions,
) => Optimizer;

export const optimizerTable = {
  sgd: createSgd,
  adagrad: createAdagrad,
  adadelta: createAdadelta,
  rmsprop: createRmsprop,
  adam: createAdam,
  adamax: createAdamax,
  nadam: createNadam,
  adamw: createAdamW,
  perceptron: createPerceptronOptimizer,
} satisfies Record<string, OptimizerFactory>;

export type OptimizerName = keyof typeof optimizerTable;

export const optimizerNames = Object.keys(optimizerTable) as OptimizerName[];
