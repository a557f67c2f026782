// Kernel-check rows of the activations: every elementwise entry of the table against an
// independent float64 formula (backward given x or y as the table says), softmax by rows and
// prelu with its per-feature slopes.

import { activationTable, type ActivationName } from '../../src/activations/table.js';
import { preluBackward, preluForward } from '../../src/kernels/prelu.js';
import { softmaxBackward, softmaxForward } from '../../src/kernels/softmax.js';
import { Prng, randomArray, randomAwayFromZero } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

/** erf by its positive-term series (independent of src/core/erf.ts); ±1 beyond 8 (1 − erf < 1e-29). */
function erfReference(signedX: number): number {
  const x = Math.abs(signedX);
  if (x > 8) return Math.sign(signedX);
  let term = x;
  let sum = x;
  for (let n = 1; n < 400 && term > 1e-18 * sum; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(signedX) * (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

export interface ElementwiseCase {
  name: ActivationName;
  reference: (x: number) => number;
  alpha?: number;
  /** Points where the function has a kink or jump, kept away from the samples. */
  kinks?: number[];
}

export const ELEMENTWISE_CASES: ElementwiseCase[] = [
  { name: 'identity', reference: (x) => x },
  { name: 'linear', reference: (x) => x },
  { name: 'step', reference: (x) => (x > 0 ? 1 : 0), kinks: [0] },
  { name: 'sigmoid', reference: (x) => 1 / (1 + Math.exp(-x)) },
  { name: 'tanh', reference: (x) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1) },
  { name: 'relu', reference: (x) => Math.max(0, x), kinks: [0] },
  { name: 'leaky_relu', reference: (x) => (x > 0 ? x : 0.2 * x), alpha: 0.2, kinks: [0] },
  { name: 'elu', reference: (x) => (x > 0 ? x : 1.3 * (Math.exp(x) - 1)), alpha: 1.3, kinks: [0] },
  {
    name: 'selu',
    reference: (x) =>
      1.0507009873554804934 * (x > 0 ? x : 1.6732632423543772848 * (Math.exp(x) - 1)),
    kinks: [0],
  },
  { name: 'softplus', reference: (x) => Math.log(1 + Math.exp(x)) },
  { name: 'softsign', reference: (x) => x / (1 + Math.abs(x)), kinks: [0] },
  { name: 'hard_sigmoid', reference: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1), kinks: [-3, 3] },
  { name: 'gaussian', reference: (x) => Math.exp(-x * x) },
  { name: 'swish', reference: (x) => x / (1 + Math.exp(-x)) },
  { name: 'gelu', reference: (x) => 0.5 * x * (1 + erfReference(x / Math.SQRT2)) },
];

/** Samples in [−6, 6] at least 0.05 away from every kink. */
export function samples(prng: Prng, n: number, kinks: number[]): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = prng.uniform(-6, 6);
    while (kinks.some((kink) => Math.abs(v - kink) < 0.05)) v = prng.uniform(-6, 6);
    out[i] = v;
  }
  return out;
}

export function softmaxReference(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(x[r * cols + j]);
    for (let j = 0; j < cols; j++) out[r * cols + j] = Math.exp(x[r * cols + j]) / total;
  }
  return out;
}

export const ELEMENTWISE_ROWS: KernelCheck[] = ELEMENTWISE_CASES.map(
  ({ name, reference, alpha = 0, kinks = [] }) => {
    const kernel = activationTable[name];
    if (kernel.kind !== 'elementwise') throw new Error(`${name} is not elementwise`);
    const n = 257;
    return {
      name,
      seed: name.length * 7919 + name.charCodeAt(0),
      inputs: (prng) => {
        const x = samples(prng, n, kinks);
        // include the extremes where naive formulas overflow
        x[0] = -30;
        x[1] = 30;
        return { x };
      },
      run: ({ x }) => {
        const y = nans(n);
        kernel.forward(x, y, n, alpha);
        return {
          output: y,
          backward: (dy) => {
            const dx = nans(n);
            kernel.backward(kernel.usesOutput ? y : x, dy, dx, n, alpha);
            return { x: dx };
          },
        };
      },
      reference: ({ x }) => Float64Array.from(x, reference),
      forwardTolerance: { relative: 2e-6, absolute: 1e-7 },
      gradientTolerance: { relative: 1e-4, absolute: 1e-6 },
    };
  },
);

const [softmaxRows, softmaxCols] = [6, 7];
const [preluRows, preluFeatures] = [5, 6];

export const ROW_ACTIVATION_ROWS: KernelCheck[] = [
  {
    name: 'softmax: exp/Σexp per row; backward from y',
    seed: 21,
    inputs: (prng) => ({ x: randomArray(prng, softmaxRows * softmaxCols, -4, 4) }),
    run: ({ x }) => {
      const y = nans(x.length);
      softmaxForward(x, y, softmaxRows, softmaxCols);
      return {
        output: y,
        backward: (dy) => {
          const dx = nans(x.length);
          softmaxBackward(y, dy, dx, softmaxRows, softmaxCols);
          return { x: dx };
        },
      };
    },
    reference: ({ x }) => softmaxReference(x, softmaxRows, softmaxCols),
    forwardTolerance: { relative: 1e-6 },
    gradientTolerance: { relative: 1e-4, absolute: 1e-6 },
  },
  {
    name: 'prelu: the per-feature slope on every row; dx and dAlpha',
    seed: 22,
    inputs: (prng) => ({
      x: randomAwayFromZero(prng, preluRows * preluFeatures),
      alpha: randomArray(prng, preluFeatures, -0.5, 0.5),
    }),
    run: ({ x, alpha }) => {
      const out = nans(x.length);
      preluForward(x, alpha, out, preluRows, preluFeatures);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(x.length);
          const dAlpha = nans(alpha.length);
          preluBackward(x, alpha, dy, dx, dAlpha, preluRows, preluFeatures);
          return { x: dx, alpha: dAlpha };
        },
      };
    },
    reference: ({ x, alpha }) =>
      Float64Array.from({ length: preluRows * preluFeatures }, (_, i) =>
        x[i] > 0 ? x[i] : alpha[i % preluFeatures] * x[i],
      ),
    forwardTolerance: { relative: 1e-6 },
    gradientTolerance: { relative: 1e-4, absolute: 1e-6 },
  },
];
