// The WebAssembly SIMD products against naive float64 loops and against the JS kernels, on odd
// shapes (1×1, 7×13×5, sizes not multiples of the 4×8 tile, k = 0) with offsets, overwriting and
// accumulating, in all three layouts; the fused dense forward; Adam's update; the kernel choice.

import { afterEach, describe, expect, it } from 'vitest';
import { activationTable } from '../src/activations/table.js';
import { denseForward } from '../src/kernels/dense.js';
import { createAdam } from '../src/optimizers/adam.js';
import { assembleModule, FunctionBody, I32 } from '../src/core/wasm/assembler.js';
import { gemmFunctions } from '../src/core/wasm/gemm-module.js';
import { wasmApi, wasmSimdSupported } from '../src/core/wasm/host-api.js';
import {
  getKernels,
  setKernels,
  useWasmProduct,
  AUTO_MULTIPLY_ADDS,
  type KernelChoice,
} from '../src/core/wasm/kernel-choice.js';
import { matmulWithOffsets } from '../src/core/matmul.js';
import { matmulTransAWithOffsets, matmulTransBWithOffsets } from '../src/core/matmul-transposed.js';
import { expectClose, Prng, randomArray } from './helpers.js';

type Product = typeof matmulWithOffsets;

/** How each layout reads A(i, p) and B(p, j) from its stored arrays at their offsets. */
const LAYOUTS: {
  name: string;
  product: Product;
  aAt: (a: Float32Array, offset: number, m: number, k: number, i: number, p: number) => number;
  bAt: (b: Float32Array, offset: number, k: number, n: number, p: number, j: number) => number;
}[] = [
  {
    name: 'a·b',
    product: matmulWithOffsets,
    aAt: (a, o, m, k, i, p) => a[o + i * k + p],
    bAt: (b, o, k, n, p, j) => b[o + p * n + j],
  },
  {
    name: 'aᵀ·b',
    product: matmulTransAWithOffsets,
    aAt: (a, o, m, k, i, p) => a[o + p * m + i],
    bAt: (b, o, k, n, p, j) => b[o + p * n + j],
  },
  {
    name: 'a·bᵀ',
    product: matmulTransBWithOffsets,
    aAt: (a, o, m, k, i, p) => a[o + i * k + p],
    bAt: (b, o, k, n, p, j) => b[o + j * k + p],
  },
];

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [4, 8, 8],
  [5, 3, 9],
  [9, 17, 33],
  [3, 0, 6],
  [12, 40, 16],
  [33, 70, 19],
  [1, 17, 63],
  [3, 1, 129],
  [63, 129, 17],
  [129, 63, 3],
];

const TOLERANCE = { relative: 2e-5, absolute: 2e-5 };
const initialChoice: KernelChoice = getKernels();
afterEach(() => setKernels(initialChoice));

describe.skipIf(!wasmSimdSupported())('WebAssembly SIMD products', () => {
  const prng = new Prng(2024);
  for (const layout of LAYOUTS) {
    for (const [m, k, n] of SHAPES) {
      it(`${layout.name} ${m}×${k}×${n} with offsets: wasm = naive = js`, () => {
        const [aOffset, bOffset, outOffset] = [3, 5, 2];
        const a = randomArray(prng, aOffset + m * k + 4);
        const b = randomArray(prng, bOffset + k * n + 4);
        const expected = new Float64Array(m * n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++)
              sum += layout.aAt(a, aOffset, m, k, i, p) * layout.bAt(b, bOffset, k, n, p, j);
            expected[i * n + j] = sum;
          }
        }
        const start = randomArray(prng, outOffset + m * n + 3);
        const results: Record<string, Float32Array[]> = {};
        for (const choice of ['wasm', 'js'] as const) {
          setKernels(choice);
          const written = new Float32Array(start.length).fill(-9);
          layout.product(a, aOffset, b, bOffset, written, outOffset, m, k, n);
          const accumulated = start.slice();
          layout.product(a, aOffset, b, bOffset, accumulated, outOffset, m, k, n, true);
          results[choice] = [written, accumulated];
          const inside = (array: Float32Array) => array.subarray(outOffset, outOffset + m * n);
          expectClose(inside(written), expected, TOLERANCE, `${choice} ${layout.name}`);
          expectClose(
            inside(accumulated),
            expected.map((v, index) => v + start[outOffset + index]),
            TOLERANCE,
            `${choice} out + ${layout.name}`,
          );
          // Nothing outside the output block is touched.
          expect([
            ...written.subarray(0, outOffset),
            ...written.subarray(outOffset + m * n),
          ]).toEqual(new Array(start.length - m * n).fill(-9));
          expect(accumulated.subarray(outOffset + m * n)).toEqual(
            start.subarray(outOffset + m * n),
          );
        }
        expectClose(results.wasm[0], results.js[0], TOLERANCE, 'wasm against js');
      });
    }
  }

  it('dense forward with bias and relu fused: wasm = js = naive', () => {
    const [m, k, n] = [19, 37, 21];
    const x = randomArray(prng, m * k);
    const weights = randomArray(prng, k * n);
    const bias = randomArray(prng, n);
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = bias[j];
        for (let p = 0; p < k; p++) sum += x[i * k + p] * weights[p * n + j];
        expected[i * n + j] = Math.max(0, sum);
      }
    }
    const reluEntry = activationTable.relu;
    for (const choice of ['wasm', 'js'] as const) {
      setKernels(choice);
      const out = new Float32Array(m * n).fill(Number.NaN);
      denseForward(x, weights, bias, out, m, k, n, reluEntry, 0);
      expectClose(out, expected, TOLERANCE, `${choice} dense`);
      const noBias = new Float32Array(m * n).fill(Number.NaN);
      denseForward(x, weights, null, noBias, m, k, n, null);
      expectClose(
        noBias,
        expected.map((_, index) => {
          let sum = 0;
          const [i, j] = [Math.floor(index / n), index % n];
          for (let p = 0; p < k; p++) sum += x[i * k + p] * weights[p * n + j];
          return sum;
        }),
        TOLERANCE,
        `${choice} dense without bias or activation`,
      );
    }
  });

  it('adam: wasm = js = a float64 reference over 3 steps, across chunks and an odd tail', () => {
    const size = 8192 * 2 + 13;
    const start = randomArray(prng, size);
    const grads = [0, 1, 2].map(() => randomArray(prng, size));
    const reference = Float64Array.from(start);
    const [m, v] = [new Float64Array(size), new Float64Array(size)];
    const [lr, beta1, beta2, epsilon] = [0.01, 0.9, 0.999, 1e-8];
    grads.forEach((g, step) => {
      const t = step + 1;
      for (let i = 0; i < size; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        const denominator = Math.sqrt(v[i]) / Math.sqrt(1 - beta2 ** t) + epsilon;
        reference[i] -= ((lr / (1 - beta1 ** t)) * m[i]) / denominator;
      }
    });
    const results = (['wasm', 'js'] as const).map((choice) => {
      setKernels(choice);
      const param = start.slice();
      const adam = createAdam([param], { learningRate: lr });
      for (const g of grads) adam.step([param], [g]);
      expectClose(param, reference, { relative: 1e-5, absolute: 1e-6 }, `${choice} adam`);
      return param;
    });
    expectClose(results[0], results[1], { relative: 1e-5, absolute: 1e-6 }, 'wasm against js');
  });

  it('the emitted kernel module validates', () => {
    const bytes = assembleModule(
      { initialPages: 1, maximumPages: 2, shared: false },
      gemmFunctions(),
    );
    expect(wasmApi()!.validate(bytes)).toBe(true);
    // A broken body (an i32 add with nothing on the stack) does not.
    const broken = new FunctionBody([I32]);
    broken.add();
    const brokenBytes = assembleModule({ initialPages: 1, maximumPages: 1, shared: false }, [
      { name: 'broken', body: broken },
    ]);
    expect(wasmApi()!.validate(brokenBytes)).toBe(false);
  });
});

describe('kernel choice', () => {
  it('auto sends only products of at least AUTO_MULTIPLY_ADDS to wasm; js and wasm all', () => {
    setKernels('auto');
    expect(useWasmProduct(1, 1, AUTO_MULTIPLY_ADDS - 1)).toBe(false);
    expect(useWasmProduct(1, 1, AUTO_MULTIPLY_ADDS)).toBe(wasmSimdSupported());
    setKernels('js');
    expect(useWasmProduct(64, 784, 128)).toBe(false);
    expect(getKernels()).toBe('js');
    if (wasmSimdSupported()) {
      setKernels('wasm');
      expect(useWasmProduct(1, 1, 1)).toBe(true);
      // Operands over the kernels' 1 GiB memory go to the JS kernels even when wasm is forced.
      expect(useWasmProduct(100_000, 10_000, 1)).toBe(false);
    }
  });

  it('rejects an unknown choice with the expected values', () => {
    expect(() => setKernels('fast' as KernelChoice)).toThrow(
      "setKernels('fast'): expected one of js, wasm, auto",
    );
  });
});
