// Classification and margin losses (values and gradients are rows of kernel-checks.test.ts):
// stability for extreme logits, fused-vs-unfused
// agreement, class-index checks, the perceptron rule, and the loss table's names and options.

import { describe, expect, it } from 'vitest';
import { lossNames, lossTable } from '../src/losses/table.js';
import * as crossEntropy from '../src/losses/cross-entropy.js';
import * as margin from '../src/losses/margin.js';
import * as regression from '../src/losses/regression.js';
import { softmaxForward } from '../src/kernels/softmax.js';
import { expectClose, expectNumberClose, Prng, randomArray } from './helpers.js';
import { CLASSIFICATION_CASES, randomOneHot, REGRESSION_CASES } from './loss-cases.js';

describe('loss properties', () => {
  const prng = new Prng(404);

  it('fused cross-entropy gradient is (softmax − y)/batch and equals the unfused loss on softmax', () => {
    const [n, batch] = [6, 3];
    const logits = randomArray(prng, n * batch, -4, 4);
    const { indices, dense } = randomOneHot(prng, n, batch);
    const probabilities = new Float32Array(n * batch);
    softmaxForward(logits, probabilities, batch, n);
    const grad = new Float32Array(n * batch);
    crossEntropy.softmaxCrossEntropy.gradient(logits, dense, grad, n, batch);
    expectClose(
      grad,
      probabilities.map((p, i) => (p - dense[i]) / batch),
      { relative: 1e-5, absolute: 1e-7 },
    );
    const sparseGrad = new Float32Array(n * batch);
    crossEntropy.softmaxCrossEntropy.gradient(logits, indices, sparseGrad, n, batch);
    expectClose(sparseGrad, grad, { relative: 1e-6, absolute: 1e-8 });
    expectNumberClose(
      crossEntropy.softmaxCrossEntropy.value(logits, indices, n, batch),
      crossEntropy.categoricalCrossEntropy.value(probabilities, dense, n, batch),
      { relative: 1e-5 },
    );
  });

  it('fused losses stay finite and exact for extreme logits', () => {
    const logits = Float32Array.from([1000, -1000, 0]);
    expect(crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([1]), 3, 1)).toBeCloseTo(
      2000,
      6,
    );
    expect(crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([0]), 3, 1)).toBeCloseTo(
      0,
      12,
    );
    const z = Float32Array.from([100, -100, 100, -100]);
    const y = Float32Array.from([0, 1, 1, 0]);
    expect(crossEntropy.sigmoidBinaryCrossEntropy.value(z, y, 4, 1)).toBeCloseTo(50, 10);
    const grad = new Float32Array(4);
    crossEntropy.sigmoidBinaryCrossEntropy.gradient(z, y, grad, 4, 1);
    expectClose(grad, [0.25, -0.25, 0, 0], { absolute: 1e-12 });
    // Unfused forms clamp instead of producing infinities.
    expect(
      crossEntropy.binaryCrossEntropy.value(
        Float32Array.from([0, 1]),
        Float32Array.from([1, 0]),
        2,
        1,
      ),
    ).toBeCloseTo(-Math.log(1e-7), 3);
  });

  it('rejects class indices outside 0..n−1', () => {
    const logits = new Float32Array(6);
    expect(() =>
      crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([0, 3]), 3, 2),
    ).toThrow(RangeError);
    expect(() =>
      crossEntropy.sparseSoftmaxCrossEntropy.value(logits, Float32Array.from([0.5, 1]), 3, 2),
    ).toThrow(RangeError);
  });

  it('the perceptron gradient is (step(z) − t)/batch, giving Rosenblatt’s rule', () => {
    const z = Float32Array.from([0.5, -0.5, 0.5, -0.5, 0]);
    const t = Float32Array.from([1, 1, 0, 0, 1]);
    const grad = new Float32Array(5);
    margin.perceptronCriterion.gradient(z, t, grad, 5, 1);
    expect(Array.from(grad)).toEqual([0, -1, 1, 0, -1]);
  });

  it('the table holds the language’s names and picks kernels by option', () => {
    expect([...lossNames].sort()).toEqual(
      [
        'mse',
        'mae',
        'mape',
        'msle',
        'hinge',
        'squared_hinge',
        'categorical_hinge',
        'logcosh',
        'cross_entropy',
        'sparse_cross_entropy',
        'binary_cross_entropy',
        'kld',
        'poisson',
        'cosine',
        'perceptron',
      ].sort(),
    );
    expect(lossTable.mse()).toBe(regression.meanSquaredErrorHalf);
    expect(lossTable.mse({ half: false })).toBe(regression.meanSquaredErrorMean);
    expect(lossTable.cross_entropy()).toBe(crossEntropy.softmaxCrossEntropy);
    expect(lossTable.cross_entropy({ fromLogits: false })).toBe(
      crossEntropy.categoricalCrossEntropy,
    );
    expect(lossTable.sparse_cross_entropy()).toBe(crossEntropy.sparseSoftmaxCrossEntropy);
    expect(lossTable.binary_cross_entropy({ fromLogits: false })).toBe(
      crossEntropy.binaryCrossEntropy,
    );
    const tested = new Set([...REGRESSION_CASES, ...CLASSIFICATION_CASES].map((c) => c.kernel));
    for (const name of lossNames) {
      expect(tested.has(lossTable[name]()), name).toBe(true);
      expect(tested.has(lossTable[name]({ fromLogits: false, half: false })), name).toBe(true);
    }
  });
});
