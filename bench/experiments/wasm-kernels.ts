// Drop-in replacements for the runtime's denseForward, matmulTransA and matmulTransB that run
// the product in the wasm SIMD kernel (copying operands into wasm memory and the result back),
// falling back to the runtime's JS kernels for shapes the experiment does not cover.

import {
  denseForward as jsDenseForward,
  matmulTransA as jsMatmulTransA,
  matmulTransB as jsMatmulTransB,
  type ElementwiseActivation,
} from '@nnet/runtime';
import { instantiateWasmMatmul } from './wasm-simd-matmul.js';

const wasm = instantiateWasmMatmul();

/** The wasm heap as floats, at least `floats` long. */
function heap(floats: number): Float32Array {
  const bytes = floats * 4;
  if (wasm.memory.buffer.byteLength < bytes) {
    wasm.memory.grow(Math.ceil((bytes - wasm.memory.buffer.byteLength) / 65536));
  }
  return new Float32Array(wasm.memory.buffer);
}

const fits = (m: number, n: number) => m % 4 === 0 && n % 4 === 0;

/** out[m, n] = a[m, k] · b[k, n], with a and b already in the heap at float offsets 0 and m·k. */
function productFromHeap(
  memory: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const outStart = m * k + k * n;
  wasm.matmul(0, m * k * 4, outStart * 4, m, k, n);
  out.set(memory.subarray(outStart, outStart + m * n));
}

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
  if (!fits(m, n)) return jsDenseForward(x, weights, bias, out, m, k, n, activation, alpha);
  const memory = heap(m * k + k * n + m * n);
  memory.set(x.subarray(0, m * k), 0);
  memory.set(weights.subarray(0, k * n), m * k);
  productFromHeap(memory, out, m, k, n);
  if (bias) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] += bias[j];
    }
  }
  if (activation) activation.forward(out, out, m * n, alpha);
}

/** out[m, n] = aᵀ · b, a stored [k, m]: a is transposed while it is copied into the heap. */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (accumulate || !fits(m, n)) return jsMatmulTransA(a, b, out, m, k, n, accumulate);
  const memory = heap(m * k + k * n + m * n);
  for (let p = 0; p < k; p++) {
    const row = p * m;
    for (let i = 0; i < m; i++) memory[i * k + p] = a[row + i];
  }
  memory.set(b.subarray(0, k * n), m * k);
  productFromHeap(memory, out, m, k, n);
}

/** out[m, n] = a · bᵀ, b stored [n, k]: b is transposed while it is copied into the heap. */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (accumulate || !fits(m, n)) return jsMatmulTransB(a, b, out, m, k, n, accumulate);
  const memory = heap(m * k + k * n + m * n);
  memory.set(a.subarray(0, m * k), 0);
  const bStart = m * k;
  for (let j = 0; j < n; j++) {
    const row = j * k;
    for (let p = 0; p < k; p++) memory[bStart + p * n + j] = b[row + p];
  }
  productFromHeap(memory, out, m, k, n);
}
