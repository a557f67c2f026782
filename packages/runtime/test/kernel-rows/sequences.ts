// Kernel-check rows of the sequence kernels: rnn, lstm and gru (both GRU forms) against their
// float64 step loops and BPTT against finite differences, and multi-head self-attention against
// a loop over heads and queries (with causal and padding masks); states made empty or larger than
// the batch (core/state.ts).

import { activationTable } from '../../src/activations/table.js';
import {
  attentionBackward,
  attentionForward,
  attentionPadding,
  createAttentionState,
  type AttentionParameters,
} from '../../src/kernels/attention.js';
import {
  createGruState,
  createLstmState,
  createRnnState,
  gruBackward,
  gruForward,
  lstmBackward,
  lstmForward,
  rnnBackward,
  rnnForward,
  type GruOptions,
  type GruState,
  type RecurrentOptions,
  type RecurrentSpec,
  type RecurrentState,
} from '../../src/kernels/recurrent/index.js';
import { Prng, randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';
import {
  attentionReference,
  gruReference,
  lstmReference,
  rnnReference,
  type AttentionCase,
  type SequenceCase,
} from '../recurrent/reference.js';

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

export const SEQUENCE_FORWARD_TOLERANCE = { relative: 1e-5, absolute: 1e-6 };
const GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 1e-5 };

/** One cell on one case: its output against the reference, then dx, dKernel, dRecurrentKernel, dBias. */
function cellRow<W extends RecurrentState, O extends RecurrentOptions>(
  name: string,
  cell: CellUnderTest<W, O>,
  c: SequenceCase,
  extra: Omit<O, keyof RecurrentOptions>,
  seed: number,
  { useBias = true, withDx = true, capacity = c.batch } = {},
): KernelCheck {
  const { batch, timesteps, features, units } = c;
  const options = { ...optionsFor(c), ...extra } as O;
  return {
    name,
    seed,
    inputs: (prng) => {
      const { bias, ...rest } = randomInputs(prng, c, cell.gates, cell.biasLength(units), useBias);
      return bias ? { ...rest, bias } : rest;
    },
    run: ({ x, kernel, recurrentKernel, bias }) => {
      const ws = cell.createState({ timesteps, features, units }, capacity);
      const out = nans(batch * (c.returnSequences ? timesteps : 1) * units);
      cell.forward(x, kernel, recurrentKernel, bias ?? null, out, batch, options, ws);
      return {
        output: out,
        backward: (dy) => {
          const dx = withDx ? nans(x.length) : null;
          const dKernel = nans(kernel.length);
          const dRecurrentKernel = nans(recurrentKernel.length);
          const dBias = bias ? nans(bias.length) : null;
          cell.backward(
            kernel,
            recurrentKernel,
            dy,
            dx,
            dKernel,
            dRecurrentKernel,
            dBias,
            batch,
            options,
            ws,
          );
          const gradients: Record<string, Float32Array> = {
            kernel: dKernel,
            recurrentKernel: dRecurrentKernel,
          };
          if (dx) gradients.x = dx;
          if (dBias) gradients.bias = dBias;
          return gradients;
        },
      };
    },
    reference: (v) => cell.reference(c, v.x, v.kernel, v.recurrentKernel, v.bias ?? null),
    forwardTolerance: SEQUENCE_FORWARD_TOLERANCE,
    gradientTolerance: GRADIENT_TOLERANCE,
  };
}

const rnn: CellUnderTest<RecurrentState, RecurrentOptions> = {
  gates: 1,
  biasLength: (units) => units,
  createState: createRnnState,
  forward: rnnForward,
  backward: rnnBackward,
  reference: rnnReference,
};

const lstm: CellUnderTest<RecurrentState & ReturnType<typeof createLstmState>, RecurrentOptions> = {
  gates: 4,
  biasLength: (units) => 4 * units,
  createState: createLstmState,
  forward: lstmForward,
  backward: lstmBackward,
  reference: lstmReference,
};

function gruCell(resetAfter: boolean): CellUnderTest<GruState, GruOptions> {
  return {
    gates: 3,
    biasLength: (units) => (resetAfter ? 6 : 3) * units,
    createState: createGruState,
    forward: gruForward,
    backward: gruBackward,
    reference: (c, x, kernel, recurrentKernel, bias) =>
      gruReference(c, resetAfter, x, kernel, recurrentKernel, bias),
  };
}

const sequence: SequenceCase = {
  batch: 5,
  timesteps: 4,
  features: 3,
  units: 3,
  returnSequences: false,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};
const rnnBase: SequenceCase = { ...sequence, units: 5 };

export const RECURRENT_ROWS: KernelCheck[] = [
  ...[false, true].map((returnSequences) =>
    cellRow(
      `rnn tanh, return_sequences = ${returnSequences}`,
      rnn,
      { ...rnnBase, returnSequences },
      {},
      11,
    ),
  ),
  cellRow(
    'rnn relu, return_sequences',
    rnn,
    { ...rnnBase, activation: 'relu', returnSequences: true },
    {},
    12,
  ),
  cellRow('rnn softsign', rnn, { ...rnnBase, activation: 'softsign' }, {}, 13),
  cellRow(
    'rnn no bias, no dx, a state larger than the batch',
    rnn,
    { ...rnnBase, batch: 2 },
    {},
    14,
    {
      useBias: false,
      withDx: false,
      capacity: 6,
    },
  ),
  ...[false, true].map((returnSequences) =>
    cellRow(
      `lstm tanh/sigmoid, return_sequences = ${returnSequences}`,
      lstm,
      { ...sequence, returnSequences },
      {},
      21,
    ),
  ),
  cellRow(
    'lstm relu candidate activation',
    lstm,
    { ...sequence, activation: 'relu', returnSequences: true },
    {},
    22,
  ),
  cellRow(
    'lstm softsign gates (backward from the pre-activation)',
    lstm,
    { ...sequence, recurrentActivation: 'softsign' },
    {},
    23,
  ),
  cellRow('lstm no bias, no dx, batch below capacity', lstm, { ...sequence, batch: 2 }, {}, 24, {
    useBias: false,
    withDx: false,
    capacity: 4,
  }),
  cellRow(
    'lstm a single time step, a state made empty',
    lstm,
    { ...sequence, timesteps: 1, units: 4 },
    {},
    25,
    {
      capacity: 0,
    },
  ),
  ...[true, false].flatMap((resetAfter) => [
    ...[false, true].map((returnSequences) =>
      cellRow(
        `gru reset_after = ${resetAfter}, return_sequences = ${returnSequences}`,
        gruCell(resetAfter),
        { ...sequence, returnSequences },
        { resetAfter },
        31 + Number(resetAfter),
      ),
    ),
    cellRow(
      `gru reset_after = ${resetAfter}, relu candidate`,
      gruCell(resetAfter),
      { ...sequence, activation: 'relu', returnSequences: true },
      { resetAfter },
      33,
    ),
    cellRow(
      `gru reset_after = ${resetAfter}, swish candidate`,
      gruCell(resetAfter),
      { ...sequence, activation: 'swish', units: 5 },
      { resetAfter },
      34,
    ),
    cellRow(
      `gru reset_after = ${resetAfter}, no bias, no dx`,
      gruCell(resetAfter),
      { ...sequence, batch: 2 },
      { resetAfter },
      35,
      {
        useBias: false,
        withDx: false,
        capacity: 3,
      },
    ),
  ]),
  cellRow('gru resetAfter defaults to true', gruCell(true), sequence, {}, 36),
];

function randomParameters(prng: Prng, c: AttentionCase, useBias: boolean): AttentionParameters {
  const { modelDim: d, heads, keyDim, valueDim } = c;
  const bias = (n: number) => (useBias ? randomArray(prng, n, -0.3, 0.3) : null);
  return {
    queryKernel: randomArray(prng, d * heads * keyDim, -0.8, 0.8),
    queryBias: bias(heads * keyDim),
    keyKernel: randomArray(prng, d * heads * keyDim, -0.8, 0.8),
    keyBias: bias(heads * keyDim),
    valueKernel: randomArray(prng, d * heads * valueDim, -0.8, 0.8),
    valueBias: bias(heads * valueDim),
    outputKernel: randomArray(prng, heads * valueDim * d, -0.8, 0.8),
    outputBias: bias(d),
  };
}

/** Self-attention on one case: dx and every weight and bias gradient. */
function attentionRow(
  name: string,
  c: AttentionCase,
  seed: number,
  useBias = true,
  capacity = c.batch,
): KernelCheck {
  const { batch, timesteps: T, modelDim: d } = c;
  return {
    name,
    seed,
    inputs: (prng) => {
      const x = randomArray(prng, batch * T * d, -1, 1);
      const values: Record<string, Float32Array> = { x };
      for (const [key, value] of Object.entries(randomParameters(prng, c, useBias)))
        if (value) values[key] = value;
      return values;
    },
    run: (values) => {
      const params = attentionParameters(values);
      const ws = createAttentionState(
        {
          timesteps: T,
          modelDim: d,
          heads: c.heads,
          keyDim: c.keyDim,
          valueDim: c.valueDim,
          causal: c.causal,
        },
        capacity,
      );
      const out = nans(batch * T * d);
      if (c.padding) attentionPadding(Int32Array.from(c.padding.ids), c.padding.pad, batch, ws);
      attentionForward(values.x, params, out, batch, ws);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(values.x.length);
          const grads = attentionParameters(
            Object.fromEntries(Object.entries(values).map(([key, v]) => [key, nans(v.length)])),
          );
          attentionBackward(values.x, params, dy, dx, grads, batch, ws);
          const gradients: Record<string, Float32Array> = { x: dx };
          for (const [key, value] of Object.entries(grads)) if (value) gradients[key] = value;
          return gradients;
        },
      };
    },
    reference: (v) => attentionReference(c, v.x, attentionParameters(v)),
    forwardTolerance: SEQUENCE_FORWARD_TOLERANCE,
    gradientTolerance: GRADIENT_TOLERANCE,
  };
}

/** The eight weights of AttentionParameters out of a record by name (biases may be absent). */
function attentionParameters<T extends ArrayLike<number>>(values: Record<string, T>) {
  const names = [
    'queryKernel',
    'queryBias',
    'keyKernel',
    'keyBias',
    'valueKernel',
    'valueBias',
    'outputKernel',
    'outputBias',
  ];
  return Object.fromEntries(
    names.map((name) => [name, values[name] ?? null]),
  ) as unknown as AttentionParameters;
}

const attention: AttentionCase = {
  batch: 3,
  timesteps: 4,
  modelDim: 6,
  heads: 2,
  keyDim: 3,
  valueDim: 3,
  causal: false,
};

export const ATTENTION_ROWS: KernelCheck[] = [
  attentionRow('attention key_dim = d / heads', attention, 41),
  attentionRow(
    'attention causal: step t attends to steps ≤ t only',
    { ...attention, causal: true, timesteps: 5 },
    42,
  ),
  attentionRow(
    'attention key_dim ≠ value_dim ≠ d / heads, three heads, causal, no biases',
    { ...attention, modelDim: 5, heads: 3, keyDim: 4, valueDim: 2, causal: true },
    43,
    false,
  ),
  attentionRow('attention a state larger than the batch', { ...attention, batch: 1 }, 44, true, 4),
  attentionRow(
    'attention padding mask: padded keys take no weight, a sample of pads only attends to nothing',
    // Sample 0 has pads inside, sample 1 none, sample 2 nothing but pads (its context is zero).
    { ...attention, padding: { ids: [3, 0, 5, 0, 1, 2, 4, 6, 0, 0, 0, 0], pad: 0 } },
    46,
  ),
  attentionRow(
    'attention padding mask with a causal mask: a step whose visible keys are all pads',
    { ...attention, causal: true, padding: { ids: [0, 0, 5, 2, 1, 0, 4, 0, 7, 7, 0, 3], pad: 0 } },
    47,
  ),
  attentionRow(
    'attention a single time step, a state made empty',
    { ...attention, timesteps: 1 },
    45,
    true,
    0,
  ),
];
