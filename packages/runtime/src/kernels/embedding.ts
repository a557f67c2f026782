// Embedding lookup: integer ids x[count] → out[count, dim] = table[x[i]]; the backward scatters
// dy rows into dTable (overwritten). Ids outside [0, vocab) are an error naming the id, not a
// silent read past the table. Its kernel-table row (`embeddingKernels`, the layer protocol: one
// weight, the table) is declared here, for the op `lookup`.

import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

export function embeddingForward(
  ids: Int32Array | Float32Array,
  table: Float32Array,
  out: Float32Array,
  count: number,
  vocab: number,
  dim: number,
): void {
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocab) || id !== Math.floor(id)) {
      throw new RangeError(
        `embedding: id ${id} at position ${i} is outside the vocabulary [0, ${vocab})`,
      );
    }
    // Copied value by value: no subarray view per id in every step.
    const from = id * dim;
    const to = i * dim;
    for (let j = 0; j < dim; j++) out[to + j] = table[from + j];
  }
}

export function embeddingBackward(
  ids: Int32Array | Float32Array,
  dy: Float32Array,
  dTable: Float32Array,
  count: number,
  dim: number,
): void {
  dTable.fill(0);
  for (let i = 0; i < count; i++) {
    const row = ids[i] * dim;
    for (let j = 0; j < dim; j++) dTable[row + j] += dy[i * dim + j];
  }
}

/** Ids per sample, and the table's [vocab, dim]. */
export interface EmbeddingSpec {
  ids: number;
  vocab: number;
  dim: number;
}

function embeddingGeometry(spec: EmbeddingSpec): EmbeddingSpec {
  for (const [name, value] of Object.entries(spec))
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`embedding: ${name} must be a whole number ≥ 1, got ${value}`);
  return spec;
}

export const embeddingKernels = kernelRow('lookup', {
  geometry: embeddingGeometry,
  forward(
    ids: Int32Array | Float32Array,
    y: Float32Array,
    batch: number,
    g: EmbeddingSpec,
    [table]: readonly Float32Array[],
    _training: boolean,
    _random: Prng,
  ): void {
    embeddingForward(ids, table, y, batch * g.ids, g.vocab, g.dim);
  },
  /** Ids have no gradient (dx is null); the table's is the scatter of dy. */
  backward(
    dy: Float32Array,
    _dx: Float32Array | null,
    ids: Int32Array | Float32Array,
    batch: number,
    g: EmbeddingSpec,
    _weights: readonly Float32Array[],
    [dTable]: readonly Float32Array[],
  ): void {
    embeddingBackward(ids, dy, dTable, batch * g.ids, g.dim);
  },
});
