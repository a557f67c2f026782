// RMS normalization against torch: tests/fixtures/torch-rmsnorm.json holds torch's output and the
// gradients of x and of the weight by autograd (torch 1.13, scripts/torch-rmsnorm-fixtures.py, in
// float64); the runtime kernel, in float32, must give the same numbers to 5 decimals.

import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rmsNormBackward, rmsNormForward, rmsNormGeometry } from '../src/kernels/rms-norm.js';

interface Case {
  name: string;
  batch: number;
  rows: number;
  features: number;
  epsilon: number;
  x: number[];
  gamma: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dgamma: number[];
}

const fixture = JSON.parse(
  fs.readFileSync(new URL('../../../tests/fixtures/torch-rmsnorm.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('rmsnorm matches torch (x · rsqrt(mean(x²) + ε) · weight, autograd)', () => {
  it('has cases', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(3));

  it.each(fixture.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const g = rmsNormGeometry({ rows: c.rows, features: c.features, epsilon: c.epsilon });
    const [x, gamma, dy] = [c.x, c.gamma, c.dy].map((values) => Float32Array.from(values));
    const y = new Float32Array(c.y.length).fill(Number.NaN);
    rmsNormForward(x, gamma, y, c.batch, g);
    const dx = new Float32Array(c.dx.length).fill(Number.NaN);
    const dGamma = new Float32Array(c.features).fill(Number.NaN);
    rmsNormBackward(dy, dx, x, gamma, dGamma, c.batch, g);
    for (let i = 0; i < y.length; i++) expect(y[i], `y[${i}]`).toBeCloseTo(c.y[i], 5);
    for (let i = 0; i < dx.length; i++) expect(dx[i], `dx[${i}]`).toBeCloseTo(c.dx[i], 5);
    for (let j = 0; j < c.features; j++)
      expect(dGamma[j], `dgamma[${j}]`).toBeCloseTo(c.dgamma[j], 5);
  });

  it('refuses an epsilon that is not positive, with the field named', () => {
    expect(() => rmsNormGeometry({ rows: 1, features: 2, epsilon: 0 })).toThrow(
      /epsilon must be > 0, got 0/,
    );
  });
});
