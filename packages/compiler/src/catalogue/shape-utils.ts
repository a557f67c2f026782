// Shape arithmetic shared by the layer rules: takes shapes without the batch dimension, produces
// element counts, normalised axes, the element-wise merge rule and the Keras output sizes of sliding
// windows (convolution and pooling). Pure functions; a problem is reported as data, never thrown.

import type { Shape, ShapeProblem, ShapeResult } from './types.js';

export type Padding = 'valid' | 'same';

export function product(shape: Shape): number {
  return shape.reduce((total, size) => total * size, 1);
}

export function sameShape(left: Shape, right: Shape): boolean {
  return left.length === right.length && left.every((size, axis) => size === right[axis]);
}

/** The rule of an element-wise merge (add, multiply, maximum): every input's shape, else a `merge` problem. */
export function elementwiseMergeShape(inputs: readonly Shape[]): ShapeResult {
  const [first] = inputs;
  if (!inputs.every((shape) => sameShape(shape, first)))
    return { problem: { kind: 'merge', shapes: inputs } };
  return { shape: first };
}

/** `[28, 28]`, as diagnostics write shapes. */
export function shapeText(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** `-1` → `rank - 1`; undefined when the axis is outside `[-rank, rank)`. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const normalized = axis < 0 ? axis + rank : axis;
  return normalized >= 0 && normalized < rank ? normalized : undefined;
}

/** The extent a dilated window covers: `dilation · (window − 1) + 1`. */
export function dilatedWindow(window: number, dilation: number): number {
  return dilation * (window - 1) + 1;
}

/**
 * Keras's output length along one axis: `valid` → ⌊(n − d·(k − 1) − 1) / s⌋ + 1, `same` → ⌈n / s⌉.
 * Undefined when a `valid` window is larger than the input.
 */
export function windowOutputSize(
  size: number,
  window: number,
  stride: number,
  padding: Padding,
  dilation = 1,
): number | undefined {
  if (padding === 'same') return Math.ceil(size / stride);
  const covered = dilatedWindow(window, dilation);
  if (covered > size) return undefined;
  return Math.floor((size - covered) / stride) + 1;
}

function sizesText(sizes: readonly number[]): string {
  return sizes.join('×');
}

/**
 * Slides a window over the spatial axes of an input: takes the spatial sizes and per-axis window,
 * strides and dilation, produces the output spatial sizes or a `window` problem naming `windowArg`.
 */
export function slideWindow(
  what: string,
  spatial: Shape,
  window: readonly number[],
  strides: readonly number[],
  padding: Padding,
  dilation: readonly number[],
  windowArg: string,
): { sizes: number[] } | { problem: ShapeProblem } {
  const sizes: number[] = [];
  for (let axis = 0; axis < spatial.length; axis++) {
    const size = windowOutputSize(
      spatial[axis],
      window[axis],
      strides[axis],
      padding,
      dilation[axis],
    );
    if (size === undefined) {
      const covered = window.map((extent, index) => dilatedWindow(extent, dilation[index]));
      const dilated = dilation.some((rate) => rate > 1)
        ? ` (${sizesText(covered)} with dilation)`
        : '';
      return {
        problem: {
          kind: 'window',
          arg: windowArg,
          detail: `the ${what} ${sizesText(window)}${dilated} is larger than its ${sizesText(spatial)} input with padding "valid"`,
        },
      };
    }
    sizes.push(size);
  }
  return { sizes };
}
