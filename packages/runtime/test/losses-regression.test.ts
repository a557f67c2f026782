// Regression losses (mse in both forms, mae, mape, msle, logcosh, poisson, cosine): values
// against naive float64 formulas, gradients against finite differences (cases in loss-cases.ts),
// and the stated factor between the two mse forms.

import { describe, it } from 'vitest';
import * as regression from '../src/losses/regression.js';
import { expectNumberClose, Prng, randomArray } from './helpers.js';
import { checkLossCase, REGRESSION_CASES } from './loss-cases.js';

describe('regression losses against naive formulas and finite differences', () => {
  for (const testCase of REGRESSION_CASES) it(testCase.label, () => checkLossCase(testCase));

  const prng = new Prng(405);
  it('mse half and mean differ by the stated factor n/2', () => {
    const [n, batch] = [3, 4];
    const pred = randomArray(prng, n * batch);
    const target = randomArray(prng, n * batch);
    expectNumberClose(
      regression.meanSquaredErrorHalf.value(pred, target, n, batch),
      (regression.meanSquaredErrorMean.value(pred, target, n, batch) * n) / 2,
      { relative: 1e-12 },
    );
  });
});
