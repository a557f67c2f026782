// GFLOP/s of the runtime's matrix kernels and of the experiments' variants on the shapes of the
// 784-128-10 net at batch 64 (forward x·W, backward xᵀ·dz), results checked against the runtime.
// Kernels take turns in short rounds and the best round counts, as the machine may be shared.
// `tsx bench/experiments/kernel-speed.ts`

import { matmul, matmulTransA, Prng } from '@nnet/runtime';
import { matmul1x8, matmul2x4, matmulTransA2x4, matmulTransAByTranspose } from './js-tiles.js';
import { wasmMatmulOnArrays } from './wasm-simd-matmul.js';

type Kernel = (
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
) => void;

const ROUNDS = 5;
const ROUND_SECONDS = 0.3;

function random(size: number, prng: Prng): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = prng.normal();
  return values;
}

function maxRelativeDifference(x: Float32Array, y: Float32Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++)
    max = Math.max(max, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
  return max;
}

export function compareKernels(
  title: string,
  kernels: Record<string, Kernel>,
  m: number,
  k: number,
  n: number,
): void {
  const prng = new Prng(1);
  const a = random(m * k, prng);
  const b = random(k * n, prng);
  const outputs = Object.values(kernels).map(() => new Float32Array(m * n));
  const entries = Object.entries(kernels);
  entries.forEach(([, kernel], index) => {
    for (let i = 0; i < 20; i++) kernel(a, b, outputs[index], m, k, n);
  });
  const best = entries.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    entries.forEach(([, kernel], index) => {
      let calls = 0;
      const start = performance.now();
      while (performance.now() - start < ROUND_SECONDS * 1000) {
        kernel(a, b, outputs[index], m, k, n);
        calls++;
      }
      const rate = (2 * m * k * n * calls) / ((performance.now() - start) / 1000) / 1e9;
      best[index] = Math.max(best[index], rate);
    });
  }
  console.log(`${title} (m=${m}, k=${k}, n=${n}), best of ${ROUNDS} rounds`);
  entries.forEach(([name], index) => {
    const error = maxRelativeDifference(outputs[index], outputs[0]);
    console.log(
      `  ${name.padEnd(34)} ${best[index].toFixed(2).padStart(6)} GFLOP/s  (max rel. Δ ${error.toExponential(1)})`,
    );
  });
}

const transposeThen = (kernel: Kernel): Kernel => {
  let transposed = new Float32Array(0);
  return (a, b, out, m, k, n) => {
    if (transposed.length < m * k) transposed = new Float32Array(m * k);
    for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) transposed[i * k + p] = a[p * m + i];
    kernel(transposed, b, out, m, k, n);
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  compareKernels(
    'forward x·W',
    {
      'runtime matmul (JS 4×4, f64 sums)': matmul,
      'JS 2×4': matmul2x4,
      'JS 1×8': matmul1x8,
      'wasm SIMD 4×8, with copies': wasmMatmulOnArrays(true),
      'wasm SIMD 4×8, inputs resident': wasmMatmulOnArrays(false),
    },
    64,
    784,
    128,
  );
  compareKernels(
    'backward dW = xᵀ·dz',
    {
      'runtime matmulTransA (JS 4×4)': matmulTransA,
      'JS 2×4': matmulTransA2x4,
      'transpose, then JS 2×4': matmulTransAByTranspose,
      'transpose, then wasm SIMD (copies)': transposeThen(wasmMatmulOnArrays(true)),
    },
    784,
    64,
    128,
  );
}
