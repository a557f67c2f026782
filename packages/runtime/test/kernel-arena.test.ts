// Arrays in the kernel memory's arena (allocateFloats): the products read and write them in place
// and give the same bits as with plain arrays (copied in and out), and agree with naive loops;
// the elementwise kernels (SGD, ReLU's derivative, column sums, Adam in place) match the JS loops.

import { afterEach, describe, expect, it } from 'vitest';
import { reluBackward } from '../src/activations/elementwise.js';
import { activationTable } from '../src/activations/table.js';
import { allocateFloats, kernelAddress } from '../src/core/wasm/arena.js';
import {
  wasmColumnSums,
  wasmReluBackward,
  wasmReluForward,
  wasmSgdUpdate,
} from '../src/core/wasm/elementwise.js';
import {
  packedPanelFloats,
  wasmPackB,
  wasmProduct,
  type ProductLayout,
} from '../src/core/wasm/gemm.js';
import { sharedMemorySupported, wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels, type KernelChoice } from '../src/core/wasm/kernel-choice.js';
import { denseBackwardPrologue, denseForward } from '../src/kernels/dense.js';
import { createAdam } from '../src/optimizers/adam.js';
import { expectClose, Prng, randomArray } from './helpers.js';

const initialChoice: KernelChoice = getKernels();
afterEach(() => setKernels(initialChoice));

/** A copy of `values` in the arena. */
function inArena(values: Float32Array): Float32Array {
  const view = allocateFloats(values.length);
  view.set(values);
  return view;
}

/** Naive float64 op(a)·op(b) (+ bias) for a layout, a and b stored without offsets. */
function naive(
  layout: ProductLayout,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  bias: Float32Array | null,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) {
        const av = layout === 'tn' ? a[p * m + i] : a[i * k + p];
        const bv = layout === 'nt' ? b[j * k + p] : b[p * n + j];
        sum += av * bv;
      }
      out[i * n + j] = sum;
    }
  }
  return out;
}

const TOLERANCE = { relative: 2e-5, absolute: 2e-5 };

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())('the kernel arena', () => {
  const prng = new Prng(77);

  it('allocateFloats gives zeroed views in the kernel memory that survive its growth', () => {
    setKernels('wasm');
    const first = allocateFloats(37);
    expect(kernelAddress(first)).toBeGreaterThan(0);
    expect(kernelAddress(first) % 16).toBe(0);
    expect([...first]).toEqual(new Array(37).fill(0));
    first.set(randomArray(prng, 37));
    const saved = first.slice();
    // 8 MiB more makes the memory grow; the earlier view still reads (and the kernels see) it.
    const big = allocateFloats(2 << 20);
    expect(kernelAddress(big)).toBeGreaterThan(kernelAddress(first));
    expect(first).toEqual(saved);
    const out = allocateFloats(37);
    expect(wasmColumnSums(first, 1, 37, out)).toBe(true);
    expect(out).toEqual(saved);
    expect(kernelAddress(new Float32Array(4))).toBe(-1);
    setKernels('js');
    expect(kernelAddress(allocateFloats(8))).toBe(-1);
  });

  for (const layout of ['nn', 'tn', 'nt'] as const) {
    for (const [m, k, n] of [
      [7, 13, 5],
      [8, 20, 32],
      [9, 17, 33],
      [64, 30, 16],
    ] as [number, number, number][]) {
      it(`${layout} ${m}×${k}×${n}: in place = copied, bit for bit, = naive; bias, relu, accumulate`, () => {
        setKernels('wasm');
        const a = randomArray(prng, m * k);
        const b = randomArray(prng, k * n);
        const bias = randomArray(prng, n);
        const start = randomArray(prng, m * n);
        const expected = naive(layout, a, b, m, k, n, bias);
        const run = (arena: boolean, accumulate: boolean, relu: boolean) => {
          const place = (values: Float32Array) => (arena ? inArena(values) : values.slice());
          const out = place(start);
          wasmProduct(
            layout,
            place(a),
            0,
            place(b),
            0,
            out,
            0,
            m,
            k,
            n,
            accumulate,
            place(bias),
            relu,
          );
          return Float32Array.from(out);
        };
        for (const [accumulate, relu] of [
          [false, false],
          [false, true],
          [true, false],
        ]) {
          const inPlace = run(true, accumulate, relu);
          expect(inPlace).toEqual(run(false, accumulate, relu));
          const want = expected.map((value, index) => {
            const activated = relu ? (value > 0 ? value : 0) : value;
            return accumulate ? activated + start[index] : activated;
          });
          expectClose(inPlace, want, TOLERANCE, `${layout} accumulate=${accumulate} relu=${relu}`);
        }
      });
    }
  }

  for (const layout of ['nn', 'nt', 'tn'] as const) {
    it(`${layout}: B packed once (wasmPackB) = B packed by each product, bit for bit, with offsets`, () => {
      setKernels('wasm');
      const [m, k, n] = [9, 21, 37];
      const aOffset = 3;
      const bOffset = 5;
      const a = randomArray(prng, aOffset + m * k);
      const b = randomArray(prng, bOffset + k * n);
      const start = randomArray(prng, 2 + m * n);
      for (const arenaB of [true, false]) {
        const bStored = arenaB ? inArena(b) : b.slice();
        const panels = allocateFloats(packedPanelFloats(k, n));
        expect(wasmPackB(layout, bStored, bOffset, k, n, panels)).toBe(true);
        for (const accumulate of [false, true]) {
          const run = (packed: Float32Array | null) => {
            const out = inArena(start);
            // With packed panels b is not read: a zeroed b shows it.
            const operand = packed ? new Float32Array(b.length) : bStored;
            wasmProduct(
              layout,
              a,
              aOffset,
              operand,
              bOffset,
              out,
              2,
              m,
              k,
              n,
              accumulate,
              null,
              false,
              packed,
            );
            return Float32Array.from(out);
          };
          const once = run(panels);
          expect(once, `${layout} arenaB=${arenaB} accumulate=${accumulate}`).toEqual(run(null));
          const want = naive(layout, a.subarray(aOffset), b.subarray(bOffset), m, k, n, null);
          const got = once.subarray(2);
          const expected = want.map((value, index) =>
            accumulate ? value + start[2 + index] : value,
          );
          expectClose(got, expected, TOLERANCE, `${layout} packed once vs naive`);
        }
      }
      // Panels outside the kernel memory, or too short, are refused: nothing packed.
      expect(wasmPackB(layout, b, 0, k, n, new Float32Array(packedPanelFloats(k, n)))).toBe(false);
      expect(wasmPackB(layout, b, 0, k, n, allocateFloats(packedPanelFloats(k, n) - 1))).toBe(
        false,
      );
    });
  }

  it('dense forward and backward prologue with relu: arena arrays = plain arrays = js', () => {
    const [m, k, n] = [33, 40, 20];
    const x = randomArray(prng, m * k);
    const weights = randomArray(prng, k * n);
    const bias = randomArray(prng, n);
    const dy = randomArray(prng, m * n);
    const relu = activationTable.relu;
    const run = (choice: KernelChoice, arena: boolean) => {
      setKernels(choice);
      const place = (values: Float32Array) => (arena ? inArena(values) : values.slice());
      const out = place(new Float32Array(m * n));
      denseForward(place(x), place(weights), place(bias), out, m, k, n, relu, 0);
      const dz = place(dy);
      const dBias = place(new Float32Array(n).fill(7));
      denseBackwardPrologue(out, dz, dz, dBias, m, n, relu, 0);
      return {
        out: Float32Array.from(out),
        dz: Float32Array.from(dz),
        dBias: Float32Array.from(dBias),
      };
    };
    const js = run('js', false);
    const plain = run('wasm', false);
    const arena = run('wasm', true);
    expect(arena.out).toEqual(plain.out);
    expectClose(arena.out, js.out, TOLERANCE, 'dense forward, wasm against js');
    // The derivative and the column sums are the JS loops' float32 arithmetic: the same bits.
    const jsOnArenaOut = new Float32Array(m * n);
    reluBackward(arena.out, dy, jsOnArenaOut, m * n);
    expect(arena.dz).toEqual(jsOnArenaOut);
    const sums = new Float32Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[j] += jsOnArenaOut[i * n + j];
    expect(arena.dBias).toEqual(sums);
  });

  it('relu, its derivative, column sums and sgd in wasm match the JS loops, odd lengths', () => {
    setKernels('wasm');
    for (const count of [1, 3, 4, 13, 1031]) {
      const y = inArena(randomArray(prng, count));
      const dy = inArena(randomArray(prng, count));
      const dz = allocateFloats(count);
      expect(wasmReluBackward(y, dy, dz, count)).toBe(true);
      const want = new Float32Array(count);
      reluBackward(y, dy, want, count);
      expect(dz).toEqual(want);

      // The forward, with NaN and −0 among the values: the JS loop's results, bit for bit.
      const x = inArena(randomArray(prng, count));
      x[0] = Number.NaN;
      if (count > 2) x[2] = -0;
      const activated = allocateFloats(count);
      expect(wasmReluForward(x, activated, count)).toBe(true);
      expect(activated).toEqual(x.map((value) => (value > 0 ? value : 0)));
      expect(Object.is(activated[count > 2 ? 2 : 0], 0)).toBe(true);

      const param = inArena(randomArray(prng, count));
      const grad = inArena(randomArray(prng, count));
      const before = param.slice();
      expect(wasmSgdUpdate(param, grad, 0.05)).toBe(true);
      const lr = Math.fround(0.05);
      expect(param).toEqual(before.map((p, i) => Math.fround(p - Math.fround(lr * grad[i]))));
    }
    const [rows, columns] = [5, 11];
    const values = inArena(randomArray(prng, rows * columns));
    const sums = allocateFloats(columns);
    expect(wasmColumnSums(values, rows, columns, sums)).toBe(true);
    const want = new Float32Array(columns);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++) want[j] += values[i * columns + j];
    expect(sums).toEqual(want);
    // A plain array is left to the caller's loop.
    expect(wasmSgdUpdate(new Float32Array(8), grad8(), 0.1)).toBe(false);
  });

  it('adam in place on arena arrays = adam through copies, bit for bit, with an odd tail', () => {
    setKernels('wasm');
    const size = 8192 + 4099;
    const start = randomArray(prng, size);
    const grads = [0, 1, 2].map(() => randomArray(prng, size));
    const run = (arena: boolean) => {
      const param = arena ? inArena(start) : start.slice();
      const adam = createAdam([param], { learningRate: 0.01 });
      for (const g of grads) adam.step([param], [arena ? inArena(g) : g]);
      return Float32Array.from(param);
    };
    const inPlace = run(true);
    expect(inPlace).toEqual(run(false));
    expect(inPlace).not.toEqual(start);
  });
});

function grad8(): Float32Array {
  return new Float32Array(8).fill(1);
}
