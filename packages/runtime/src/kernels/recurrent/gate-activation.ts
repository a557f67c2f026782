// Activation-table kernels applied to a block of columns inside a wider row layout (one gate of a
// [batch, gates·units] step block). The table's kernels start at index 0, so a strided block is
// copied through a contiguous scratch the caller owns; a contiguous one runs on subarray views.

import type { ElementwiseActivation } from '../../activations/table.js';
import type { RecurrentState } from './common.js';

/**
 * target[targetOffset + r·stride + j] = f(source[sourceOffset + r·stride + j]) for r < rows,
 * j < width. `scratch` holds at least rows·width values.
 */
export function activateBlock(
  activation: ElementwiseActivation,
  alpha: number,
  source: Float32Array,
  sourceOffset: number,
  target: Float32Array,
  targetOffset: number,
  rows: number,
  stride: number,
  width: number,
  scratch: Float32Array,
): void {
  if (stride === width) {
    // Contiguous rows (rnn's whole step block): in place, no copies.
    const count = rows * width;
    const from = source.subarray(sourceOffset, sourceOffset + count);
    activation.forward(from, target.subarray(targetOffset, targetOffset + count), count, alpha);
    return;
  }
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const from = sourceOffset + r * stride;
    for (let j = 0; j < width; j++) scratch[k++] = source[from + j];
  }
  activation.forward(scratch, scratch, rows * width, alpha);
  k = 0;
  for (let r = 0; r < rows; r++) {
    const to = targetOffset + r * stride;
    for (let j = 0; j < width; j++) target[to + j] = scratch[k++];
  }
}

/**
 * gradient[...] = f'(·) ⊙ gradient[...] in place over the same block shape, where `value` is the
 * forward's output when activation.usesOutput, else its input (the caller picks which array).
 * `valueScratch` and `gradientScratch` each hold at least rows·width values.
 */
export function activationGradientBlock(
  activation: ElementwiseActivation,
  alpha: number,
  value: Float32Array,
  valueOffset: number,
  gradient: Float32Array,
  gradientOffset: number,
  rows: number,
  stride: number,
  width: number,
  valueScratch: Float32Array,
  gradientScratch: Float32Array,
): void {
  if (stride === width) {
    const count = rows * width;
    const values = value.subarray(valueOffset, valueOffset + count);
    const gradients = gradient.subarray(gradientOffset, gradientOffset + count);
    activation.backward(values, gradients, gradients, count, alpha);
    return;
  }
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const fromValue = valueOffset + r * stride;
    const fromGradient = gradientOffset + r * stride;
    for (let j = 0; j < width; j++) {
      valueScratch[k] = value[fromValue + j];
      gradientScratch[k++] = gradient[fromGradient + j];
    }
  }
  activation.backward(valueScratch, gradientScratch, gradientScratch, rows * width, alpha);
  k = 0;
  for (let r = 0; r < rows; r++) {
    const to = gradientOffset + r * stride;
    for (let j = 0; j < width; j++) gradient[to + j] = gradientScratch[k++];
  }
}

/** ws.gates = f(ws.preActivations) on columns [column, column + width) of the step block at `at`. */
export function activateGates(
  activation: ElementwiseActivation,
  alpha: number,
  batch: number,
  at: number,
  column: number,
  width: number,
  ws: RecurrentState,
): void {
  const offset = at + column;
  const { preActivations, gates, gateWidth, columnValues } = ws;
  activateBlock(
    activation,
    alpha,
    preActivations,
    offset,
    gates,
    offset,
    batch,
    gateWidth,
    width,
    columnValues,
  );
}

/** ws.gateGradients ⊙= f'(·) on the same columns, reading gates or preActivations as f needs. */
export function gateActivationGradient(
  activation: ElementwiseActivation,
  alpha: number,
  batch: number,
  at: number,
  column: number,
  width: number,
  ws: RecurrentState,
): void {
  const offset = at + column;
  const value = activation.usesOutput ? ws.gates : ws.preActivations;
  const { gateGradients, gateWidth, columnValues, columnGradients } = ws;
  activationGradientBlock(
    activation,
    alpha,
    value,
    offset,
    gateGradients,
    offset,
    batch,
    gateWidth,
    width,
    columnValues,
    columnGradients,
  );
}
