// The WebAssembly σ/tanh (activation-module.ts) against float64 Math over float32 patterns of the
// whole range plus ±0, ±∞, NaN (within 3 ulps; measured worst 2.5); their backward and the fused
// LSTM step against JS loops; whole RNNs, LSTMs, GRUs on js and wasm (1, 2 threads) vs float64 and FD.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { activationTable } from '../src/activations/table.js';
import { allocateFloats } from '../src/core/wasm/arena.js';
import {
  activationModuleBytes,
  wasmActivationBackward,
  wasmActivationForward,
  wasmLstmStepBackward,
  wasmLstmStepForward,
} from '../src/core/wasm/activation.js';
import { sharedMemorySupported, wasmApi, wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels, type KernelChoice } from '../src/core/wasm/kernel-choice.js';
import { setThreads } from '../src/core/wasm/node-threads.js';
import {
  createGruState,
  createLstmState,
  gruBackward,
  gruForward,
  lstmBackward,
  lstmForward,
  createRnnState,
  rnnBackward,
  rnnForward,
  type RecurrentOptions,
} from '../src/kernels/recurrent/index.js';
import { expectClose, numericalGradient, Prng, randomArray } from './helpers.js';
import {
  gruReference,
  lstmReference,
  rnnReference,
  type SequenceCase,
} from './recurrent/reference.js';

const initialChoice: KernelChoice = getKernels();
afterEach(() => setKernels(initialChoice));
afterAll(() => setThreads(1));

const references = {
  sigmoid: (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  tanh: Math.tanh,
};

/** The spacing of float32 values at |value|. */
function ulp(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/** In the arena (the kernels run in place only there). */
function arenaCopy(values: ArrayLike<number>): Float32Array {
  const out = allocateFloats(values.length);
  out.set(values as ArrayLike<number>);
  return out;
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 2 ** -126, 88, -88, -87.4, 9];

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())('WebAssembly σ and tanh', () => {
  it('the module validates, shared and not', () => {
    expect(wasmApi()!.validate(activationModuleBytes(true))).toBe(true);
    expect(wasmApi()!.validate(activationModuleBytes(false))).toBe(true);
  });

  for (const [kind, curve] of [
    ['sigmoid', 'logistic'],
    ['tanh', 'hyperbolic'],
  ] as const) {
    it(`${kind}: within 3 ulps of float64 Math over 100,000 float32 patterns of the whole range; ±0, ±∞ and NaN as Math`, () => {
      setKernels('wasm');
      const count = 100_003;
      const x = allocateFloats(count + SPECIAL.length);
      const bits = new Uint32Array(x.buffer, x.byteOffset, count);
      const stride = Math.floor(2 ** 32 / count);
      for (let index = 0; index < count; index++) bits[index] = index * stride + (index % 7);
      x.set(SPECIAL, count);
      const out = allocateFloats(x.length);
      expect(wasmActivationForward(curve, x, out, x.length)).toBe(true);
      let worst = 0;
      for (let index = 0; index < x.length; index++) {
        const expected = references[kind](x[index]);
        const got = out[index];
        if (!Number.isFinite(x[index]) || expected === 0 || Math.abs(x[index]) < 2 ** -126) {
          // NaN, ±∞, ±0 and subnormal inputs: Math's float32 value, sign of zero included.
          expect(Object.is(got, Math.fround(expected)), `${kind}(${x[index]}) = ${got}`).toBe(true);
        } else if (Math.abs(expected) < 2 ** -126) {
          // σ flushes results that would be subnormal to 0.
          expect(Math.abs(got - expected)).toBeLessThan(2 ** -126);
        } else {
          worst = Math.max(worst, Math.abs(got - expected) / ulp(expected));
        }
      }
      expect(worst).toBeLessThanOrEqual(3);
      expect(worst).toBeGreaterThan(0.5); // an approximation, not Math: the check can see a difference
    });

    it(`${kind} backward: the JS loop's value within float32 rounding, in place too`, () => {
      setKernels('wasm'); // the arrays in the arena, whatever NNET_KERNELS says
      const prng = new Prng(kind === 'sigmoid' ? 5 : 6);
      const count = 1031; // a scalar tail after the f32x4 lanes
      const y = arenaCopy(randomArray(prng, count, kind === 'sigmoid' ? 0 : -1, 1));
      const dy = arenaCopy(randomArray(prng, count, -2, 2));
      const expected = new Float32Array(count);
      setKernels('js');
      activationTable[kind].backward(y, dy, expected, count, 0);
      setKernels('wasm');
      const dx = allocateFloats(count);
      expect(wasmActivationBackward(curve, y, dy, dx, count)).toBe(true);
      expectClose(dx, expected, { relative: 3e-7, absolute: 1e-30 }, `${kind} backward`);
      expect(wasmActivationBackward(curve, y, dy, dy, count)).toBe(true);
      expect(Array.from(dy)).toEqual(Array.from(dx));
    });
  }
});

const TOLERANCE = { relative: 1e-5, absolute: 1e-6 };
const GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 1e-5 };

interface CellRun {
  out: Float32Array;
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

type CellName = keyof typeof CELLS;

const CELLS = {
  rnn: {
    gates: 1,
    biasLength: (u: number) => u,
    create: createRnnState,
    forward: rnnForward,
    backward: rnnBackward,
    reference: rnnReference,
  },
  lstm: {
    gates: 4,
    biasLength: (u: number) => 4 * u,
    create: createLstmState,
    forward: lstmForward,
    backward: lstmBackward,
    reference: lstmReference,
  },
  gru: {
    gates: 3,
    biasLength: (u: number) => 6 * u, // reset_after: input and recurrent bias
    create: createGruState,
    forward: gruForward,
    backward: gruBackward,
    reference: (
      c: SequenceCase,
      x: ArrayLike<number>,
      k: ArrayLike<number>,
      r: ArrayLike<number>,
      b: ArrayLike<number> | null,
    ) => gruReference(c, true, x, k, r, b),
  },
};

/**
 * One forward and backward of the cell on seeded inputs copied into the arena (as generated code
 * holds them; plain arrays under 'js'), checked against the float64 reference and, when small,
 * ∂(Σ dy·out)/∂kernel against central differences of it.
 */
function runCell(name: CellName, c: SequenceCase, seed: number): CellRun {
  const cell = CELLS[name];
  const prng = new Prng(seed);
  const { batch, timesteps, features, units } = c;
  const x = arenaCopy(randomArray(prng, batch * timesteps * features));
  const kernel = arenaCopy(randomArray(prng, features * cell.gates * units, -0.6, 0.6));
  // Scaled with 1/√units so the plain rnn stays contractive and float32 rounding does not grow.
  const range = 0.6 * Math.min(1, Math.sqrt(8 / units));
  const recurrentKernel = arenaCopy(randomArray(prng, units * cell.gates * units, -range, range));
  const bias = arenaCopy(randomArray(prng, cell.biasLength(units), -0.3, 0.3));
  const outLength = batch * (c.returnSequences ? timesteps : 1) * units;
  const dy = arenaCopy(randomArray(prng, outLength));
  const options: RecurrentOptions = { returnSequences: c.returnSequences };
  const ws = cell.create(c);
  const out = allocateFloats(outLength);
  cell.forward(x, kernel, recurrentKernel, bias, out, batch, options, ws as never);
  const run = {
    out,
    dx: allocateFloats(x.length),
    dKernel: allocateFloats(kernel.length),
    dRecurrentKernel: allocateFloats(recurrentKernel.length),
    dBias: allocateFloats(bias.length),
  };
  const { dx, dKernel, dRecurrentKernel, dBias } = run;
  const gradients = [dx, dKernel, dRecurrentKernel, dBias] as const;
  cell.backward(kernel, recurrentKernel, dy, ...gradients, batch, options, ws as never);
  expectClose(out, cell.reference(c, x, kernel, recurrentKernel, bias), TOLERANCE, 'out');
  if (batch * timesteps * units <= 64) {
    const loss = (k: Float64Array) => {
      const y = cell.reference(c, x, k, recurrentKernel, bias);
      return y.reduce((sum, value, index) => sum + value * dy[index], 0);
    };
    expectClose(dKernel, numericalGradient(loss, kernel), GRADIENT_TOLERANCE, 'dW');
  }
  return run;
}

const CASES: (SequenceCase & { name: string })[] = [
  { name: 'units 8 (f32x4 lanes only)', batch: 3, timesteps: 4, features: 5, units: 8 },
  { name: 'units 6 (a scalar tail)', batch: 2, timesteps: 3, features: 4, units: 6 },
  { name: 'the bench shape', batch: 64, timesteps: 28, features: 28, units: 64 },
].map((c) => ({
  ...c,
  returnSequences: c.units === 6,
  activation: 'tanh' as const,
  recurrentActivation: 'sigmoid' as const,
}));

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())(
  'whole cells (fused steps for lstm, gru)',
  () => {
    for (const name of ['rnn', 'lstm', 'gru'] as const) {
      for (const c of CASES) {
        it(`${name}, ${c.name}: wasm on 1 and 2 threads = js, = naive float64, = finite differences`, () => {
          setKernels('js');
          const js = runCell(name, c, 31);
          setKernels('wasm');
          const wasm = runCell(name, c, 31);
          setThreads(2);
          const twoThreads = runCell(name, c, 31);
          setThreads(1);
          for (const key of Object.keys(js) as (keyof CellRun)[]) {
            // Gradients are sums over batch·T terms: float32 in the wasm products, float64 in JS.
            expectClose(wasm[key], js[key], key === 'out' ? TOLERANCE : GRADIENT_TOLERANCE, key);
            // The products are bit-identical for any thread count, and the step kernels too.
            expect(Array.from(twoThreads[key])).toEqual(Array.from(wasm[key]));
          }
        });
      }
    }
  },
);

describe.skipIf(!wasmSimdSupported() || !sharedMemorySupported())('one LSTM step kernel', () => {
  it('forward and backward at offsets equal a float64 loop over the same float32 inputs', () => {
    setKernels('wasm');
    const prng = new Prng(8);
    const [rows, units, step] = [3, 7, 1]; // step 1: offsets into the second block of each array
    const block = rows * units;
    const pre = arenaCopy(randomArray(prng, 2 * 4 * block, -3, 3));
    const gates = allocateFloats(2 * 4 * block);
    const cell = arenaCopy(randomArray(prng, 3 * block));
    const cellActivated = allocateFloats(2 * block);
    const hidden = allocateFloats(3 * block);
    const offsets = {
      gates: step * 4 * block,
      cellPrevious: step * block,
      cellActivated: step * block,
      hidden: (step + 1) * block,
    };
    expect(wasmLstmStepForward(pre, gates, cell, cellActivated, hidden, offsets, rows, units)).toBe(
      true,
    );
    const { sigmoid, tanh } = references;
    const hiddenGradient = arenaCopy(randomArray(prng, block));
    const cellGradient = arenaCopy(randomArray(prng, block));
    const expectedCellGradient = new Float64Array(block);
    const dGates = allocateFloats(2 * 4 * block);
    const expectedGradients = new Float64Array(4 * block);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < units; j++) {
        const at = offsets.gates + r * 4 * units + j;
        const [i, f, g, o] = [0, 1, 2, 3].map((gate) => pre[at + gate * units]);
        const [si, sf, tg, so] = [sigmoid(i), sigmoid(f), tanh(g), sigmoid(o)];
        expectClose(
          [0, 1, 2, 3].map((gate) => gates[at + gate * units]),
          [si, sf, tg, so],
          { relative: 4e-7, absolute: 1e-30 },
          'gates',
        );
        const state = r * units + j;
        const previous = cell[offsets.cellPrevious + state];
        const c = sf * previous + si * tg;
        expectClose([cell[offsets.cellPrevious + block + state]], [c], TOLERANCE, 'c');
        expectClose([cellActivated[offsets.cellActivated + state]], [tanh(c)], TOLERANCE, 'tanh c');
        expectClose([hidden[offsets.hidden + state]], [so * tanh(c)], TOLERANCE, 'h');
        // The backward reads the stored float32 gates and tanh(c).
        const [gi, gf, gg, go] = [0, 1, 2, 3].map((gate) => gates[at + gate * units]);
        const tc = cellActivated[offsets.cellActivated + state];
        const dh = hiddenGradient[state];
        const dc = dh * go * (1 - tc * tc) + cellGradient[state];
        const row = r * 4 * units + j;
        expectedGradients[row] = dc * gg * gi * (1 - gi);
        expectedGradients[row + units] = dc * previous * gf * (1 - gf);
        expectedGradients[row + 2 * units] = dc * gi * (1 - gg * gg);
        expectedGradients[row + 3 * units] = dh * tc * go * (1 - go);
        expectedCellGradient[state] = dc * gf;
      }
    }
    const backwardOffsets = { ...offsets, hidden: undefined };
    expect(
      wasmLstmStepBackward(
        gates,
        cell,
        cellActivated,
        hiddenGradient,
        cellGradient,
        dGates,
        backwardOffsets,
        rows,
        units,
      ),
    ).toBe(true);
    const written = dGates.subarray(offsets.gates, offsets.gates + 4 * block);
    expectClose(written, expectedGradients, TOLERANCE, 'gate gradients');
    expectClose(cellGradient, expectedCellGradient, TOLERANCE, 'cell gradient');
  });
});
