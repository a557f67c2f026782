// Merge kernels for graphs with branches: elementwise add and multiply of several inputs, and
// concatenation along an axis. Each forward overwrites `out`; each backward ADDS into the input
// gradients it is given (a value may feed several layers, so its gradient is a sum).

/** out = Σ inputs[i], each of n values. */
export function addForward(inputs: readonly Float32Array[], out: Float32Array, n: number): void {
  out.set(inputs[0].subarray(0, n));
  for (let t = 1; t < inputs.length; t++) {
    const x = inputs[t];
    for (let i = 0; i < n; i++) out[i] += x[i];
  }
}

/** dInputs[t] += dy for each input. */
export function addBackward(dy: Float32Array, dInputs: readonly Float32Array[], n: number): void {
  for (const dx of dInputs) for (let i = 0; i < n; i++) dx[i] += dy[i];
}

/** out = Π inputs[i] elementwise. */
export function multiplyForward(
  inputs: readonly Float32Array[],
  out: Float32Array,
  n: number,
): void {
  out.set(inputs[0].subarray(0, n));
  for (let t = 1; t < inputs.length; t++) {
    const x = inputs[t];
    for (let i = 0; i < n; i++) out[i] *= x[i];
  }
}

/** dInputs[t] += dy · Π_{s≠t} inputs[s]. */
export function multiplyBackward(
  inputs: readonly Float32Array[],
  dy: Float32Array,
  dInputs: readonly Float32Array[],
  n: number,
): void {
  for (let t = 0; t < inputs.length; t++) {
    const dx = dInputs[t];
    for (let i = 0; i < n; i++) {
      let product = dy[i];
      for (let s = 0; s < inputs.length; s++) if (s !== t) product *= inputs[s][i];
      dx[i] += product;
    }
  }
}

/**
 * Concatenation along an axis: each input is viewed as [outer, widths[t]] (outer = the product of
 * the dimensions before the axis times the batch, widths[t] = its axis length × the dimensions
 * after it); out is [outer, Σ widths].
 */
export function concatForward(
  inputs: readonly Float32Array[],
  widths: readonly number[],
  out: Float32Array,
  outer: number,
): void {
  const total = widths.reduce((a, b) => a + b, 0);
  for (let r = 0; r < outer; r++) {
    let column = r * total;
    for (let t = 0; t < inputs.length; t++) {
      const width = widths[t];
      out.set(inputs[t].subarray(r * width, r * width + width), column);
      column += width;
    }
  }
}

/** dInputs[t] += the slice of dy that input t produced. */
export function concatBackward(
  dy: Float32Array,
  widths: readonly number[],
  dInputs: readonly Float32Array[],
  outer: number,
): void {
  const total = widths.reduce((a, b) => a + b, 0);
  for (let r = 0; r < outer; r++) {
    let column = r * total;
    for (let t = 0; t < dInputs.length; t++) {
      const width = widths[t];
      const dx = dInputs[t];
      for (let j = 0; j < width; j++) dx[r * width + j] += dy[column + j];
      column += width;
    }
  }
}

/** target[i] += source[i]: adds one reader's gradient into a value's summed gradient. */
export function accumulateInto(target: Float32Array, source: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) target[i] += source[i];
}
