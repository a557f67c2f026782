// Every loss: value against a naive float64 formula written here (Keras/PyTorch definitions and
// the reductions the file headers state), gradient against finite differences of that formula;
// plus stability for extreme logits, fused-vs-unfused agreement and the table's names.

import { describe, expect, it } from 'vitest';
import { lossNames, lossTable } from '../src/loss-table.js';
import type { LossKernel, LossTarget } from '../src/loss-types.js';
import * as crossEntropy from '../src/losses-cross-entropy.js';
import * as margin from '../src/losses-margin.js';
import * as regression from '../src/losses-regression.js';
import { softmaxForward } from '../src/softmax.js';
import { expectClose, expectNumberClose, numericalGradient, Prng, randomArray, randomAwayFromZero } from './helpers.js'; // prettier-ignore

const EPSILON = 1e-7;
type Reference = (pred: ArrayLike<number>, target: ArrayLike<number>, n: number, batch: number) => number; // prettier-ignore

/** Σ over samples of f(sample's pred row, target row) / batch. */
function perSample(
  f: (p: number[], t: number[]) => number,
): Reference {
  return (pred, target, n, batch) => {
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const p = Array.from({ length: n }, (_, j) => pred[s * n + j]);
      const t = Array.from({ length: n }, (_, j) => target[s * n + j]);
      total += f(p, t);
    }
    return total / batch;
  };
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const clamp = (v: number, low: number, high: number) => Math.min(Math.max(v, low), high);
const signed = (y: number) => (y > 0 ? 1 : -1);

/** Class indices → one-hot rows, so references can be written once. */
function oneHot(indices: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(indices.length * n);
  for (let s = 0; s < indices.length; s++) out[s * n + indices[s]] = 1;
  return out;
}

function randomOneHot(prng: Prng, n: number, batch: number): { indices: Int32Array; dense: Float32Array } {
  const indices = Int32Array.from({ length: batch }, () => prng.nextInt(n));
  return { indices, dense: Float32Array.from(oneHot(indices, n)) };
}

function randomDistribution(prng: Prng, n: number, batch: number): Float32Array {
  const out = randomArray(prng, n * batch, 0.05, 1);
  for (let s = 0; s < batch; s++) {
    const total = sum(Array.from(out.subarray(s * n, s * n + n)));
    for (let j = 0; j < n; j++) out[s * n + j] /= total;
  }
  return out;
}

interface LossCase {
  label: string;
  kernel: LossKernel;
  reference: Reference;
  inputs: (prng: Prng, n: number, batch: number) => { pred: Float32Array; target: LossTarget };
  /** References over dense targets; sparse targets are expanded to one-hot first. */
  sparseTarget?: boolean;
}

const uniformPair = (low: number, high: number) => (prng: Prng, n: number, batch: number) => ({
  pred: randomArray(prng, n * batch, low, high),
  target: randomArray(prng, n * batch, low, high),
});

const softmaxCrossEntropyReference = perSample((z, y) => {
  const lse = Math.log(sum(z.map(Math.exp)));
  return -sum(y.map((yj, j) => yj * (z[j] - lse)));
});
const categoricalOnProbabilitiesReference = perSample((p, y) => {
  const total = sum(p);
  return -sum(y.map((yj, j) => yj * Math.log(clamp(p[j] / total, EPSILON, 1 - EPSILON))));
});

const CASES: LossCase[] = [
  {
    label: 'mse (half, course)',
    kernel: regression.meanSquaredErrorHalf,
    reference: perSample((p, t) => 0.5 * sum(p.map((v, j) => (v - t[j]) ** 2))),
    inputs: uniformPair(-2, 2),
  },
  {
    label: 'mse (half = false, torch MSELoss mean)',
    kernel: regression.meanSquaredErrorMean,
    reference: perSample((p, t) => mean(p.map((v, j) => (v - t[j]) ** 2))),
    inputs: uniformPair(-2, 2),
  },
  {
    label: 'mae',
    kernel: regression.meanAbsoluteError,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.abs(v - t[j])))),
    inputs: uniformPair(-2, 2),
  },
  {
    label: 'mape',
    kernel: regression.meanAbsolutePercentageError,
    reference: perSample((p, t) => 100 * mean(p.map((v, j) => Math.abs((t[j] - v) / Math.max(Math.abs(t[j]), EPSILON))))), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -2, 2), target: randomAwayFromZero(prng, n * batch, 2, 0.2) }), // prettier-ignore
  },
  {
    label: 'msle',
    kernel: regression.meanSquaredLogarithmicError,
    reference: perSample((p, t) => mean(p.map((v, j) => (Math.log(Math.max(v, EPSILON) + 1) - Math.log(Math.max(t[j], EPSILON) + 1)) ** 2))), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomAwayFromZero(prng, n * batch, 3, 0.05).map(Math.abs).map((v, i) => (i % 7 === 0 ? -v : v)), target: randomArray(prng, n * batch, 0, 3) }), // prettier-ignore
  },
  {
    label: 'logcosh',
    kernel: regression.logCoshError,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.log(Math.cosh(v - t[j]))))),
    inputs: uniformPair(-5, 5),
  },
  {
    label: 'poisson',
    kernel: regression.poissonLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => v - t[j] * Math.log(v + EPSILON)))),
    inputs: uniformPair(0.1, 3),
  },
  {
    label: 'cosine (Keras sign)',
    kernel: regression.cosineSimilarityLoss,
    reference: perSample((p, t) => {
      const norm = (v: number[]) => Math.sqrt(Math.max(sum(v.map((x) => x * x)), 1e-12));
      return -sum(p.map((v, j) => v * t[j])) / (norm(p) * norm(t));
    }),
    inputs: uniformPair(-1, 1),
  },
  {
    label: 'hinge, labels in {0, 1}',
    kernel: margin.hingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - signed(t[j]) * v, 0)))),
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -2, 2), target: Float32Array.from({ length: n * batch }, () => prng.nextInt(2)) }), // prettier-ignore
  },
  {
    label: 'hinge, labels in {−1, 1}',
    kernel: margin.hingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - t[j] * v, 0)))),
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -2, 2), target: Float32Array.from({ length: n * batch }, () => 2 * prng.nextInt(2) - 1) }), // prettier-ignore
  },
  {
    label: 'squared_hinge',
    kernel: margin.squaredHingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - signed(t[j]) * v, 0) ** 2))),
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -2, 2), target: Float32Array.from({ length: n * batch }, () => 2 * prng.nextInt(2) - 1) }), // prettier-ignore
  },
  {
    label: 'categorical_hinge, one-hot',
    kernel: margin.categoricalHingeLoss,
    reference: perSample((p, y) => Math.max(Math.max(...p.map((v, j) => (1 - y[j]) * v)) - sum(p.map((v, j) => y[j] * v)) + 1, 0)), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -1, 1), target: randomOneHot(prng, n, batch).dense }), // prettier-ignore
  },
  {
    label: 'categorical_hinge, class indices',
    kernel: margin.categoricalHingeLoss,
    reference: perSample((p, y) => Math.max(Math.max(...p.map((v, j) => (1 - y[j]) * v)) - sum(p.map((v, j) => y[j] * v)) + 1, 0)), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -1, 1), target: randomOneHot(prng, n, batch).indices }), // prettier-ignore
    sparseTarget: true,
  },
  {
    label: 'perceptron criterion',
    kernel: margin.perceptronCriterion,
    reference: perSample((z, t) => sum(z.map((v, j) => Math.max(0, -signed(t[j]) * v)))),
    inputs: (prng, n, batch) => ({ pred: randomAwayFromZero(prng, n * batch), target: Float32Array.from({ length: n * batch }, () => prng.nextInt(2)) }), // prettier-ignore
  },
  {
    label: 'cross_entropy fused, one-hot',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -3, 3), target: randomOneHot(prng, n, batch).dense }), // prettier-ignore
  },
  {
    label: 'cross_entropy fused, soft labels',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -3, 3), target: randomDistribution(prng, n, batch) }), // prettier-ignore
  },
  {
    label: 'cross_entropy fused, class indices',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -3, 3), target: randomOneHot(prng, n, batch).indices }), // prettier-ignore
    sparseTarget: true,
  },
  {
    label: 'sparse_cross_entropy fused, indices in a Float32Array',
    kernel: crossEntropy.sparseSoftmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -3, 3), target: Float32Array.from(randomOneHot(prng, n, batch).indices) }), // prettier-ignore
    sparseTarget: true,
  },
  {
    label: 'binary_cross_entropy fused',
    kernel: crossEntropy.sigmoidBinaryCrossEntropy,
    reference: perSample((z, y) => mean(z.map((v, j) => { const p = 1 / (1 + Math.exp(-v)); return -(y[j] * Math.log(p) + (1 - y[j]) * Math.log(1 - p)); }))), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, -5, 5), target: randomArray(prng, n * batch, 0, 1) }), // prettier-ignore
  },
  {
    label: 'cross_entropy on probabilities (unnormalized rows), one-hot',
    kernel: crossEntropy.categoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, 0.05, 1), target: randomOneHot(prng, n, batch).dense }), // prettier-ignore
  },
  {
    label: 'cross_entropy on probabilities, class indices',
    kernel: crossEntropy.categoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, 0.05, 1), target: randomOneHot(prng, n, batch).indices }), // prettier-ignore
    sparseTarget: true,
  },
  {
    label: 'sparse_cross_entropy on probabilities',
    kernel: crossEntropy.sparseCategoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({ pred: randomDistribution(prng, n, batch), target: Float32Array.from(randomOneHot(prng, n, batch).indices) }), // prettier-ignore
    sparseTarget: true,
  },
  {
    label: 'binary_cross_entropy on probabilities',
    kernel: crossEntropy.binaryCrossEntropy,
    reference: perSample((p, y) => mean(p.map((v, j) => { const c = clamp(v, EPSILON, 1 - EPSILON); return -(y[j] * Math.log(c) + (1 - y[j]) * Math.log(1 - c)); }))), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomArray(prng, n * batch, 0.02, 0.98), target: randomArray(prng, n * batch, 0, 1) }), // prettier-ignore
  },
  {
    label: 'kld',
    kernel: crossEntropy.kullbackLeiblerDivergence,
    reference: perSample((p, y) => sum(p.map((v, j) => { const t = clamp(y[j], EPSILON, 1); return t * Math.log(t / clamp(v, EPSILON, 1)); }))), // prettier-ignore
    inputs: (prng, n, batch) => ({ pred: randomDistribution(prng, n, batch), target: randomDistribution(prng, n, batch) }), // prettier-ignore
  },
];

describe('losses against naive formulas and finite differences', () => {
  const [n, batch] = [5, 4];
  for (const testCase of CASES) {
    it(testCase.label, () => {
      const prng = new Prng(testCase.label.length * 131 + 7);
      const { pred, target } = testCase.inputs(prng, n, batch);
      const denseTarget = testCase.sparseTarget ? oneHot(target, n) : target;
      const expected = testCase.reference(pred, denseTarget, n, batch);
      expectNumberClose(testCase.kernel.value(pred, target, n, batch), expected, { relative: 1e-6, absolute: 1e-7 }, `${testCase.label} value`); // prettier-ignore
      const grad = new Float32Array(n * batch).fill(Number.NaN);
      testCase.kernel.gradient(pred, target, grad, n, batch);
      const numeric = numericalGradient((p) => testCase.reference(p, denseTarget, n, batch), pred);
      expectClose(grad, numeric, { relative: 1e-4, absolute: 1e-6 }, `${testCase.label} gradient`);
    });
  }
});

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
    expectClose(grad, probabilities.map((p, i) => (p - dense[i]) / batch), { relative: 1e-5, absolute: 1e-7 }); // prettier-ignore
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
    expect(crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([1]), 3, 1)).toBeCloseTo(2000, 6); // prettier-ignore
    expect(crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([0]), 3, 1)).toBeCloseTo(0, 12); // prettier-ignore
    const z = Float32Array.from([100, -100, 100, -100]);
    const y = Float32Array.from([0, 1, 1, 0]);
    expect(crossEntropy.sigmoidBinaryCrossEntropy.value(z, y, 4, 1)).toBeCloseTo(50, 10);
    const grad = new Float32Array(4);
    crossEntropy.sigmoidBinaryCrossEntropy.gradient(z, y, grad, 4, 1);
    expectClose(grad, [0.25, -0.25, 0, 0], { absolute: 1e-12 });
    // Unfused forms clamp instead of producing infinities.
    expect(crossEntropy.binaryCrossEntropy.value(Float32Array.from([0, 1]), Float32Array.from([1, 0]), 2, 1)).toBeCloseTo(-Math.log(1e-7), 3); // prettier-ignore
  });

  it('rejects class indices outside 0..n−1', () => {
    const logits = new Float32Array(6);
    expect(() => crossEntropy.softmaxCrossEntropy.value(logits, Int32Array.from([0, 3]), 3, 2)).toThrow(RangeError); // prettier-ignore
    expect(() => crossEntropy.sparseSoftmaxCrossEntropy.value(logits, Float32Array.from([0.5, 1]), 3, 2)).toThrow(RangeError); // prettier-ignore
  });

  it('the perceptron gradient is (step(z) − t)/batch, giving Rosenblatt’s rule', () => {
    const z = Float32Array.from([0.5, -0.5, 0.5, -0.5, 0]);
    const t = Float32Array.from([1, 1, 0, 0, 1]);
    const grad = new Float32Array(5);
    margin.perceptronCriterion.gradient(z, t, grad, 5, 1);
    expect(Array.from(grad)).toEqual([0, -1, 1, 0, -1]);
  });

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

  it('the table holds the language’s names and picks kernels by option', () => {
    expect([...lossNames].sort()).toEqual(
      ['mse', 'mae', 'mape', 'msle', 'hinge', 'squared_hinge', 'categorical_hinge', 'logcosh',
        'cross_entropy', 'sparse_cross_entropy', 'binary_cross_entropy', 'kld', 'poisson', 'cosine',
        'perceptron'].sort(),
    );
    expect(lossTable.mse()).toBe(regression.meanSquaredErrorHalf);
    expect(lossTable.mse({ half: false })).toBe(regression.meanSquaredErrorMean);
    expect(lossTable.cross_entropy()).toBe(crossEntropy.softmaxCrossEntropy);
    expect(lossTable.cross_entropy({ fromLogits: false })).toBe(crossEntropy.categoricalCrossEntropy);
    expect(lossTable.sparse_cross_entropy()).toBe(crossEntropy.sparseSoftmaxCrossEntropy);
    expect(lossTable.binary_cross_entropy({ fromLogits: false })).toBe(crossEntropy.binaryCrossEntropy);
    const tested = new Set(CASES.map((c) => c.kernel));
    for (const name of lossNames) {
      expect(tested.has(lossTable[name]()), name).toBe(true);
      expect(tested.has(lossTable[name]({ fromLogits: false, half: false })), name).toBe(true);
    }
  });
});
