// Every activation of the table: forward against an independent float64 formula, backward against
// finite differences of that formula (given x or y as the table says), in place; softmax and
// prelu against row-wise references; and the table holds exactly the language's names.

import { describe, expect, it } from 'vitest';
import { activationNames, activationTable, type ActivationName } from '../src/activations/table.js';
import { preluBackward, preluForward } from '../src/kernels/prelu.js';
import { softmaxBackward, softmaxForward } from '../src/kernels/softmax.js';
import {
  dot,
  expectClose,
  numericalGradient,
  Prng,
  randomArray,
  randomAwayFromZero,
} from './helpers.js';

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

interface ElementwiseCase {
  name: ActivationName;
  reference: (x: number) => number;
  alpha?: number;
  /** Points where the function has a kink or jump, kept away from the samples. */
  kinks?: number[];
}

const ELEMENTWISE_CASES: ElementwiseCase[] = [
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
function samples(prng: Prng, n: number, kinks: number[]): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = prng.uniform(-6, 6);
    while (kinks.some((kink) => Math.abs(v - kink) < 0.05)) v = prng.uniform(-6, 6);
    out[i] = v;
  }
  return out;
}

describe('elementwise activations', () => {
  it('the table holds exactly the names of LANGUAGE.md', () => {
    expect([...activationNames].sort()).toEqual(
      [
        'identity',
        'linear',
        'step',
        'sigmoid',
        'tanh',
        'relu',
        'leaky_relu',
        'prelu',
        'elu',
        'selu',
        'softplus',
        'softsign',
        'hard_sigmoid',
        'gaussian',
        'swish',
        'gelu',
        'softmax',
      ].sort(),
    );
    const tested = new Set([...ELEMENTWISE_CASES.map((c) => c.name), 'softmax', 'prelu']);
    expect(activationNames.filter((name) => !tested.has(name))).toEqual([]);
  });

  for (const { name, reference, alpha = 0, kinks = [] } of ELEMENTWISE_CASES) {
    describe(name, () => {
      const kernel = activationTable[name];
      if (kernel.kind !== 'elementwise') throw new Error(`${name} is not elementwise`);
      const prng = new Prng(name.length * 7919 + name.charCodeAt(0));
      const n = 257;
      const x = samples(prng, n, kinks);
      // include the extremes where naive formulas overflow
      x[0] = -30;
      x[1] = 30;
      const expected = Float64Array.from(x, reference);

      it('forward matches the float64 formula', () => {
        const out = new Float32Array(n).fill(Number.NaN);
        kernel.forward(x, out, n, alpha);
        expectClose(out, expected, { relative: 2e-6, absolute: 1e-7 }, name);
      });

      it('backward matches finite differences, reading x or y as the table says', () => {
        const dy = randomArray(prng, n);
        const y = new Float32Array(n);
        kernel.forward(x, y, n, alpha);
        const dx = new Float32Array(n).fill(Number.NaN);
        kernel.backward(kernel.usesOutput ? y : x, dy, dx, n, alpha);
        const numeric = numericalGradient(
          (point) => dot(dy, Float64Array.from(point, reference)),
          x,
        );
        expectClose(dx, numeric, { relative: 1e-4, absolute: 1e-6 }, `${name}'`);
      });

      it('works in place', () => {
        const values = x.slice();
        const separate = new Float32Array(n);
        kernel.forward(x, separate, n, alpha);
        kernel.forward(values, values, n, alpha);
        expect(values).toEqual(separate);
        const dy = randomArray(prng, n);
        const dx = new Float32Array(n);
        const input = kernel.usesOutput ? separate : x;
        kernel.backward(input, dy, dx, n, alpha);
        const inPlace = dy.slice();
        kernel.backward(input, inPlace, inPlace, n, alpha);
        expect(inPlace).toEqual(dx);
      });
    });
  }
});

function softmaxReference(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(x[r * cols + j]);
    for (let j = 0; j < cols; j++) out[r * cols + j] = Math.exp(x[r * cols + j]) / total;
  }
  return out;
}

describe('softmax', () => {
  const prng = new Prng(21);
  const [rows, cols] = [6, 7];
  const x = randomArray(prng, rows * cols, -4, 4);

  it('forward matches exp/Σexp per row and sums to 1', () => {
    const out = new Float32Array(rows * cols);
    softmaxForward(x, out, rows, cols);
    expectClose(out, softmaxReference(x, rows, cols), { relative: 1e-6 }, 'softmax');
    const inPlace = x.slice();
    softmaxForward(inPlace, inPlace, rows, cols);
    expect(inPlace).toEqual(out);
  });

  it('stays finite for huge logits', () => {
    const huge = Float32Array.from([1000, 1001, 999, -1000, -1001, -1e30]);
    const out = new Float32Array(6);
    softmaxForward(huge, out, 2, 3);
    const e = [Math.exp(-1), 1, Math.exp(-2)];
    const total = e[0] + e[1] + e[2];
    expectClose(
      out,
      [
        e[0] / total,
        e[1] / total,
        e[2] / total,
        1 / (1 + Math.exp(-1)),
        Math.exp(-1) / (1 + Math.exp(-1)),
        0,
      ],
      { relative: 1e-6 },
    );
  });

  it('backward from y matches finite differences', () => {
    const dy = randomArray(prng, rows * cols);
    const y = new Float32Array(rows * cols);
    softmaxForward(x, y, rows, cols);
    const dx = new Float32Array(rows * cols);
    softmaxBackward(y, dy, dx, rows, cols);
    const numeric = numericalGradient((point) => dot(dy, softmaxReference(point, rows, cols)), x);
    expectClose(dx, numeric, { relative: 1e-4, absolute: 1e-6 }, 'softmax backward');
    softmaxBackward(y, dy, dy, rows, cols);
    expect(dy).toEqual(dx);
  });
});

describe('prelu', () => {
  const prng = new Prng(22);
  const [rows, features] = [5, 6];
  const x = randomAwayFromZero(prng, rows * features);
  const alpha = randomArray(prng, features, -0.5, 0.5);
  const reference = (xs: ArrayLike<number>, alphas: ArrayLike<number>) =>
    Float64Array.from({ length: rows * features }, (_, i) =>
      xs[i] > 0 ? xs[i] : alphas[i % features] * xs[i],
    );

  it('forward applies the per-feature slope to every row', () => {
    const out = new Float32Array(rows * features);
    preluForward(x, alpha, out, rows, features);
    expectClose(out, reference(x, alpha), { relative: 1e-6 }, 'prelu');
  });

  it('backward gives dx and dAlpha matching finite differences', () => {
    const dy = randomArray(prng, rows * features);
    const dx = new Float32Array(rows * features);
    const dAlpha = new Float32Array(features).fill(Number.NaN);
    preluBackward(x, alpha, dy, dx, dAlpha, rows, features);
    expectClose(
      dx,
      numericalGradient((p) => dot(dy, reference(p, alpha)), x),
      { relative: 1e-4, absolute: 1e-6 },
      'dx',
    );
    expectClose(
      dAlpha,
      numericalGradient((a) => dot(dy, reference(x, a)), alpha),
      { relative: 1e-4, absolute: 1e-6 },
      'dAlpha',
    );
  });
});
