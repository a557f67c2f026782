// Weights and parameter counts under one convention: takes a layer spec with its inputs, checked
// arguments and output shape, produces the weights that exist in Keras or PyTorch and their
// trainable / non-trainable totals. Also wraps an activation as a shape-preserving layer.

import { product } from './shape-utils.js';
import type { ActivationSpec, Args, Convention, LayerSpec, Shape, WeightSpec } from './types.js';

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
  total: number;
}

/** Whether a weight exists under `convention` (weights without `conventions` exist under all). */
export function weightExistsIn(weight: WeightSpec, convention: Convention): boolean {
  return weight.conventions === undefined || weight.conventions.includes(convention);
}

/** The layer's weights as `convention` has them. */
export function layerWeightsFor(
  spec: LayerSpec,
  inputs: readonly Shape[],
  args: Args,
  output: Shape,
  convention: Convention,
): WeightSpec[] {
  return spec.weights(inputs, args, output).filter((weight) => weightExistsIn(weight, convention));
}

/** Trainable and non-trainable totals of a list of weights (already filtered by convention). */
export function countWeights(weights: readonly WeightSpec[]): ParamCount {
  let trainable = 0;
  let nonTrainable = 0;
  for (const weight of weights) {
    if (weight.trainable) trainable += product(weight.shape);
    else nonTrainable += product(weight.shape);
  }
  return { trainable, nonTrainable, total: trainable + nonTrainable };
}

/** The layer's parameter count under `convention` (Keras by default in the language). */
export function countParams(
  spec: LayerSpec,
  inputs: readonly Shape[],
  args: Args,
  output: Shape,
  convention: Convention,
): ParamCount {
  return countWeights(layerWeightsFor(spec, inputs, args, output, convention));
}

/**
 * An activation used as a layer (`relu`, `prelu`, `softmax(axis = 1)`): shape unchanged, weights
 * only for `prelu`, about one operation per value. Built on demand, not stored in the layer table,
 * so every name lives in exactly one table.
 */
export function activationLayer(spec: ActivationSpec): LayerSpec {
  const weights = spec.weights;
  return {
    name: spec.name,
    category: 'activation',
    lowering: { op: 'activation' },
    summary: spec.summary,
    doc: spec.doc,
    args: spec.args,
    inputs: { min: 1, max: 1 },
    outputShape: ([input]) => ({ shape: input }),
    weights: weights ? ([input], args) => weights(input, args) : () => [],
    flops: ([input]) => product(input),
  };
}
