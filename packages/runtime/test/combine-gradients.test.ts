// Data parallelism's combination of two copies' gradients, out = a·w₀ + b·w₁: the SIMD kernel
// gives the JS loop's float32 bits (so every copy, whichever path it takes, gets the same sum),
// on lengths that are and are not multiples of 4, in place (out = a) too.

import { afterEach, describe, expect, it } from 'vitest';
import { allocateFloats } from '../src/core/wasm/arena.js';
import { wasmCombineGradients } from '../src/core/wasm/elementwise.js';
import { wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels } from '../src/core/wasm/kernel-choice.js';
import { Prng, randomArray } from './helpers.js';

const initial = getKernels();
afterEach(() => setKernels(initial));

/** The float32 arithmetic the kernel must match: each product rounded, then the sum. */
function combineLoop(a: Float32Array, b: Float32Array, w0: number, w1: number): Float32Array {
  const [f0, f1] = [Math.fround(w0), Math.fround(w1)];
  return a.map((value, i) => Math.fround(Math.fround(value * f0) + Math.fround(b[i] * f1)));
}

describe.skipIf(!wasmSimdSupported())('combineGradients', () => {
  it.each([1, 3, 4, 17, 1000, 100_003])('matches the float32 loop bit for bit (%i values)', (n) => {
    setKernels('wasm');
    const prng = new Prng(n);
    const a = allocateFloats(n);
    const b = allocateFloats(n);
    a.set(randomArray(prng, n));
    b.set(randomArray(prng, n).map((v) => v * 1e-3));
    const [w0, w1] = [5 / 9, 4 / 9];
    const expected = combineLoop(a, b, w0, w1);
    const out = allocateFloats(n);
    expect(wasmCombineGradients(a, b, out, [w0, w1])).toBe(true);
    expect(new Uint32Array(out.buffer, out.byteOffset, n)).toEqual(
      new Uint32Array(expected.buffer),
    );
    // In place, as a third copy's gradient is added to the running sum: out = out·1 + b·w₁.
    const again = combineLoop(out, b, 1, w1);
    expect(wasmCombineGradients(out, b, out, [1, w1])).toBe(true);
    expect(Array.from(out)).toEqual(Array.from(again));
    // And the sum is the weighted mean it stands for, not just some bits.
    expect(Math.abs(expected[0] - (a[0] * w0 + b[0] * w1))).toBeLessThan(1e-6);
  });

  it('leaves plain arrays to the caller', () => {
    setKernels('wasm');
    const plain = new Float32Array(64);
    expect(wasmCombineGradients(plain, plain, plain, [0.5, 0.5])).toBe(false);
  });
});
