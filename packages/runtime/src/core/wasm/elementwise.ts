// The JS side of the elementwise WebAssembly kernels (elementwise-module.ts): each runs in place
// when its arrays are in the kernel memory's arena and returns true; false leaves the work to the
// caller's JS loop (plain arrays would cost a copy in and out, about what the loop costs).

import { wasmGemm } from './gemm.js';
import { useWasmElementwise } from './kernel-choice.js';

/**
 * Byte addresses of the views in the kernel memory (0 for a null view: an operand the kernel does
 * not read), or undefined when the work is too small for WebAssembly or a view is a plain array.
 * Every WebAssembly kernel's JS side asks this before it runs in place.
 */
export function arenaAddresses(
  count: number,
  views: readonly (Float32Array | null)[],
): number[] | undefined {
  if (!useWasmElementwise(count)) return undefined;
  const memory = wasmGemm();
  const found: number[] = [];
  for (const view of views) {
    const at = view === null ? 0 : memory.address(view);
    if (at < 0) return undefined;
    found.push(at);
  }
  return found;
}

/** param −= learningRate·grad over param.length values (float32). */
export function wasmSgdUpdate(
  param: Float32Array,
  grad: Float32Array,
  learningRate: number,
): boolean {
  const at = arenaAddresses(param.length, [param, grad]);
  if (at === undefined) return false;
  const memory = wasmGemm();
  // Constants in this thread's scratch: copies over the batch share one memory (core/replicas.ts).
  const constants = memory.scratch(16);
  memory.floats(constants + 16)[constants >> 2] = learningRate;
  memory.kernels.sgdUpdate(at[0], at[1], param.length, constants);
  return true;
}

/** out[i] = x[i] > 0 ? x[i] : 0 for i < count (out may alias x). */
export function wasmReluForward(x: Float32Array, out: Float32Array, count: number): boolean {
  const at = arenaAddresses(count, [x, out]);
  if (at === undefined) return false;
  wasmGemm().kernels.reluForward(at[0], at[1], count);
  return true;
}

/** dz[i] = y[i] > 0 ? dy[i] : 0 for i < count (dz may alias dy). */
export function wasmReluBackward(
  y: Float32Array,
  dy: Float32Array,
  dz: Float32Array,
  count: number,
): boolean {
  const at = arenaAddresses(count, [y, dy, dz]);
  if (at === undefined) return false;
  wasmGemm().kernels.reluBackward(at[0], at[1], at[2], count);
  return true;
}

/** sums[j] = Σ_i values[i·columns + j], in row order in float32 (as the JS loop into a Float32Array). */
export function wasmColumnSums(
  values: Float32Array,
  rows: number,
  columns: number,
  sums: Float32Array,
): boolean {
  const at = arenaAddresses(rows * columns, [values, sums]);
  if (at === undefined) return false;
  wasmGemm().kernels.columnSums(at[0], rows, columns, at[1]);
  return true;
}

/**
 * out = first·w₀ + second·w₁ over out.length floats, in float32 (each product and the sum rounded,
 * as the JS loop); data parallelism's combination of two copies' gradients.
 */
export function wasmCombineGradients(
  first: Float32Array,
  second: Float32Array,
  out: Float32Array,
  weights: readonly [number, number],
): boolean {
  const at = arenaAddresses(out.length, [first, second, out]);
  if (at === undefined) return false;
  const memory = wasmGemm();
  // Constants in this thread's scratch: every copy over the batch combines at once in one memory.
  const constants = memory.scratch(16);
  const heap = memory.floats(constants + 16);
  heap[constants >> 2] = weights[0];
  heap[(constants >> 2) + 1] = weights[1];
  memory.kernels.combineGradients(at[0], at[1], at[2], out.length, constants);
  return true;
}
