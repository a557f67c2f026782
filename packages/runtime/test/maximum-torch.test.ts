// The element-wise maximum against torch: tests/fixtures/torch-maximum.json holds torch's output and
// every input's gradient by autograd (torch 1.13, scripts/torch-maximum-fixtures.py, float64), with
// cases where inputs tie (shared evenly); the kernel, in float32, must give the same numbers.

import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maximumKernels } from '../src/kernels/maximum.js';

interface Case {
  name: string;
  batch: number;
  size: number;
  inputs: number[][];
  dy: number[];
  y: number[];
  dxs: number[][];
}

const fixture = JSON.parse(
  fs.readFileSync(new URL('../../../tests/fixtures/torch-maximum.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const { geometry, forward, backward } = maximumKernels.roles;

describe('maximum matches torch (torch.maximum, stack(…).amax(0); autograd)', () => {
  it('has cases, some with ties', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(4);
    expect(fixture.cases.some((c) => c.name.includes('ties'))).toBe(true);
  });

  it.each(fixture.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const g = geometry({ size: c.size });
    const xs = c.inputs.map((values) => Float32Array.from(values));
    const y = new Float32Array(c.y.length).fill(Number.NaN);
    forward(xs, y, c.batch, g);
    for (let i = 0; i < y.length; i++) expect(y[i], `y[${i}]`).toBeCloseTo(c.y[i], 6);
    // The backward adds: start from ones, and one input needs no gradient (null).
    const dy = Float32Array.from(c.dy);
    const dxs = xs.map((x, t) => (t === 1 ? null : new Float32Array(x.length).fill(1)));
    backward(dy, dxs, xs, c.batch, g);
    dxs.forEach((dx, t) => {
      if (!dx) return;
      for (let i = 0; i < dx.length; i++)
        expect(dx[i] - 1, `dx${t}[${i}]`).toBeCloseTo(c.dxs[t][i], 6);
    });
  });

  it('makes a NaN input NaN in the output', () => {
    const y = new Float32Array(2);
    forward(
      [Float32Array.of(1, Number.NaN), Float32Array.of(Number.NaN, 2)],
      y,
      1,
      geometry({ size: 2 }),
    );
    expect([...y]).toEqual([Number.NaN, Number.NaN]);
  });

  it('refuses a size that is not a whole number ≥ 1, with the field named', () => {
    expect(() => geometry({ size: 0 })).toThrow(/size must be a whole number ≥ 1, got 0/);
  });
});
