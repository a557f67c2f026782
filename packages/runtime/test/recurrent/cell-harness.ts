// Runs one recurrent kernel (rnn, lstm or gru) on a seeded case and checks it against its float64
// reference: the forward output, then dx, dKernel, dRecurrentKernel and dBias against central
// differences of dot(dy, reference). Shared by the three cells' test files.

import { activationTable } from '../../src/activations/table.js';
import type {
  RecurrentOptions,
  RecurrentSpec,
  RecurrentState,
} from '../../src/kernels/recurrent/index.js';
import { dot, expectClose, Prng, randomArray } from '../helpers.js';
import { expectGradients, type SequenceCase } from './reference.js';

type Values = ArrayLike<number>;

export interface CellUnderTest<W extends RecurrentState, O extends RecurrentOptions> {
  gates: number;
  biasLength: (units: number) => number;
  createState: (spec: RecurrentSpec, capacity?: number) => W;
  forward: (
    x: Float32Array,
    kernel: Float32Array,
    recurrentKernel: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    batch: number,
    options: O,
    ws: W,
  ) => void;
  backward: (
    kernel: Float32Array,
    recurrentKernel: Float32Array,
    dy: Float32Array,
    dx: Float32Array | null,
    dKernel: Float32Array,
    dRecurrentKernel: Float32Array,
    dBias: Float32Array | null,
    batch: number,
    options: O,
    ws: W,
  ) => void;
  reference: (
    c: SequenceCase,
    x: Values,
    kernel: Values,
    recurrentKernel: Values,
    bias: Values | null,
  ) => Float64Array;
}

export const FORWARD_TOLERANCE = { relative: 1e-5, absolute: 1e-6 };
export const GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 1e-5 };

export function optionsFor(c: SequenceCase): RecurrentOptions {
  return {
    returnSequences: c.returnSequences,
    activation: activationTable[c.activation],
    recurrentActivation: activationTable[c.recurrentActivation],
  };
}

export interface CellInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
}

export function randomInputs(
  prng: Prng,
  c: SequenceCase,
  gates: number,
  biasLength: number,
  useBias: boolean,
): CellInputs {
  const { batch, timesteps, features, units } = c;
  // Recurrent weights kept small enough that tanh/sigmoid stay away from saturation.
  return {
    x: randomArray(prng, batch * timesteps * features, -1, 1),
    kernel: randomArray(prng, features * gates * units, -0.6, 0.6),
    recurrentKernel: randomArray(prng, units * gates * units, -0.6, 0.6),
    bias: useBias ? randomArray(prng, biasLength, -0.3, 0.3) : null,
  };
}

/** Forward against the reference, backward against finite differences; `extra` adds options. */
export function checkCell<W extends RecurrentState, O extends RecurrentOptions>(
  cell: CellUnderTest<W, O>,
  c: SequenceCase,
  extra: Omit<O, keyof RecurrentOptions>,
  seed: number,
  { useBias = true, withDx = true, capacity = c.batch } = {},
): void {
  const { batch, timesteps, features, units } = c;
  const prng = new Prng(seed);
  const inputs = randomInputs(prng, c, cell.gates, cell.biasLength(units), useBias);
  const options = { ...optionsFor(c), ...extra } as O;
  const ws = cell.createState({ timesteps, features, units }, capacity);
  const outLength = batch * (c.returnSequences ? timesteps : 1) * units;
  const out = new Float32Array(outLength);
  cell.forward(
    inputs.x,
    inputs.kernel,
    inputs.recurrentKernel,
    inputs.bias,
    out,
    batch,
    options,
    ws,
  );
  const reference = (v: Record<string, Values>) =>
    cell.reference(c, v.x, v.kernel, v.recurrentKernel, useBias ? v.bias : null);
  const values: Record<string, Float32Array> = {
    ...inputs,
    bias: inputs.bias ?? new Float32Array(0),
  };
  expectClose(out, reference(values), FORWARD_TOLERANCE, 'forward');

  const dy = randomArray(prng, outLength);
  const dx = withDx ? new Float32Array(inputs.x.length).fill(NaN) : null;
  const dKernel = new Float32Array(inputs.kernel.length).fill(NaN);
  const dRecurrentKernel = new Float32Array(inputs.recurrentKernel.length).fill(NaN);
  const dBias = inputs.bias ? new Float32Array(inputs.bias.length).fill(NaN) : null;
  cell.backward(
    inputs.kernel,
    inputs.recurrentKernel,
    dy,
    dx,
    dKernel,
    dRecurrentKernel,
    dBias,
    batch,
    options,
    ws,
  );
  const analytic: Record<string, Float32Array> = {
    kernel: dKernel,
    recurrentKernel: dRecurrentKernel,
  };
  if (dx) analytic.x = dx;
  if (dBias) analytic.bias = dBias;
  expectGradients(values, analytic, (v) => dot(dy, reference(v)), GRADIENT_TOLERANCE);
}
