// gru (Keras GRU, gates z, r, h) in both forms — reset_after (bias [2, 3u], the default) and
// reset_before (bias [3u]): forward against the float64 step loop and every gradient against
// finite differences of it, with and without return_sequences and bias; other activations.

import { describe, it } from 'vitest';
import {
  createGruState,
  gruBackward,
  gruForward,
  type GruOptions,
  type GruState,
} from '../../src/kernels/recurrent/index.js';
import { checkCell, type CellUnderTest } from './cell-harness.js';
import { gruReference, type SequenceCase } from './reference.js';

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

const base: SequenceCase = {
  batch: 5,
  timesteps: 4,
  features: 3,
  units: 3,
  returnSequences: false,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};

describe('gru', () => {
  for (const resetAfter of [true, false]) {
    for (const returnSequences of [false, true]) {
      it(`reset_after = ${resetAfter}, return_sequences = ${returnSequences}: forward and BPTT`, () => {
        checkCell(
          gruCell(resetAfter),
          { ...base, returnSequences },
          { resetAfter },
          31 + Number(resetAfter),
        );
      });
    }

    it(`reset_after = ${resetAfter}: relu and swish candidates, no bias, no dx`, () => {
      const cell = gruCell(resetAfter);
      checkCell(cell, { ...base, activation: 'relu', returnSequences: true }, { resetAfter }, 33);
      checkCell(cell, { ...base, activation: 'swish', units: 5 }, { resetAfter }, 34);
      checkCell(cell, { ...base, batch: 2 }, { resetAfter }, 35, {
        useBias: false,
        withDx: false,
        capacity: 3,
      });
    });
  }

  it('resetAfter defaults to true', () => {
    checkCell(gruCell(true), base, {}, 36);
  });
});
