// Element-wise maximum of several inputs of one shape (Keras `Maximum`, `torch.maximum`): y = max_t
// x_t. The backward ADDS dy to each input holding the maximum, split evenly among tied inputs (as
// torch's maximum and amax); a NaN input makes y NaN. Its kernel-table row (merge protocol) is here.

import { kernelRow } from './row.js';

/** Values per sample of every input and of the output. */
export interface MaximumSpec {
  size: number;
}

export function maximumGeometry(spec: MaximumSpec): MaximumSpec {
  if (!Number.isInteger(spec.size) || spec.size < 1)
    throw new RangeError(`element-wise maximum: size must be a whole number ≥ 1, got ${spec.size}`);
  return spec;
}

/** The largest of inputs[t][i] (NaN when one is NaN). */
function largest(inputs: readonly Float32Array[], i: number): number {
  let best = inputs[0][i];
  for (let t = 1; t < inputs.length; t++) {
    const value = inputs[t][i];
    if (value > best || value !== value) best = value;
  }
  return best;
}

/** out[i] = max_t inputs[t][i], for n values. */
export function maximumForward(
  inputs: readonly Float32Array[],
  out: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) out[i] = largest(inputs, i);
}

/** dInputs[t][i] += dy[i] / (how many inputs hold the maximum) where inputs[t][i] holds it. */
export function maximumBackward(
  dy: Float32Array,
  dInputs: readonly (Float32Array | null)[],
  inputs: readonly Float32Array[],
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const best = largest(inputs, i);
    let ties = 0;
    for (const x of inputs) if (x[i] === best) ties++;
    if (ties === 0) continue;
    const share = dy[i] / ties;
    for (let t = 0; t < inputs.length; t++) {
      const dx = dInputs[t];
      if (dx && inputs[t][i] === best) dx[i] += share;
    }
  }
}

/** The kernel-table row of the IR op `elementwise_max` (the merge protocol). */
export const maximumKernels = kernelRow('elementwise_max', {
  geometry: maximumGeometry,
  forward(xs: readonly Float32Array[], y: Float32Array, batch: number, g: MaximumSpec): void {
    maximumForward(xs, y, batch * g.size);
  },
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    xs: readonly Float32Array[],
    batch: number,
    g: MaximumSpec,
  ): void {
    maximumBackward(dy, dxs, xs, batch * g.size);
  },
});
