// Per-sample weighted losses against a reference: for every loss case, the weighted value equals
// Σ_i w_i·ℓ_i (ℓ_i the float64 formula on sample i alone, w summing to 1, s_i = batch·w_i), and
// its gradient equals finite differences of that weighted reference.

import { describe, expect, it } from 'vitest';
import { weightedLossGradient, weightedLossValue } from '../../src/losses/weighted.js';
import { CLASSIFICATION_CASES, REGRESSION_CASES, oneHot } from '../loss-cases.js';
import { expectClose, expectNumberClose, numericalGradient, Prng } from '../helpers.js';

const [n, batch] = [5, 4];

describe('weighted losses', () => {
  for (const testCase of [...REGRESSION_CASES, ...CLASSIFICATION_CASES]) {
    it(`${testCase.label}: value is Σ w_i·ℓ_i and the gradient matches finite differences`, () => {
      const prng = new Prng(testCase.label.length * 17 + 3);
      const { pred, target } = testCase.inputs(prng, n, batch);
      const raw = Array.from({ length: batch }, () => prng.uniform(0.05, 1));
      const total = raw.reduce((a, b) => a + b, 0);
      const w = raw.map((v) => v / total);
      const scales = Float32Array.from(w, (v) => v * batch);
      const perSample = target.length / batch;
      const denseTarget = (i: number) => {
        const row = Array.from(target.subarray(i * perSample, (i + 1) * perSample));
        return testCase.sparseTarget && perSample === 1 ? oneHot(row, n) : row;
      };
      const reference = (p: ArrayLike<number>) => {
        let sum = 0;
        for (let i = 0; i < batch; i++) {
          const row = Array.from({ length: n }, (_, j) => p[i * n + j]);
          sum += w[i] * testCase.reference(row, denseTarget(i), n, 1);
        }
        return sum;
      };
      const value = weightedLossValue(testCase.kernel, pred, target, n, batch, scales);
      expectNumberClose(value, reference(pred), { relative: 1e-5, absolute: 1e-6 });
      const grad = new Float32Array(n * batch).fill(Number.NaN);
      weightedLossGradient(testCase.kernel, pred, target, grad, n, batch, scales);
      expectClose(grad, numericalGradient(reference, pred), { relative: 1e-3, absolute: 1e-5 });
    });
  }

  it('with all weights 1 the weighted loss is the kernel itself', () => {
    const testCase = CLASSIFICATION_CASES[0];
    const { pred, target } = testCase.inputs(new Prng(5), n, batch);
    const ones = new Float32Array(batch).fill(1);
    expect(weightedLossValue(testCase.kernel, pred, target, n, batch, ones)).toBeCloseTo(
      testCase.kernel.value(pred, target, n, batch),
      6,
    );
  });

  it('refuses fewer weights than samples', () => {
    const testCase = REGRESSION_CASES[0];
    const { pred, target } = testCase.inputs(new Prng(6), n, batch);
    expect(() =>
      weightedLossValue(testCase.kernel, pred, target, n, batch, new Float32Array(2)),
    ).toThrow(/2 sample weights for a batch of 4/);
  });
});
