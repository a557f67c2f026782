// Zero padding against torch: tests/fixtures/torch-zero-padding.json holds nn.ZeroPad2d's output and
// input gradient (torch 1.13, scripts/torch-zero-padding-fixtures.py) on channels-last values; the
// runtime kernel must give the same numbers (copies and zeros: equal up to float32 rounding).

import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  zeroPadding2dBackward,
  zeroPadding2dForward,
  zeroPadding2dGeometry,
} from '../src/kernels/zero-padding.js';

interface Case {
  name: string;
  batch: number;
  height: number;
  width: number;
  channels: number;
  padding: { top: number; bottom: number; left: number; right: number };
  x: number[];
  dy: number[];
  y: number[];
  dx: number[];
}

const fixture = JSON.parse(
  fs.readFileSync(
    new URL('../../../tests/fixtures/torch-zero-padding.json', import.meta.url),
    'utf8',
  ),
) as { cases: Case[] };

describe('zero_padding2d matches torch nn.ZeroPad2d', () => {
  it('has cases', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(3));

  it.each(fixture.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const g = zeroPadding2dGeometry({
      inHeight: c.height,
      inWidth: c.width,
      channels: c.channels,
      ...c.padding,
    });
    expect(g.outHeight * g.outWidth * c.channels * c.batch).toBe(c.y.length);
    const y = new Float32Array(c.y.length).fill(Number.NaN);
    zeroPadding2dForward(Float32Array.from(c.x), y, c.batch, g);
    const dx = new Float32Array(c.dx.length).fill(Number.NaN);
    zeroPadding2dBackward(Float32Array.from(c.dy), dx, c.batch, g);
    for (let i = 0; i < y.length; i++) expect(y[i], `y[${i}]`).toBeCloseTo(c.y[i], 6);
    for (let i = 0; i < dx.length; i++) expect(dx[i], `dx[${i}]`).toBeCloseTo(c.dx[i], 6);
  });

  it('refuses a negative padding with the field named', () => {
    expect(() =>
      zeroPadding2dGeometry({
        inHeight: 2,
        inWidth: 2,
        channels: 1,
        top: -1,
        bottom: 0,
        left: 0,
        right: 0,
      }),
    ).toThrow(/top must be a whole number ≥ 0, got -1/);
  });
});
