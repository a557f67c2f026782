// Nearest upsampling against torch: tests/fixtures/torch-upsample.json holds nn.Upsample's output
// and input gradient (torch 1.13, scripts/torch-upsample-fixtures.py) on channels-last values; the
// runtime kernel must give the same numbers (a copy and a block sum: equal up to float32 rounding).

import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  upsample2dBackward,
  upsample2dForward,
  upsample2dGeometry,
} from '../src/kernels/upsample.js';

interface Case {
  name: string;
  batch: number;
  height: number;
  width: number;
  channels: number;
  size: [number, number];
  x: number[];
  dy: number[];
  y: number[];
  dx: number[];
}

const fixture = JSON.parse(
  fs.readFileSync(new URL('../../../tests/fixtures/torch-upsample.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('upsample2d matches torch nn.Upsample(mode="nearest")', () => {
  it('has cases', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(3));

  it.each(fixture.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const g = upsample2dGeometry({
      inHeight: c.height,
      inWidth: c.width,
      channels: c.channels,
      sizeHeight: c.size[0],
      sizeWidth: c.size[1],
    });
    const y = new Float32Array(c.y.length).fill(Number.NaN);
    upsample2dForward(Float32Array.from(c.x), y, c.batch, g);
    const dx = new Float32Array(c.dx.length).fill(Number.NaN);
    upsample2dBackward(Float32Array.from(c.dy), dx, c.batch, g);
    for (let i = 0; i < y.length; i++) expect(y[i], `y[${i}]`).toBeCloseTo(c.y[i], 6);
    for (let i = 0; i < dx.length; i++) expect(dx[i], `dx[${i}]`).toBeCloseTo(c.dx[i], 5);
  });
});
