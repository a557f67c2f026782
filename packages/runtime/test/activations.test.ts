// The activation table holds exactly the language's names and every one has a kernel-check row
// (kernel-rows/activations.ts); elementwise kernels and softmax work in place; softmax stays
// finite for huge logits.

import { describe, expect, it } from 'vitest';
import { activationNames, activationTable } from '../src/activations/table.js';
import { softmaxBackward, softmaxForward } from '../src/kernels/softmax.js';
import { expectClose, Prng, randomArray } from './helpers.js';
import { ELEMENTWISE_CASES, samples } from './kernel-rows/activations.js';

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

  for (const { name, alpha = 0, kinks = [] } of ELEMENTWISE_CASES) {
    describe(name, () => {
      const kernel = activationTable[name];
      if (kernel.kind !== 'elementwise') throw new Error(`${name} is not elementwise`);
      const prng = new Prng(name.length * 7919 + name.charCodeAt(0));
      const n = 257;
      const x = samples(prng, n, kinks);
      x[0] = -30;
      x[1] = 30;

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

describe('softmax', () => {
  const prng = new Prng(21);
  const [rows, cols] = [6, 7];
  const x = randomArray(prng, rows * cols, -4, 4);

  it('works in place, forward and backward', () => {
    const out = new Float32Array(rows * cols);
    softmaxForward(x, out, rows, cols);
    const inPlace = x.slice();
    softmaxForward(inPlace, inPlace, rows, cols);
    expect(inPlace).toEqual(out);
    const dy = randomArray(prng, rows * cols);
    const dx = new Float32Array(rows * cols);
    softmaxBackward(out, dy, dx, rows, cols);
    softmaxBackward(out, dy, dy, rows, cols);
    expect(dy).toEqual(dx);
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
});
