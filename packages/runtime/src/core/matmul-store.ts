// Stores of register tiles for the matrix kernels: takes float64 sums, writes them into a
// Float32Array (overwriting, or adding when `accumulate`), rounding each value once.

/** Writes (or adds) a 4×4 tile of sums at out[o], rows `stride` apart. */
// prettier-ignore
export function storeTile(
  out: Float32Array, o: number, stride: number, accumulate: boolean,
  c00: number, c01: number, c02: number, c03: number,
  c10: number, c11: number, c12: number, c13: number,
  c20: number, c21: number, c22: number, c23: number,
  c30: number, c31: number, c32: number, c33: number,
): void {
  storeRow(out, o, accumulate, c00, c01, c02, c03);
  storeRow(out, o + stride, accumulate, c10, c11, c12, c13);
  storeRow(out, o + 2 * stride, accumulate, c20, c21, c22, c23);
  storeRow(out, o + 3 * stride, accumulate, c30, c31, c32, c33);
}

/** Writes (or adds) four consecutive sums at out[o..o+3]. */
export function storeRow(
  out: Float32Array,
  o: number,
  accumulate: boolean,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
): void {
  if (accumulate) {
    out[o] += c0;
    out[o + 1] += c1;
    out[o + 2] += c2;
    out[o + 3] += c3;
  } else {
    out[o] = c0;
    out[o + 1] = c1;
    out[o + 2] = c2;
    out[o + 3] = c3;
  }
}

/** Writes (or adds) four sums down a column at out[o], out[o + stride], … */
export function storeColumn(
  out: Float32Array,
  o: number,
  stride: number,
  accumulate: boolean,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
): void {
  if (accumulate) {
    out[o] += c0;
    out[o + stride] += c1;
    out[o + 2 * stride] += c2;
    out[o + 3 * stride] += c3;
  } else {
    out[o] = c0;
    out[o + stride] = c1;
    out[o + 2 * stride] = c2;
    out[o + 3 * stride] = c3;
  }
}
