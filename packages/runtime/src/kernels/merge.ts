// Merge kernels for graphs with branches: elementwise add and multiply of several inputs, and
// concatenation along an axis. Each forward overwrites `out`; each backward ADDS into the input
// gradients it is given (null: not needed). Their kernel-table rows (the merge protocol) are below.

import { kernelRow } from './row.js';

/** out = Σ inputs[i], each of n values. */
export function addForward(inputs: readonly Float32Array[], out: Float32Array, n: number): void {
  out.set(inputs[0].subarray(0, n));
  for (let t = 1; t < inputs.length; t++) {
    const x = inputs[t];
    for (let i = 0; i < n; i++) out[i] += x[i];
  }
}

/** dInputs[t] += dy for each input. */
export function addBackward(
  dy: Float32Array,
  dInputs: readonly (Float32Array | null)[],
  n: number,
): void {
  for (const dx of dInputs) if (dx) for (let i = 0; i < n; i++) dx[i] += dy[i];
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
  dInputs: readonly (Float32Array | null)[],
  n: number,
): void {
  for (let t = 0; t < inputs.length; t++) {
    const dx = dInputs[t];
    if (!dx) continue;
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
  dInputs: readonly (Float32Array | null)[],
  outer: number,
): void {
  const total = widths.reduce((a, b) => a + b, 0);
  for (let r = 0; r < outer; r++) {
    let column = r * total;
    for (let t = 0; t < dInputs.length; t++) {
      const width = widths[t];
      const dx = dInputs[t];
      if (dx) for (let j = 0; j < width; j++) dx[r * width + j] += dy[column + j];
      column += width;
    }
  }
}

/** target[i] += source[i]: adds one reader's gradient into a value's summed gradient. */
export function accumulateInto(target: Float32Array, source: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) target[i] += source[i];
}

/** Values per sample of every input and of the output (an elementwise merge). */
export interface ElementwiseMergeSpec {
  size: number;
}

export function elementwiseMergeGeometry(spec: ElementwiseMergeSpec): ElementwiseMergeSpec {
  if (!Number.isInteger(spec.size) || spec.size < 1)
    throw new RangeError(`elementwise merge: size must be a whole number ≥ 1, got ${spec.size}`);
  return spec;
}

/** The kernel-table row of the IR op `elementwise_sum` (the merge protocol). */
export const elementwiseSumKernels = kernelRow('elementwise_sum', {
  geometry: elementwiseMergeGeometry,
  forward(
    xs: readonly Float32Array[],
    y: Float32Array,
    batch: number,
    g: ElementwiseMergeSpec,
  ): void {
    addForward(xs, y, batch * g.size);
  },
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    _xs: readonly Float32Array[],
    batch: number,
    g: ElementwiseMergeSpec,
  ): void {
    addBackward(dy, dxs, batch * g.size);
  },
});

/** The kernel-table row of the IR op `elementwise_product` (the merge protocol). */
export const elementwiseProductKernels = kernelRow('elementwise_product', {
  geometry: elementwiseMergeGeometry,
  forward(
    xs: readonly Float32Array[],
    y: Float32Array,
    batch: number,
    g: ElementwiseMergeSpec,
  ): void {
    multiplyForward(xs, y, batch * g.size);
  },
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    xs: readonly Float32Array[],
    batch: number,
    g: ElementwiseMergeSpec,
  ): void {
    multiplyBackward(xs, dy, dxs, batch * g.size);
  },
});

/**
 * Each input as [outer, widths[t]] per sample (outer: the sizes before the axis; widths[t]: its
 * axis length times the sizes after it).
 */
export interface ConcatenateSpec {
  outer: number;
  widths: number[];
}

export function concatenateGeometry(spec: ConcatenateSpec): ConcatenateSpec {
  for (const size of [spec.outer, ...spec.widths])
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`concatenation: sizes must be whole numbers ≥ 1, got ${size}`);
  return spec;
}

/** The kernel-table row of the IR op `concatenate` (the merge protocol). */
export const concatenateKernels = kernelRow('concatenate', {
  geometry: concatenateGeometry,
  forward(xs: readonly Float32Array[], y: Float32Array, batch: number, g: ConcatenateSpec): void {
    concatForward(xs, g.widths, y, batch * g.outer);
  },
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    _xs: readonly Float32Array[],
    batch: number,
    g: ConcatenateSpec,
  ): void {
    concatBackward(dy, g.widths, dxs, batch * g.outer);
  },
});
