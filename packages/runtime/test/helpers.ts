// Shared test tools: seeded random arrays, float64 copies, central finite differences in float64,
// and an elementwise closeness check that names the worst offenders when it fails.

import { expect } from 'vitest';
import { Prng } from '../src/core/prng.js';

export function randomArray(prng: Prng, n: number, low = -1, high = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = prng.uniform(low, high);
  return out;
}

/** Random values whose magnitude is at least `gap`, so kinks at 0 stay out of finite differences. */
export function randomAwayFromZero(prng: Prng, n: number, magnitude = 2, gap = 0.05): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const sign = prng.nextFloat() < 0.5 ? -1 : 1;
    out[i] = sign * prng.uniform(gap, magnitude);
  }
  return out;
}

export function toFloat64(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** ∂f/∂x_i by central differences in float64, step h·max(1, |x_i|). */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  const point = toFloat64(x);
  const gradient = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const original = point[i];
    const step = h * Math.max(1, Math.abs(original));
    point[i] = original + step;
    const plus = f(point);
    point[i] = original - step;
    const minus = f(point);
    point[i] = original;
    gradient[i] = (plus - minus) / (2 * step);
  }
  return gradient;
}

export interface Tolerance {
  relative?: number;
  absolute?: number;
}

/** Every |actual − expected| <= absolute + relative·|expected|; lists the first failures. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance = {},
  label = '',
): void {
  const relative = tolerance.relative ?? 1e-5;
  const absolute = tolerance.absolute ?? 1e-6;
  expect(actual.length, `${label} length`).toBe(expected.length);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    if (!(difference <= absolute + relative * Math.abs(expected[i]))) {
      failures.push(
        `[${i}] got ${actual[i]}, expected ${expected[i]} (off by ${difference.toExponential(2)})`,
      );
    }
  }
  expect(
    failures.slice(0, 5),
    `${label}: ${failures.length} of ${expected.length} values differ`,
  ).toEqual([]);
}

export function expectNumberClose(
  actual: number,
  expected: number,
  tolerance: Tolerance = {},
  label = '',
): void {
  expectClose([actual], [expected], tolerance, label);
}

export { Prng };
