// rnn (Keras SimpleRNN): forward against the float64 step loop and every gradient against finite
// differences of it, with and without return_sequences, bias and dx; tanh, relu and softsign
// (whose backward reads the pre-activation); a state reused for a smaller batch and grown for a larger.

import { describe, expect, it } from 'vitest';
import { createRnnState, rnnBackward, rnnForward } from '../../src/kernels/recurrent/index.js';
import { expectClose, Prng } from '../helpers.js';
import { checkCell, FORWARD_TOLERANCE, optionsFor, randomInputs } from './cell-harness.js';
import { rnnReference, type SequenceCase } from './reference.js';

const rnn = {
  gates: 1,
  biasLength: (units: number) => units,
  createState: createRnnState,
  forward: rnnForward,
  backward: rnnBackward,
  reference: rnnReference,
};

const base: SequenceCase = {
  batch: 5,
  timesteps: 4,
  features: 3,
  units: 5,
  returnSequences: false,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};

describe('rnn', () => {
  for (const returnSequences of [false, true]) {
    it(`tanh, return_sequences = ${returnSequences}: forward and BPTT`, () => {
      checkCell(rnn, { ...base, returnSequences }, {}, 11);
    });
  }

  it('relu and softsign activations', () => {
    checkCell(rnn, { ...base, activation: 'relu', returnSequences: true }, {}, 12);
    checkCell(rnn, { ...base, activation: 'softsign' }, {}, 13);
  });

  it('no bias, no dx, a state larger than the batch', () => {
    checkCell(rnn, { ...base, batch: 2 }, {}, 14, {
      useBias: false,
      withDx: false,
      capacity: 6,
    });
  });

  it('one state serves batches of different sizes, grows for a larger one, and its backward refuses a batch past it', () => {
    const c = { ...base, returnSequences: true };
    const ws = createRnnState(c, 5);
    const prng = new Prng(15);
    for (const batch of [5, 2, 5, 7, 3]) {
      const inputs = randomInputs(prng, { ...c, batch }, 1, c.units, true);
      const out = new Float32Array(batch * c.timesteps * c.units);
      rnnForward(
        inputs.x,
        inputs.kernel,
        inputs.recurrentKernel,
        inputs.bias,
        out,
        batch,
        optionsFor(c),
        ws,
      );
      const expected = rnnReference(
        { ...c, batch },
        inputs.x,
        inputs.kernel,
        inputs.recurrentKernel,
        inputs.bias,
      );
      expectClose(out, expected, FORWARD_TOLERANCE, `batch ${batch}`);
    }
    expect(ws.capacity).toBe(7);
    const w = new Float32Array(c.features * c.units);
    const u = new Float32Array(c.units * c.units);
    const dy = new Float32Array(8 * c.timesteps * c.units);
    expect(() =>
      rnnBackward(
        w,
        u,
        dy,
        null,
        new Float32Array(w.length),
        new Float32Array(u.length),
        null,
        8,
        optionsFor(c),
        ws,
      ),
    ).toThrow('rnn backward got 8, but its state holds 7: run the forward on the same batch first');
  });
});
