// erf and erfc against 40-digit mpmath values (fixtures/erf-values.json), an independent
// positive-term series, the continued fraction for the tail, and their identities.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPdf } from '../src/core/erf.js';

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/erf-values.json', import.meta.url), 'utf8'),
) as { x: number; erf: number; erfc: number }[];

/** erf(x) = 2/√π·e^(−x²)·Σ_n 2^n·x^(2n+1)/(1·3·…·(2n+1)): all terms positive, no cancellation. */
function erfSeries(signedX: number): number {
  const x = Math.abs(signedX);
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return Math.sign(signedX) * (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x > 0 by the continued fraction e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcContinuedFraction(x: number): number {
  let fraction = x;
  for (let n = 200; n >= 1; n--) fraction = x + n / 2 / fraction;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
}

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('erf and erfc', () => {
  it('match mpmath to 1e-13 relative at every fixture point', () => {
    expect(reference.length).toBeGreaterThan(100);
    const failures = reference.filter(
      ({ x, erf: e, erfc: c }) =>
        relativeError(erf(x), e) > 1e-13 || relativeError(erfc(x), c) > 1e-13,
    );
    expect(failures.map(({ x }) => ({ x, erf: erf(x), erfc: erfc(x) }))).toEqual([]);
  });

  it('match the positive series on a fine grid over [−4, 4]', () => {
    let worst = 0;
    for (let x = -4; x <= 4; x += 0.0137)
      worst = Math.max(worst, relativeError(erf(x), erfSeries(x)));
    expect(worst).toBeLessThan(1e-12);
  });

  it('keep relative accuracy of erfc deep in the tail (continued fraction)', () => {
    let worst = 0;
    for (let x = 3; x <= 26; x += 0.173)
      worst = Math.max(worst, relativeError(erfc(x), erfcContinuedFraction(x)));
    expect(worst).toBeLessThan(1e-12);
  });

  it('are odd / complementary, saturate, and pass NaN through', () => {
    for (const x of [0.3, 1.7, 3.2, 5.5]) {
      expect(erf(-x)).toBe(-erf(x));
      expect(erf(x) + erfc(x)).toBeCloseTo(1, 15);
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
    }
    expect(erf(0)).toBe(0);
    expect(erf(40)).toBe(1);
    expect(erfc(40)).toBe(0);
    expect(erfc(-40)).toBe(2);
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
  });

  it('give the normal distribution and density', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 28);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalPdf(1.5)).toBeCloseTo(Math.exp(-1.125) / Math.sqrt(2 * Math.PI), 15);
  });
});
