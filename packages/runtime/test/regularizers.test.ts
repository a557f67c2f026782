// L1 and L2 penalties: values by hand, gradients added into the buffer checked by finite differences.

import { describe, expect, it } from 'vitest';
import { addL1Gradient, addL2Gradient, l1Penalty, l2Penalty } from '../src/losses/regularizers.js';
import {
  expectClose,
  numericalGradient,
  Prng,
  randomArray,
  randomAwayFromZero,
} from './helpers.js';

describe('regularizers', () => {
  it('l1 = factor·Σ|w| and l2 = factor·Σw² (Keras, no ½)', () => {
    const w = Float32Array.from([1, -2, 0.5, 0]);
    expect(l1Penalty(w, 4, 0.1)).toBeCloseTo(0.35, 12);
    expect(l2Penalty(w, 4, 0.1)).toBeCloseTo(0.525, 12);
    expect(l2Penalty(w, 2, 1)).toBe(5);
  });

  it('gradients are added to the existing buffer and match finite differences', () => {
    const prng = new Prng(77);
    const w = randomAwayFromZero(prng, 9);
    const start = randomArray(prng, 9);
    const l1Reference = (p: Float64Array) => 0.3 * p.reduce((total, v) => total + Math.abs(v), 0);
    const l2Reference = (p: Float64Array) => 0.3 * p.reduce((total, v) => total + v * v, 0);
    for (const [reference, addGradient] of [
      [l1Reference, addL1Gradient],
      [l2Reference, addL2Gradient],
    ] as const) {
      const grad = start.slice();
      addGradient(w, grad, 9, 0.3);
      const numeric = numericalGradient(reference, w);
      expectClose(
        grad,
        numeric.map((v, i) => v + start[i]),
        { relative: 1e-4, absolute: 1e-5 },
      );
    }
    const zero = new Float32Array(1);
    addL1Gradient(Float32Array.of(0), zero, 1, 1);
    expect(zero[0]).toBe(0);
  });
});
