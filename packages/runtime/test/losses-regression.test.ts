// Regression losses (mse in both forms, mae, mape, msle, logcosh, poisson, cosine): values and
// gradients are rows of kernel-checks.test.ts (cases in loss-cases.ts); here the stated factor
// between the two mse forms.

import { describe, it } from 'vitest';
import * as regression from '../src/losses/regression.js';
import { expectNumberClose, Prng, randomArray } from './helpers.js';

describe('regression losses', () => {
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
