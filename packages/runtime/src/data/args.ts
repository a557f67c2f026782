// Reading the checked arguments of a data source: fills in the source's defaults (the same ones
// the compiler's catalogue documents) and reads typed values. The compiler has checked names and
// types, so an unknown name or a mistyped value here is a bug in the caller and throws TypeError.

export type DataArgValue = number | string | boolean | readonly number[] | readonly string[];
export type DataArgs = Readonly<Record<string, DataArgValue | undefined>>;

/** Argument name → default; `undefined` marks an optional argument without a default. */
export type ArgDefaults = Readonly<Record<string, DataArgValue | undefined>>;

/** `given` with the defaults filled in; rejects names the source does not take and missing `required`. */
export function withDataDefaults(
  source: string,
  defaults: ArgDefaults,
  required: readonly string[],
  given: DataArgs,
): DataArgs {
  const known = [...required, ...Object.keys(defaults)];
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) {
      throw new TypeError(
        `data source ${source} has no argument \`${name}\`; it takes ${known.join(', ') || 'none'}`,
      );
    }
  }
  for (const name of required) {
    if (given[name] === undefined)
      throw new TypeError(`data source ${source} needs the argument \`${name}\``);
  }
  const filled: Record<string, DataArgValue | undefined> = { ...defaults };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) filled[name] = value;
  return filled;
}

function wrongType(name: string, expected: string, found: unknown): never {
  throw new TypeError(
    `data argument \`${name}\` should be ${expected}, found ${JSON.stringify(found)}`,
  );
}

export function readNumber(args: DataArgs, name: string): number {
  const value = args[name];
  return typeof value === 'number' ? value : wrongType(name, 'a number', value);
}

/** A whole number >= `min` (the checker has checked the catalogue's bounds). */
export function readInt(args: DataArgs, name: string, min = 0): number {
  const value = readNumber(args, name);
  return Number.isInteger(value) && value >= min
    ? value
    : wrongType(name, `a whole number >= ${min}`, value);
}

export function readString(args: DataArgs, name: string): string {
  const value = args[name];
  return typeof value === 'string' ? value : wrongType(name, 'a string', value);
}

export function readOptionalString(args: DataArgs, name: string): string | undefined {
  return args[name] === undefined ? undefined : readString(args, name);
}

export function readBool(args: DataArgs, name: string): boolean {
  const value = args[name];
  return typeof value === 'boolean' ? value : wrongType(name, 'a bool', value);
}

export function readNumbers(args: DataArgs, name: string): number[] {
  const value = args[name];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return [...value];
  return wrongType(name, 'a list of numbers', value);
}

/** A list of strings (`columns = ["Age", "Sex"]`); undefined when the argument is absent. */
export function readOptionalStrings(args: DataArgs, name: string): string[] | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  return wrongType(name, 'a list of strings', value);
}

/** An int tuple: `3` means `[3, 3]` (`length` times); undefined when the argument is absent. */
export function readOptionalTuple(
  args: DataArgs,
  name: string,
  length: number,
): number[] | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Array.from({ length }, () => value);
  if (Array.isArray(value) && value.length === length) return readNumbers(args, name);
  return wrongType(name, `a number or a list of ${length}`, value);
}
