// The recurrent and attention kernels against PyTorch (tests/fixtures/torch-recurrent.json, from
// scripts/torch-recurrent-fixtures.py, float64; nn.RNN, nn.LSTM, nn.GRU reset_after, attention in
// the Keras layout): outputs and gradients to 1e-5, on the JS and the WebAssembly kernels.

import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'vitest';
import { wasmSimdSupported } from '../../src/core/wasm/host-api.js';
import { getKernels, setKernels, type KernelChoice } from '../../src/core/wasm/kernel-choice.js';
import { activationTable } from '../../src/activations/table.js';
import {
  attentionBackward,
  attentionForward,
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
  type RecurrentOptions,
  type RecurrentSpec,
  type RecurrentState,
} from '../../src/kernels/recurrent/index.js';
import { expectClose } from '../helpers.js';

const TOLERANCE = { relative: 1e-5, absolute: 1e-6 };

interface RecurrentFixture {
  id: string;
  cell: 'rnn' | 'lstm' | 'gru';
  activation: 'tanh' | 'relu';
  batch: number;
  timesteps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  x: number[];
  kernel: number[];
  recurrentKernel: number[];
  bias: number[];
  dy: number[];
  out: number[];
  dx: number[];
  dKernel: number[];
  dRecurrentKernel: number[];
  dBias: number[];
}

type AttentionName = keyof AttentionParameters;

interface AttentionFixture {
  id: string;
  batch: number;
  timesteps: number;
  modelDim: number;
  heads: number;
  keyDim: number;
  causal: boolean;
  x: number[];
  params: Record<AttentionName, number[]>;
  dy: number[];
  out: number[];
  dx: number[];
  grads: Record<AttentionName, number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../../tests/fixtures/torch-recurrent.json', import.meta.url), 'utf8'),
) as { recurrent: RecurrentFixture[]; attention: AttentionFixture[] };

/** The three cells share one signature; W is the cell's own state type. */
interface CellKernels<W extends RecurrentState> {
  create: (spec: RecurrentSpec, capacity?: number) => W;
  forward: (
    x: Float32Array,
    kernel: Float32Array,
    recurrentKernel: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    batch: number,
    options: RecurrentOptions,
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
    options: RecurrentOptions,
    ws: W,
  ) => void;
}

function checkAgainstTorch<W extends RecurrentState>(cell: CellKernels<W>, c: RecurrentFixture) {
  const f32 = (values: number[]) => Float32Array.from(values);
  const [kernel, recurrentKernel, bias] = [f32(c.kernel), f32(c.recurrentKernel), f32(c.bias)];
  // torch's GRU is Keras's reset_after form, the GruOptions default.
  const options: RecurrentOptions = {
    returnSequences: c.returnSequences,
    activation: activationTable[c.activation],
  };
  // Made empty: the forward grows it to the batch (core/state.ts).
  const ws = cell.create({ timesteps: c.timesteps, features: c.features, units: c.units });
  const out = new Float32Array(c.out.length);
  cell.forward(f32(c.x), kernel, recurrentKernel, bias, out, c.batch, options, ws);
  expectClose(out, c.out, TOLERANCE, 'out');
  const dx = new Float32Array(c.dx.length);
  const dKernel = new Float32Array(kernel.length);
  const dRecurrentKernel = new Float32Array(recurrentKernel.length);
  const dBias = new Float32Array(bias.length);
  const dy = f32(c.dy);
  cell.backward(
    kernel,
    recurrentKernel,
    dy,
    dx,
    dKernel,
    dRecurrentKernel,
    dBias,
    c.batch,
    options,
    ws,
  );
  expectClose(dx, c.dx, TOLERANCE, 'dx');
  expectClose(dKernel, c.dKernel, TOLERANCE, 'dKernel');
  expectClose(dRecurrentKernel, c.dRecurrentKernel, TOLERANCE, 'dRecurrentKernel');
  expectClose(dBias, c.dBias, TOLERANCE, 'dBias');
}

const initialChoice = getKernels();
afterEach(() => setKernels(initialChoice));
// Both kernel paths: under 'wasm' the states live in the kernel memory, so σ/tanh and the LSTM
// step run in WebAssembly (their polynomial exp), under 'js' in the JS loops.
const choices: KernelChoice[] = wasmSimdSupported() ? ['js', 'wasm'] : ['js'];

describe.each(choices)('recurrent kernels against PyTorch, %s kernels', (choice) => {
  for (const c of fixture.recurrent) {
    it(c.id, () => {
      setKernels(choice);
      if (c.cell === 'rnn') {
        checkAgainstTorch(
          { create: createRnnState, forward: rnnForward, backward: rnnBackward },
          c,
        );
      } else if (c.cell === 'lstm') {
        checkAgainstTorch(
          { create: createLstmState, forward: lstmForward, backward: lstmBackward },
          c,
        );
      } else {
        checkAgainstTorch(
          { create: createGruState, forward: gruForward, backward: gruBackward },
          c,
        );
      }
    });
  }
});

describe('attention against PyTorch nn.MultiheadAttention', () => {
  for (const c of fixture.attention) {
    it(c.id, () => {
      const names = Object.keys(c.params) as AttentionName[];
      const params = Object.fromEntries(names.map((n) => [n, Float32Array.from(c.params[n])]));
      const grads = Object.fromEntries(names.map((n) => [n, new Float32Array(c.grads[n].length)]));
      const ws = createAttentionState(
        {
          timesteps: c.timesteps,
          modelDim: c.modelDim,
          heads: c.heads,
          keyDim: c.keyDim,
          causal: c.causal,
        },
        c.batch,
      );
      const x = Float32Array.from(c.x);
      const out = new Float32Array(c.out.length);
      attentionForward(x, params as unknown as AttentionParameters, out, c.batch, ws);
      expectClose(out, c.out, TOLERANCE, 'out');
      const dx = new Float32Array(x.length);
      attentionBackward(
        x,
        params as unknown as AttentionParameters,
        Float32Array.from(c.dy),
        dx,
        grads as unknown as AttentionParameters,
        c.batch,
        ws,
      );
      expectClose(dx, c.dx, TOLERANCE, 'dx');
      for (const name of names) expectClose(grads[name], c.grads[name], TOLERANCE, name);
    });
  }
});
