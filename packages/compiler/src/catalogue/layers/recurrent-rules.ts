// The rules that rnn, lstm and gru share: takes a sequence [timesteps, features] and the layer's
// number of gates (1, 4, 3), produces the output shape ([units] or [timesteps, units]), the weights
// (Keras names; PyTorch's second bias is `recurrent_bias`, torch-only) and the FLOPs.

import { boolArg, numberArg } from '../arg-values.js';
import { product, shapeText } from '../shape-utils.js';
import type { Args, Shape, ShapeResult, WeightSpec } from '../types.js';

export function recurrentShape(input: Shape, args: Args): ShapeResult {
  if (input.length !== 2) {
    const suggestion =
      input.length === 1
        ? shapeText([input[0], 1])
        : input.length > 2
          ? shapeText([input[0], product(input.slice(1))])
          : undefined;
    return {
      problem: {
        kind: 'rank',
        expected: 'a 2-D input [timesteps, features]',
        found: input,
        ...(suggestion ? { help: `reshape it first, e.g. \`reshape(${suggestion})\`` } : {}),
      },
    };
  }
  const units = numberArg(args, 'units');
  return { shape: boolArg(args, 'return_sequences') ? [input[0], units] : [units] };
}

/** `kernel` [in, g·u] and `recurrent_kernel` [u, g·u], shared by both conventions. */
export function recurrentKernels(gates: number, input: Shape, args: Args): WeightSpec[] {
  const units = numberArg(args, 'units');
  return [
    {
      name: 'kernel',
      shape: [input[input.length - 1], gates * units],
      trainable: true,
      role: 'kernel',
      regularized: true,
      init: 'glorot_uniform',
    },
    {
      name: 'recurrent_kernel',
      shape: [units, gates * units],
      trainable: true,
      role: 'recurrent_kernel',
      regularized: true,
      init: 'orthogonal',
    },
  ];
}

/**
 * Keras's single bias [g·u]; PyTorch has it too (bias_ih) plus `recurrent_bias` (bias_hh). An LSTM's
 * starts with its forget-gate slice at 1 (Keras's `unit_forget_bias = True`).
 */
export function singleAndTorchBiases(gates: number, args: Args): WeightSpec[] {
  if (!boolArg(args, 'use_bias')) return [];
  const size = gates * numberArg(args, 'units');
  return [
    {
      name: 'bias',
      shape: [size],
      trainable: true,
      role: 'bias',
      regularized: false,
      init: gates === 4 ? 'unit_forget_bias' : 'zeros',
    },
    {
      name: 'recurrent_bias',
      shape: [size],
      trainable: true,
      role: 'bias',
      regularized: false,
      init: 'zeros',
      conventions: ['torch'],
    },
  ];
}

/** 2 · (features + units) · g·u multiply-adds per time step. */
export function recurrentFlops(gates: number, input: Shape, args: Args): number {
  const units = numberArg(args, 'units');
  const [timesteps, features] = input;
  return 2 * timesteps * (features + units) * gates * units;
}
