// prelu: y = x if x > 0 else alpha·x, with a learned alpha per feature broadcast over the batch
// (x[rows, features], alpha[features]). Backward gives dx and dAlpha (overwritten, summed over
// rows). Forward works in place.

/** out[r, j] = x[r, j] > 0 ? x[r, j] : alpha[j]·x[r, j]. */
export function preluForward(
  x: Float32Array,
  alpha: Float32Array,
  out: Float32Array,
  rows: number,
  features: number,
): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * features;
    for (let j = 0; j < features; j++) {
      const v = x[offset + j];
      out[offset + j] = v > 0 ? v : alpha[j] * v;
    }
  }
}

/** dx = dy·(1 or alpha); dAlpha[j] = Σ_r dy[r, j]·min(x[r, j], 0). Needs x, not y. */
export function preluBackward(
  x: Float32Array,
  alpha: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  dAlpha: Float32Array,
  rows: number,
  features: number,
): void {
  dAlpha.fill(0, 0, features);
  for (let r = 0; r < rows; r++) {
    const offset = r * features;
    for (let j = 0; j < features; j++) {
      const v = x[offset + j];
      const g = dy[offset + j];
      if (v > 0) {
        dx[offset + j] = g;
      } else {
        dAlpha[j] += g * v;
        dx[offset + j] = alpha[j] * g;
      }
    }
  }
}
