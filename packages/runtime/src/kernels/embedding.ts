// Embedding lookup: integer ids x[count] → out[count, dim] = table[x[i]]; the backward scatters
// dy rows into dTable (overwritten). Ids outside [0, vocab) are an error naming the id, not a
// silent read past the table.

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
    out.set(table.subarray(id * dim, id * dim + dim), i * dim);
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
