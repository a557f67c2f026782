// The recurrent state protocol on rnn: one state serves batches of different sizes, the forward
// grows it for a larger one, the backward refuses a batch past it (every cell's values and
// gradients are rows of kernel-checks.test.ts).

import { describe, expect, it } from 'vitest';
import { createRnnState, rnnBackward, rnnForward } from '../../src/kernels/recurrent/index.js';
import { expectClose, Prng } from '../helpers.js';
import {
  optionsFor,
  randomInputs,
  SEQUENCE_FORWARD_TOLERANCE as FORWARD_TOLERANCE,
} from '../kernel-rows/sequences.js';
import { rnnReference, type SequenceCase } from './reference.js';

const base: SequenceCase = {
  batch: 5,
  timesteps: 4,
  features: 3,
  units: 5,
  returnSequences: false,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};

describe('rnn state', () => {
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
