// lstm (Keras LSTM, gates i, f, c, o): forward against the float64 step loop and every gradient
// against finite differences of it, with and without return_sequences and bias; relu as the
// candidate activation; one T = 1 case (no recurrent product at all).

import { describe, it } from 'vitest';
import { createLstmState, lstmBackward, lstmForward } from '../../src/kernels/recurrent/index.js';
import { checkCell } from './cell-harness.js';
import { lstmReference, type SequenceCase } from './reference.js';

const lstm = {
  gates: 4,
  biasLength: (units: number) => 4 * units,
  createState: createLstmState,
  forward: lstmForward,
  backward: lstmBackward,
  reference: lstmReference,
};

const base: SequenceCase = {
  batch: 5,
  timesteps: 4,
  features: 3,
  units: 3,
  returnSequences: false,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};

describe('lstm', () => {
  for (const returnSequences of [false, true]) {
    it(`tanh/sigmoid, return_sequences = ${returnSequences}: forward and BPTT`, () => {
      checkCell(lstm, { ...base, returnSequences }, {}, 21);
    });
  }

  it('relu candidate activation, softsign gates (backward from the pre-activation)', () => {
    checkCell(lstm, { ...base, activation: 'relu', returnSequences: true }, {}, 22);
    checkCell(lstm, { ...base, recurrentActivation: 'softsign' }, {}, 23);
  });

  it('no bias, no dx, batch below capacity; a single time step', () => {
    checkCell(lstm, { ...base, batch: 2 }, {}, 24, {
      useBias: false,
      withDx: false,
      capacity: 4,
    });
    checkCell(lstm, { ...base, timesteps: 1, units: 4 }, {}, 25);
  });
});
