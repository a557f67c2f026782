// Fused dense kernels: forward y = f(x · W + b) over blocks of rows, so bias and activation run
// while a block's outputs are still in cache; backward's prologue turns dy into dz = dy ⊙ f'(·)
// and accumulates db in the same pass. Elementwise activations only (softmax is a separate op).

import type { ElementwiseActivation } from '../activations/table.js';
import { reluForward } from '../activations/elementwise.js';
import { wasmColumnSums } from '../core/wasm/elementwise.js';
import { wasmProduct } from '../core/wasm/gemm.js';
import { useWasmProduct } from '../core/wasm/kernel-choice.js';
import { matmulWithOffsets } from '../core/matmul.js';

/** Rows per fused block: 16 rows × a few hundred outputs stay in L1/L2. */
const BLOCK_ROWS = 16;

/** out[m, n] = f(x[m, k] · W[k, n] + bias) with bias (may be null) and activation (null = identity). */
export function denseForward(
  x: Float32Array,
  weights: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  activation: ElementwiseActivation | null,
  alpha = 0,
): void {
  if (useWasmProduct(m, k, n)) {
    // One product over all rows with the bias (and ReLU) in the kernel's epilogue, then any
    // other activation.
    const relu = activation?.forward === reluForward;
    wasmProduct('nn', x, 0, weights, 0, out, 0, m, k, n, false, bias, relu);
    if (activation && !relu) activation.forward(out, out, m * n, alpha);
    return;
  }
  for (let start = 0; start < m; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, m - start);
    const offset = start * n;
    matmulWithOffsets(x, start * k, weights, 0, out, offset, rows, k, n);
    if (bias) {
      for (let i = 0; i < rows; i++) {
        const row = offset + i * n;
        for (let j = 0; j < n; j++) out[row + j] += bias[j];
      }
    }
    if (activation) {
      const block = out.subarray(offset, offset + rows * n);
      activation.forward(block, block, rows * n, alpha);
    }
  }
}

/**
 * dz[m, n] = dy ⊙ f'(value) (value = the forward's output when activation.usesOutput, else its
 * pre-activation input), and dBias[n] = Σ_rows dz in the same pass (dBias may be null).
 * dz may alias dy. With activation null, dz = dy.
 */
export function denseBackwardPrologue(
  value: Float32Array,
  dy: Float32Array,
  dz: Float32Array,
  dBias: Float32Array | null,
  m: number,
  n: number,
  activation: ElementwiseActivation | null,
  alpha = 0,
): void {
  if (activation) activation.backward(value, dy, dz, m * n, alpha);
  else if (dz !== dy) dz.set(dy.subarray(0, m * n));
  if (dBias && !wasmColumnSums(dz, m, n, dBias)) {
    dBias.fill(0, 0, n);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) dBias[j] += dz[row + j];
    }
  }
}
