// The weights of a layer that multiplies by a kernel and adds a bias (dense, perceptron,
// conv1d/conv2d): `weights` of the given shape, regularized, and `bias` [units] unless
// `use_bias = false`. Keras's names, roles and initializers.

import { boolArg } from '../arg-values.js';
import type { Args, WeightSpec } from '../types.js';

export function kernelAndBias(
  kernelShape: number[],
  units: number,
  args: Args,
  kernelInit = 'glorot_uniform',
): WeightSpec[] {
  const weights: WeightSpec[] = [
    {
      name: 'weights',
      shape: kernelShape,
      trainable: true,
      role: 'kernel',
      regularized: true,
      init: kernelInit,
    },
  ];
  if (boolArg(args, 'use_bias'))
    weights.push({
      name: 'bias',
      shape: [units],
      trainable: true,
      role: 'bias',
      regularized: false,
      init: 'zeros',
    });
  return weights;
}
