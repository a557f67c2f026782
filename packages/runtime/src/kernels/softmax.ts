// Softmax over the last axis of x[rows, cols] and its backward from the output y; also the
// stable log-sum-exp the fused losses share. Subtracts each row's maximum before exponentiating;
// works in place (out === x, dx === dy).

/** log Σ_j exp(x[offset + j]) over one row of `cols` values, without overflow. */
export function logSumExp(x: Float32Array, offset: number, cols: number): number {
  let maximum = -Infinity;
  for (let j = 0; j < cols; j++) if (x[offset + j] > maximum) maximum = x[offset + j];
  if (maximum === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(x[offset + j] - maximum);
  return maximum + Math.log(sum);
}

/**
 * out[offset + j] = exp(x[offset + j] − max_k x[offset + k]) over one row of `cols` values;
 * returns their sum (so softmax is out/sum and log-sum-exp is max + log sum, one exp per value).
 */
export function shiftedExponentials(
  x: Float32Array,
  offset: number,
  cols: number,
  out: Float32Array,
): number {
  let maximum = -Infinity;
  for (let j = 0; j < cols; j++) if (x[offset + j] > maximum) maximum = x[offset + j];
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    const e = Math.exp(x[offset + j] - maximum);
    out[offset + j] = e;
    sum += e;
  }
  return sum;
}

/** out[r, j] = exp(x[r, j]) / Σ_k exp(x[r, k]). */
export function softmaxForward(
  x: Float32Array,
  out: Float32Array,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    const inverse = 1 / shiftedExponentials(x, offset, cols, out);
    for (let j = 0; j < cols; j++) out[offset + j] *= inverse;
  }
}

/** dx[r, j] = y[r, j]·(dy[r, j] − Σ_k dy[r, k]·y[r, k]), the softmax Jacobian applied to dy. */
export function softmaxBackward(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[offset + j] * y[offset + j];
    for (let j = 0; j < cols; j++) dx[offset + j] = y[offset + j] * (dy[offset + j] - dot);
  }
}
