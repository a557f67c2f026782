// Position codes for sequences [steps, features]: the sinusoidal table of Vaswani et al., and the
// add of a [steps, features] table to every sample. The backward of the add passes dy through to the
// input and, for a learned table, sums dy over the batch into its gradient (overwritten). Declares
// the rows of the ops `learned_positions` (layer protocol, the table a weight) and
// `sinusoidal_positions` (geometry protocol, the table made once by its geometry).

import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

/** PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(t / 10000^(2i/d)), t from 0. */
export function sinusoidalPositions(steps: number, features: number): Float32Array {
  const table = new Float32Array(steps * features);
  for (let t = 0; t < steps; t++)
    for (let j = 0; j < features; j++) {
      const angle = t / Math.pow(10000, (2 * Math.floor(j / 2)) / features);
      table[t * features + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  return table;
}

/** out[b] = x[b] + table for each of the batch's samples (`size` values per sample). */
export function addPositions(
  x: Float32Array,
  table: Float32Array,
  out: Float32Array,
  batch: number,
  size: number,
): void {
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < size; i++) out[b * size + i] = x[b * size + i] + table[i];
}

/** dx = dy (when dx is not null); dTable = Σ over the batch of dy (when not null). */
export function addPositionsBackward(
  dy: Float32Array,
  dx: Float32Array | null,
  dTable: Float32Array | null,
  batch: number,
  size: number,
): void {
  if (dx) dx.set(dy.subarray(0, batch * size));
  if (dTable) {
    dTable.fill(0);
    for (let b = 0; b < batch; b++) for (let i = 0; i < size; i++) dTable[i] += dy[b * size + i];
  }
}

/** A sequence's steps and features. */
export interface PositionsSpec {
  steps: number;
  features: number;
}

function positionsSize({ steps, features }: PositionsSpec): number {
  for (const [name, value] of Object.entries({ steps, features }))
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`positions: ${name} must be a whole number ≥ 1, got ${value}`);
  return steps * features;
}

/** The learned [steps, features] table (the op's one weight) added to each sample. */
export const learnedPositionsKernels = kernelRow('learned_positions', {
  geometry: (spec: PositionsSpec): { size: number } => ({ size: positionsSize(spec) }),
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    g: { size: number },
    [table]: readonly Float32Array[],
    _training: boolean,
    _random: Prng,
  ): void {
    addPositions(x, table, y, batch, g.size);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    _x: Float32Array,
    batch: number,
    g: { size: number },
    _weights: readonly Float32Array[],
    [dTable]: readonly Float32Array[],
  ): void {
    addPositionsBackward(dy, dx, dTable, batch, g.size);
  },
});

/** The sinusoidal table, made once by the geometry, added to each sample; no weights. */
export const sinusoidalPositionsKernels = kernelRow('sinusoidal_positions', {
  geometry: (spec: PositionsSpec): { size: number; table: Float32Array } => ({
    size: positionsSize(spec),
    table: sinusoidalPositions(spec.steps, spec.features),
  }),
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    g: { size: number; table: Float32Array },
  ): void {
    addPositions(x, g.table, y, batch, g.size);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array,
    batch: number,
    g: { size: number; table: Float32Array },
  ): void {
    addPositionsBackward(dy, dx, null, batch, g.size);
  },
});
