// The per-step products of the recurrent cells (h_{t−1}·U forward, dGates·Uᵀ backward) with U's
// panels packed once per call into the layer's state, not again at every step; where the product
// does not go to WebAssembly, the JS matmul loops, unchanged.

import { matmulWithOffsets } from '../../core/matmul.js';
import { matmulTransBWithOffsets } from '../../core/matmul-transposed.js';
import { packedPanelFloats, wasmPackB, wasmProduct } from '../../core/wasm/gemm.js';
import { useWasmProduct } from '../../core/wasm/kernel-choice.js';

/** out[outOffset…] (=|+=) a[aOffset…]·B for one step, B fixed for the call. */
export type StepProduct = (
  a: Float32Array,
  aOffset: number,
  out: Float32Array,
  outOffset: number,
  accumulate: boolean,
) => void;

/** Floats of the state's panel buffer for a cell whose U is [units, width]: both layouts fit. */
export function stepPanelFloats(units: number, width: number): number {
  return Math.max(packedPanelFloats(units, width), packedPanelFloats(width, units));
}

/**
 * The step product a[m, k]·U for 'nn' (U stored [k, n]) or a[m, k]·Uᵀ for 'nt' (U stored
 * [n, k]), with U packed into `panels` (stepPanelFloats long, in the kernel memory) now.
 */
export function stepProduct(
  layout: 'nn' | 'nt',
  recurrentKernel: Float32Array,
  m: number,
  k: number,
  n: number,
  panels: Float32Array,
): StepProduct {
  if (useWasmProduct(m, k, n) && wasmPackB(layout, recurrentKernel, 0, k, n, panels)) {
    return (a, aOffset, out, outOffset, accumulate) =>
      wasmProduct(
        layout,
        a,
        aOffset,
        recurrentKernel,
        0,
        out,
        outOffset,
        m,
        k,
        n,
        accumulate,
        null,
        false,
        panels,
      );
  }
  const loops = layout === 'nn' ? matmulWithOffsets : matmulTransBWithOffsets;
  return (a, aOffset, out, outOffset, accumulate) =>
    loops(a, aOffset, recurrentKernel, 0, out, outOffset, m, k, n, accumulate);
}
