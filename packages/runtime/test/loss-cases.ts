// Loss test cases: for each loss kernel a naive float64 formula (Keras/PyTorch definitions with
// the reductions the source headers state) and random inputs; `lossRow` makes each a kernel-check
// row (value against the formula, gradient against finite differences of it).

import type { LossKernel, LossTarget } from '../src/losses/types.js';
import * as crossEntropy from '../src/losses/cross-entropy.js';
import * as margin from '../src/losses/margin.js';
import * as regression from '../src/losses/regression.js';
import { Prng, randomArray, randomAwayFromZero } from './helpers.js';
import { nans, type KernelCheck } from './kernel-check.js';

const EPSILON = 1e-7;
type Reference = (
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  n: number,
  batch: number,
) => number;

/** Σ over samples of f(sample's pred row, target row) / batch. */
function perSample(f: (p: number[], t: number[]) => number): Reference {
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
export function oneHot(indices: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(indices.length * n);
  for (let s = 0; s < indices.length; s++) out[s * n + indices[s]] = 1;
  return out;
}

export function randomOneHot(
  prng: Prng,
  n: number,
  batch: number,
): { indices: Int32Array; dense: Float32Array } {
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

export interface LossCase {
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

export const REGRESSION_CASES: LossCase[] = [
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
    reference: perSample(
      (p, t) =>
        100 * mean(p.map((v, j) => Math.abs((t[j] - v) / Math.max(Math.abs(t[j]), EPSILON)))),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -2, 2),
      target: randomAwayFromZero(prng, n * batch, 2, 0.2),
    }),
  },
  {
    label: 'msle',
    kernel: regression.meanSquaredLogarithmicError,
    reference: perSample((p, t) =>
      mean(
        p.map(
          (v, j) =>
            (Math.log(Math.max(v, EPSILON) + 1) - Math.log(Math.max(t[j], EPSILON) + 1)) ** 2,
        ),
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomAwayFromZero(prng, n * batch, 3, 0.05)
        .map(Math.abs)
        .map((v, i) => (i % 7 === 0 ? -v : v)),
      target: randomArray(prng, n * batch, 0, 3),
    }),
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
];

export const CLASSIFICATION_CASES: LossCase[] = [
  {
    label: 'hinge, labels in {0, 1}',
    kernel: margin.hingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - signed(t[j]) * v, 0)))),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -2, 2),
      target: Float32Array.from({ length: n * batch }, () => prng.nextInt(2)),
    }),
  },
  {
    label: 'hinge, labels in {−1, 1}',
    kernel: margin.hingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - t[j] * v, 0)))),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -2, 2),
      target: Float32Array.from({ length: n * batch }, () => 2 * prng.nextInt(2) - 1),
    }),
  },
  {
    label: 'squared_hinge',
    kernel: margin.squaredHingeLoss,
    reference: perSample((p, t) => mean(p.map((v, j) => Math.max(1 - signed(t[j]) * v, 0) ** 2))),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -2, 2),
      target: Float32Array.from({ length: n * batch }, () => 2 * prng.nextInt(2) - 1),
    }),
  },
  {
    label: 'categorical_hinge, one-hot',
    kernel: margin.categoricalHingeLoss,
    reference: perSample((p, y) =>
      Math.max(
        Math.max(...p.map((v, j) => (1 - y[j]) * v)) - sum(p.map((v, j) => y[j] * v)) + 1,
        0,
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -1, 1),
      target: randomOneHot(prng, n, batch).dense,
    }),
  },
  {
    label: 'categorical_hinge, class indices',
    kernel: margin.categoricalHingeLoss,
    reference: perSample((p, y) =>
      Math.max(
        Math.max(...p.map((v, j) => (1 - y[j]) * v)) - sum(p.map((v, j) => y[j] * v)) + 1,
        0,
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -1, 1),
      target: randomOneHot(prng, n, batch).indices,
    }),
    sparseTarget: true,
  },
  {
    label: 'perceptron criterion',
    kernel: margin.perceptronCriterion,
    reference: perSample((z, t) => sum(z.map((v, j) => Math.max(0, -signed(t[j]) * v)))),
    inputs: (prng, n, batch) => ({
      pred: randomAwayFromZero(prng, n * batch),
      target: Float32Array.from({ length: n * batch }, () => prng.nextInt(2)),
    }),
  },
  {
    label: 'cross_entropy fused, one-hot',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -3, 3),
      target: randomOneHot(prng, n, batch).dense,
    }),
  },
  {
    label: 'cross_entropy fused, soft labels',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -3, 3),
      target: randomDistribution(prng, n, batch),
    }),
  },
  {
    label: 'cross_entropy fused, class indices',
    kernel: crossEntropy.softmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -3, 3),
      target: randomOneHot(prng, n, batch).indices,
    }),
    sparseTarget: true,
  },
  {
    label: 'sparse_cross_entropy fused, indices in a Float32Array',
    kernel: crossEntropy.sparseSoftmaxCrossEntropy,
    reference: softmaxCrossEntropyReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -3, 3),
      target: Float32Array.from(randomOneHot(prng, n, batch).indices),
    }),
    sparseTarget: true,
  },
  {
    label: 'binary_cross_entropy fused',
    kernel: crossEntropy.sigmoidBinaryCrossEntropy,
    reference: perSample((z, y) =>
      mean(
        z.map((v, j) => {
          const p = 1 / (1 + Math.exp(-v));
          return -(y[j] * Math.log(p) + (1 - y[j]) * Math.log(1 - p));
        }),
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, -5, 5),
      target: randomArray(prng, n * batch, 0, 1),
    }),
  },
  {
    label: 'cross_entropy on probabilities (unnormalized rows), one-hot',
    kernel: crossEntropy.categoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, 0.05, 1),
      target: randomOneHot(prng, n, batch).dense,
    }),
  },
  {
    label: 'cross_entropy on probabilities, class indices',
    kernel: crossEntropy.categoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, 0.05, 1),
      target: randomOneHot(prng, n, batch).indices,
    }),
    sparseTarget: true,
  },
  {
    label: 'sparse_cross_entropy on probabilities',
    kernel: crossEntropy.sparseCategoricalCrossEntropy,
    reference: categoricalOnProbabilitiesReference,
    inputs: (prng, n, batch) => ({
      pred: randomDistribution(prng, n, batch),
      target: Float32Array.from(randomOneHot(prng, n, batch).indices),
    }),
    sparseTarget: true,
  },
  {
    label: 'binary_cross_entropy on probabilities',
    kernel: crossEntropy.binaryCrossEntropy,
    reference: perSample((p, y) =>
      mean(
        p.map((v, j) => {
          const c = clamp(v, EPSILON, 1 - EPSILON);
          return -(y[j] * Math.log(c) + (1 - y[j]) * Math.log(1 - c));
        }),
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomArray(prng, n * batch, 0.02, 0.98),
      target: randomArray(prng, n * batch, 0, 1),
    }),
  },
  {
    label: 'kld',
    kernel: crossEntropy.kullbackLeiblerDivergence,
    reference: perSample((p, y) =>
      sum(
        p.map((v, j) => {
          const t = clamp(y[j], EPSILON, 1);
          return t * Math.log(t / clamp(v, EPSILON, 1));
        }),
      ),
    ),
    inputs: (prng, n, batch) => ({
      pred: randomDistribution(prng, n, batch),
      target: randomDistribution(prng, n, batch),
    }),
  },
];

/** Value against the formula, gradient against its finite differences, on pred[batch = 4, n = 5]. */
export function lossRow(
  testCase: LossCase,
): KernelCheck<{ pred: Float32Array; target: LossTarget }> {
  const [n, batch] = [5, 4];
  const dense = (target: ArrayLike<number>) => (testCase.sparseTarget ? oneHot(target, n) : target);
  return {
    name: testCase.label,
    seed: testCase.label.length * 131 + 7,
    inputs: (prng) => testCase.inputs(prng, n, batch),
    run: ({ pred, target }) => ({
      output: [testCase.kernel.value(pred, target, n, batch)],
      backward: () => {
        const grad = nans(n * batch);
        testCase.kernel.gradient(pred, target, grad, n, batch);
        return { pred: grad };
      },
    }),
    reference: ({ pred, target }) => [testCase.reference(pred, dense(target), n, batch)],
    // The kernel's gradient is of the loss itself: an upstream gradient of exactly 1.
    upstream: () => Float32Array.of(1),
    forwardTolerance: { relative: 1e-6, absolute: 1e-7 },
    gradientTolerance: { relative: 1e-4, absolute: 1e-6 },
  };
}
