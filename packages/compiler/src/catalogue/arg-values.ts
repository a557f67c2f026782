// Reading checked argument values: takes the `Args` a rule receives (defaults already filled in),
// produces plain numbers, tuples and flags. The checker has validated types before any rule runs,
// so a missing or mistyped value here is a compiler bug and throws.

import type { ActivationValue, ArgSpec, Args, ArgValue } from './types.js';

/** Fills in the defaults of `specs` for every argument not present in `given`. */
export function withDefaults(specs: readonly ArgSpec[], given: Args = {}): Args {
  const filled: Record<string, ArgValue | undefined> = {};
  for (const spec of specs) {
    const value = given[spec.name] ?? spec.default;
    if (value !== undefined) filled[spec.name] = value;
  }
  return filled;
}

function missing(name: string, expected: string, found: unknown): never {
  throw new Error(
    `catalogue rule read argument \`${name}\` as ${expected}, found ${JSON.stringify(found)}`,
  );
}

export function numberArg(args: Args, name: string): number {
  const value = args[name];
  return typeof value === 'number' ? value : missing(name, 'a number', value);
}

export function optionalNumberArg(args: Args, name: string): number | undefined {
  return args[name] === undefined ? undefined : numberArg(args, name);
}

export function boolArg(args: Args, name: string): boolean {
  const value = args[name];
  return typeof value === 'boolean' ? value : missing(name, 'a bool', value);
}

export function stringArg(args: Args, name: string): string {
  const value = args[name];
  return typeof value === 'string' ? value : missing(name, 'a string', value);
}

export function optionalStringArg(args: Args, name: string): string | undefined {
  return args[name] === undefined ? undefined : stringArg(args, name);
}

/** A list of numbers (`[28, 28]`, `[0.8, 0.2]`). */
export function numbersArg(args: Args, name: string): number[] {
  const value = args[name];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return [...value];
  return missing(name, 'a list of numbers', value);
}

export function optionalNumbersArg(args: Args, name: string): number[] | undefined {
  return args[name] === undefined ? undefined : numbersArg(args, name);
}

/** An `intTuple`: `3` means `[3, 3, …]` (`length` times), `[3, 5]` is taken as written. */
export function tupleArg(args: Args, name: string, length: number): number[] {
  const value = args[name];
  if (typeof value === 'number') return Array.from({ length }, () => value);
  if (
    Array.isArray(value) &&
    value.length === length &&
    value.every((item) => typeof item === 'number')
  ) {
    return [...value];
  }
  return missing(name, `a whole number or a list of ${length}`, value);
}

export function optionalTupleArg(args: Args, name: string, length: number): number[] | undefined {
  return args[name] === undefined ? undefined : tupleArg(args, name, length);
}

export function isActivationValue(value: ArgValue | undefined): value is ActivationValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { activation?: unknown }).activation === 'string'
  );
}

/** `relu` → `{ activation: 'relu', args: {} }`, for defaults and tests. */
export function activationValue(
  activation: string,
  args: Record<string, ArgValue> = {},
): ActivationValue {
  return { activation, args };
}
