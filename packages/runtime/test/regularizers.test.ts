// L1 and L2 penalties: values by hand and L1's zero gradient at w = 0 (the gradients against finite
// differences are rows of kernel-checks.test.ts).

import { describe, expect, it } from 'vitest';
import { addL1Gradient, l1Penalty, l2Penalty } from '../src/losses/regularizers.js';

describe('regularizers', () => {
  it('l1 = factor·Σ|w| and l2 = factor·Σw² (Keras, no ½)', () => {
    const w = Float32Array.from([1, -2, 0.5, 0]);
    expect(l1Penalty(w, 4, 0.1)).toBeCloseTo(0.35, 12);
    expect(l2Penalty(w, 4, 0.1)).toBeCloseTo(0.525, 12);
    expect(l2Penalty(w, 2, 1)).toBe(5);
  });

  it('l1 adds nothing at w = 0', () => {
    const zero = new Float32Array(1);
    addL1Gradient(Float32Array.of(0), zero, 1, 1);
    expect(zero[0]).toBe(0);
  });
});
