// The one kernel-check harness: a row names a kernel, draws its inputs from a seeded generator,
// runs it in float32, and is checked forward against a naive float64 reference and backward
// against central differences of dot(dy, reference). Test files hold tables of rows.

import { describe, it } from 'vitest';
import {
  dot,
  expectClose,
  numericalGradient,
  Prng,
  randomArray,
  type Tolerance,
} from './helpers.js';

/** Inputs by name; integer ones (class indices) are never differentiated. */
type Values = Record<string, Float32Array | Int32Array>;

export interface KernelRun<V extends Values> {
  output: ArrayLike<number>;
  /** The gradients for an upstream gradient dy (the output's shape), by input name. */
  backward?: (dy: Float32Array) => Partial<Record<keyof V & string, ArrayLike<number>>>;
}

export interface KernelCheck<V extends Values = Record<string, Float32Array>> {
  name: string;
  seed: number;
  /** Draws the inputs and parameters, in a fixed order, from the row's generator. */
  inputs: (prng: Prng) => V;
  /** The kernel under test on the float32 values (a new state each time). */
  run: (values: V) => KernelRun<V>;
  /** The same function computed naively in float64. */
  reference: (values: Record<keyof V & string, ArrayLike<number>>) => ArrayLike<number>;
  /** Default: relative 1e-5, absolute 1e-6. */
  forwardTolerance?: Tolerance;
  /** Default: relative 1e-4, absolute 1e-5. */
  gradientTolerance?: Tolerance;
  /** The upstream gradient; default uniform in [−1, 1), drawn after the inputs. */
  upstream?: (prng: Prng, length: number) => Float32Array;
  /** Finite-difference step (relative to max(1, |x|)); default 1e-6. */
  step?: number;
}

export const FORWARD_TOLERANCE: Tolerance = { relative: 1e-5, absolute: 1e-6 };
export const GRADIENT_TOLERANCE: Tolerance = { relative: 1e-4, absolute: 1e-5 };

/** A buffer of n NaNs, for outputs a kernel must overwrite (a skipped one fails the check). */
export function nans(n: number): Float32Array {
  return new Float32Array(n).fill(Number.NaN);
}

/** Runs one row: forward against the reference, then every gradient it returns. */
export function checkKernel<V extends Values>(row: KernelCheck<V>): void {
  const prng = new Prng(row.seed);
  const values = row.inputs(prng);
  const result = row.run(values);
  expectClose(
    result.output,
    row.reference(values),
    row.forwardTolerance ?? FORWARD_TOLERANCE,
    `${row.name} forward`,
  );
  if (!result.backward) return;
  const length = result.output.length;
  const dy = row.upstream ? row.upstream(prng, length) : randomArray(prng, length);
  const gradients = result.backward(dy);
  const names = Object.keys(gradients) as (keyof V & string)[];
  if (names.length === 0) throw new Error(`${row.name}: the backward returned no gradient`);
  for (const name of names) {
    const numeric = numericalGradient(
      (varied) => dot(dy, row.reference({ ...values, [name]: varied })),
      values[name],
      row.step,
    );
    expectClose(
      gradients[name]!,
      numeric,
      row.gradientTolerance ?? GRADIENT_TOLERANCE,
      `${row.name} ∂/∂${name}`,
    );
  }
}

/** One test per row, under `title`. */
export function describeKernelChecks(title: string, rows: readonly KernelCheck<any>[]): void {
  describe(title, () => {
    for (const row of rows) it(row.name, () => checkKernel(row));
  });
}
