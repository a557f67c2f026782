// Argument binding: matches a call's positional and named arguments to the catalogue's ArgSpecs,
// then converts each evaluated Value to the ArgValue its type asks for. Every mismatch is one
// diagnostic at the argument; the result holds only arguments that passed (plus defaults).

import {
  describeArgType as describeType,
  findActivation,
  namesOf,
  paddingWordFor,
} from '../catalogue/index.js';
import type {
  ActivationValue,
  ArgSpec,
  ArgType,
  ArgValue,
  Args,
  Catalogue,
} from '../catalogue/types.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { Span } from '../syntax/source.js';
import { reportForeignArgument, reportForeignName } from './foreign-names.js';
import { listNames, suggestName } from './suggest.js';
import { describeValue, formatNumber, type CallArgValue, type Value } from './values.js';

export interface BindOptions {
  /** The callee's name as written, for messages. */
  callee: string;
  calleeSpan: Span;
  specs: readonly ArgSpec[];
  /** The argument that a trailing activation positional fills (`dense(10, relu)`). */
  activationArg?: string;
  catalogue: Catalogue;
  bag: DiagnosticBag;
}

export interface BoundArgs {
  args: Args;
  /** Where each given argument was written (for diagnostics that a shape rule blames on it). */
  spans: Record<string, Span>;
  /** False when any argument failed: later checks should not trust `args` completely. */
  ok: boolean;
}

export function bindArguments(given: readonly CallArgValue[], options: BindOptions): BoundArgs {
  const { specs, bag, callee } = options;
  const args: Record<string, ArgValue | undefined> = {};
  const spans: Record<string, Span> = {};
  let ok = true;
  const positional = specs.filter((s) => !s.namedOnly && s.name !== options.activationArg);
  let nextPositional = 0;
  let sawNamed = false;
  /** nnet names given under a Keras/PyTorch spelling: already reported, not also missing. */
  const writtenForeign = new Set<string>();

  for (const arg of given) {
    let spec: ArgSpec | undefined;
    if (arg.name !== undefined) {
      sawNamed = true;
      spec = specs.find((s) => s.name === arg.name);
      if (!spec) {
        ok = false;
        const argumentNames = specs.map((s) => s.name);
        const foreign = { written: arg.name, span: arg.nameSpan ?? arg.span };
        const meant = reportForeignArgument(options.catalogue, bag, callee, argumentNames, foreign);
        if (meant !== undefined) {
          // Check the value as the nnet argument too, so `bias = False` reports `False` at once.
          writtenForeign.add(meant);
          const meantSpec = specs.find((s) => s.name === meant);
          if (meantSpec) convertValue(arg.value, meantSpec.type, meant, options.catalogue, bag);
          continue;
        }
        bag.report(Messages.UnknownArgument, arg.nameSpan ?? arg.span, {
          callee,
          name: arg.name,
          expected: specs.length
            ? listNames(
                specs.map((s) => s.name),
                'and',
              )
            : 'none',
          suggestion: suggestName(
            arg.name,
            specs.map((s) => s.name),
          ),
        });
        continue;
      }
    } else if (
      options.activationArg &&
      fillsActivation(
        arg.value,
        options.catalogue,
        sawNamed || nextPositional >= positional.length,
        positional[nextPositional],
      )
    ) {
      spec = specs.find((s) => s.name === options.activationArg);
    } else if (sawNamed) {
      bag.report(Messages.PositionalAfterNamed, arg.span, { callee });
      ok = false;
      continue;
    } else {
      spec = positional[nextPositional++];
      if (!spec) {
        bag.report(Messages.TooManyArguments, arg.span, {
          callee,
          max: positional.length,
          found: given.filter((g) => g.name === undefined).length,
        });
        ok = false;
        continue;
      }
    }
    if (!spec) continue;
    if (spec.name in spans) {
      bag.report(Messages.DuplicateArgument, arg.nameSpan ?? arg.span, { callee, name: spec.name });
      ok = false;
      continue;
    }
    spans[spec.name] = arg.span;
    const converted = convertValue(arg.value, spec.type, spec.name, options.catalogue, bag, {
      kernel: givenKernel(given, specs),
    });
    if (converted === undefined) ok = false;
    else args[spec.name] = converted;
  }

  for (const spec of specs) {
    if (spec.name in spans) continue;
    if (spec.default !== undefined) args[spec.name] = spec.default;
    else if (spec.required && !writtenForeign.has(spec.name)) {
      bag.report(Messages.MissingArgument, options.calleeSpan, {
        callee,
        name: spec.name,
        type: describeType(spec.type),
      });
      ok = false;
    }
  }
  return { args, spans, ok };
}

/**
 * Whether a positional argument is the trailing activation shorthand: a known activation where the
 * next slot does not take one, or any bare name or call once the positional slots are used up
 * (so that `dense(10, sofmax)` is reported as an unknown activation, not as an extra argument).
 */
function fillsActivation(
  value: Value,
  catalogue: Catalogue,
  slotsExhausted: boolean,
  next: ArgSpec | undefined,
): boolean {
  if (value.kind !== 'symbol' && value.kind !== 'call') return false;
  if (slotsExhausted) return true;
  return isActivationLike(value, catalogue) && next?.type.kind !== 'activation';
}

/** A bare name or call that names an activation (`relu`, `leaky_relu(0.2)`). */
export function isActivationLike(value: Value, catalogue: Catalogue): boolean {
  if (value.kind === 'symbol') return findActivation(catalogue, value.name) !== undefined;
  if (value.kind === 'call') return findActivation(catalogue, value.name) !== undefined;
  return false;
}

export function activationNames(catalogue: Catalogue): string[] {
  return [...catalogue.activations.values()].flatMap(namesOf);
}

/** What the other arguments of the call tell a conversion (a PyTorch padding needs the kernel). */
export interface ConvertHints {
  /** The call's kernel size, when given as numbers. */
  kernel?: readonly number[];
}

/** Converts a value to the type's ArgValue, reporting NN3003/NN3004 (or an unknown name). */
export function convertValue(
  value: Value,
  type: ArgType,
  name: string,
  catalogue: Catalogue,
  bag: DiagnosticBag,
  hints: ConvertHints = {},
): ArgValue | undefined {
  if (value.kind === 'error') return undefined;
  const wrongType = () => {
    bag.report(Messages.ArgumentType, value.span, {
      name,
      expected: describeType(type),
      found: describeValue(value),
    });
    return undefined;
  };
  switch (type.kind) {
    case 'any':
      return toPlain(value);
    case 'bool':
      if (value.kind === 'symbol') {
        const options = { written: value.name, span: value.span };
        if (reportForeignName(catalogue, bag, ['values'], options)) return undefined;
      }
      return value.kind === 'bool' ? value.value : wrongType();
    case 'string':
      return value.kind === 'string' ? value.value : wrongType();
    case 'enum': {
      const word =
        value.kind === 'string' ? value.value : value.kind === 'symbol' ? value.name : undefined;
      if (word === undefined && value.kind === 'number' && hints.kernel) {
        return reportNumericPadding(value.value, value.span, type, name, hints.kernel, bag);
      }
      if (word === undefined) return wrongType();
      if (!type.values.includes(word)) {
        bag.report(
          Messages.ArgumentRange,
          value.span,
          {
            name,
            expected: `one of ${listNames(type.values)}`,
            found: value.kind === 'string' ? JSON.stringify(word) : `\`${word}\``,
          },
          { help: maybeDidYouMean(word, type.values) },
        );
        return undefined;
      }
      return word;
    }
    case 'int':
    case 'number': {
      if (value.kind === 'symbol') {
        bag.report(Messages.UnknownName, value.span, { name: value.name });
        return undefined;
      }
      if (value.kind !== 'number') return wrongType();
      return checkNumberRange(value.value, value.span, type, name, bag);
    }
    case 'activation':
      return convertActivation(value, name, catalogue, bag);
    case 'intTuple': {
      if (value.kind === 'number') {
        const n = checkNumberRange(
          value.value,
          value.span,
          { kind: 'int', min: type.min },
          name,
          bag,
        );
        return n === undefined ? undefined : new Array<number>(type.length).fill(n);
      }
      if (value.kind !== 'list' || value.items.length !== type.length) {
        bag.report(Messages.ArgumentType, value.span, {
          name,
          expected: describeType(type),
          found: describeValue(value),
        });
        return undefined;
      }
      return convertIntList(value.items, name, type.min, false, bag);
    }
    case 'ints':
      if (value.kind !== 'list') return wrongType();
      return convertIntList(value.items, name, type.min, type.allowInfer ?? false, bag);
    case 'numbers': {
      if (value.kind !== 'list') return wrongType();
      const out: number[] = [];
      for (const item of value.items) {
        if (item.kind !== 'number') {
          if (item.kind !== 'error') convertValue(item, { kind: 'number' }, name, catalogue, bag);
          return undefined;
        }
        out.push(item.value);
      }
      return out;
    }
    case 'strings': {
      if (value.kind !== 'list') return wrongType();
      const out: string[] = [];
      for (const item of value.items) {
        if (item.kind !== 'string') {
          if (item.kind !== 'error') convertValue(item, { kind: 'string' }, name, catalogue, bag);
          return undefined;
        }
        out.push(item.value);
      }
      return out;
    }
  }
}

/** The kernel size written in the call (`kernel = 3`, `kernel_size = 3` or the second positional). */
function givenKernel(
  given: readonly CallArgValue[],
  specs: readonly ArgSpec[],
): number[] | undefined {
  const kernelIndex = specs
    .filter((s) => !s.namedOnly)
    .findIndex((s) => s.type.kind === 'intTuple');
  const spec = specs.find((s) => s.type.kind === 'intTuple');
  if (!spec || spec.type.kind !== 'intTuple' || kernelIndex < 0) return undefined;
  const length = spec.type.length;
  const positional = given.filter((g) => g.name === undefined);
  const kernel =
    given.find((g) => g.name === spec.name || g.name === 'kernel_size') ?? positional[kernelIndex];
  const value = kernel?.value;
  if (value?.kind === 'number') return new Array<number>(length).fill(value.value);
  if (value?.kind === 'list' && value.items.every((item) => item.kind === 'number'))
    return value.items.map((item) => (item.kind === 'number' ? item.value : 0));
  return undefined;
}

/** `padding = 1` (PyTorch's pixel count): an error whose fix writes the word it means, if any. */
function reportNumericPadding(
  pixels: number,
  span: Span,
  type: Extract<ArgType, { kind: 'enum' }>,
  name: string,
  kernel: readonly number[],
  bag: DiagnosticBag,
): undefined {
  const word = paddingWordFor(pixels, kernel);
  const size = kernel.join('×');
  const fits = word !== undefined && type.values.includes(word);
  bag.report(
    Messages.ArgumentType,
    span,
    { name, expected: describeType(type), found: `the number ${formatNumber(pixels)}` },
    fits
      ? {
          help: `\`${name}\` is a word, not a number of pixels: \`${name} = ${formatNumber(pixels)}\` on a ${size} kernel is \`"${word}"\``,
          fixes: [{ title: `Replace with \`"${word}"\``, edits: [{ span, newText: `"${word}"` }] }],
        }
      : {
          help: `\`${name}\` is a word, not a number of pixels: \`"same"\` keeps the size (padding (k − 1) / 2 on an odd kernel k), \`"valid"\` pads nothing`,
        },
  );
  return undefined;
}

function maybeDidYouMean(word: string, values: readonly string[]): string | undefined {
  const s = suggestName(word, values);
  return s ? `did you mean \`${s}\`?` : undefined;
}

function convertIntList(
  items: Value[],
  name: string,
  min: number | undefined,
  allowInfer: boolean,
  bag: DiagnosticBag,
): number[] | undefined {
  const out: number[] = [];
  for (const item of items) {
    if (item.kind === 'error') return undefined;
    if (item.kind !== 'number') {
      bag.report(Messages.ArgumentType, item.span, {
        name,
        expected: 'a whole number',
        found: describeValue(item),
      });
      return undefined;
    }
    if (allowInfer && item.value === -1) {
      out.push(-1);
      continue;
    }
    const n = checkNumberRange(item.value, item.span, { kind: 'int', min }, name, bag);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

function checkNumberRange(
  n: number,
  span: Span,
  type: Extract<ArgType, { kind: 'int' | 'number' }>,
  name: string,
  bag: DiagnosticBag,
): number | undefined {
  if (type.kind === 'int' && !Number.isInteger(n)) {
    bag.report(Messages.NonIntegerDim, span, { what: `\`${name}\``, found: formatNumber(n) });
    return undefined;
  }
  const minExclusive = type.kind === 'number' && type.minExclusive;
  const maxExclusive = type.kind === 'number' && type.maxExclusive;
  const belowMin = type.min !== undefined && (minExclusive ? n <= type.min : n < type.min);
  const aboveMax = type.max !== undefined && (maxExclusive ? n >= type.max : n > type.max);
  if (belowMin || aboveMax || !Number.isFinite(n)) {
    bag.report(Messages.ArgumentRange, span, {
      name,
      expected: describeRange(type),
      found: formatNumber(n),
    });
    return undefined;
  }
  return n;
}

function convertActivation(
  value: Value,
  name: string,
  catalogue: Catalogue,
  bag: DiagnosticBag,
  quoted = false,
): ActivationValue | undefined {
  const activationName =
    value.kind === 'symbol' ? value.name : value.kind === 'call' ? value.name : undefined;
  if (activationName === undefined) {
    if (value.kind === 'string') {
      // Keras writes activation="relu"; accept the same here.
      return convertActivation(
        { kind: 'symbol', name: value.value, span: value.span },
        name,
        catalogue,
        bag,
        true,
      );
    }
    bag.report(Messages.ArgumentType, value.span, {
      name,
      expected: 'an activation such as `relu`',
      found: describeValue(value),
    });
    return undefined;
  }
  const spec = findActivation(catalogue, activationName);
  const nameSpan = value.kind === 'call' ? value.calleeSpan : value.span;
  if (!spec) {
    const options = { written: activationName, span: nameSpan, quoted };
    if (reportForeignName(catalogue, bag, ['activations'], options)) return undefined;
    bag.report(Messages.UnknownActivation, nameSpan, {
      name: activationName,
      suggestion: suggestName(activationName, activationNames(catalogue)),
    });
    return undefined;
  }
  const bound = bindArguments(value.kind === 'call' ? value.args : [], {
    callee: spec.name,
    calleeSpan: nameSpan,
    specs: spec.args,
    catalogue,
    bag,
  });
  if (!bound.ok) return undefined;
  const args: Record<string, ArgValue> = {};
  for (const [key, v] of Object.entries(bound.args)) if (v !== undefined) args[key] = v;
  return { activation: spec.name, args };
}

/** A plain ArgValue for `any`-typed arguments. */
export function toPlain(value: Value): ArgValue | undefined {
  switch (value.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return value.value;
    case 'symbol':
      return value.name;
    case 'list': {
      const items = value.items.map(toPlain);
      return items.some((i) => i === undefined) ? undefined : (items as ArgValue[]);
    }
    case 'object': {
      const out: Record<string, ArgValue> = {};
      for (const field of value.fields) {
        const v = toPlain(field.value);
        if (v === undefined) return undefined;
        out[field.name] = v;
      }
      return out;
    }
    case 'call': {
      const out: Record<string, ArgValue> = { call: value.name };
      value.args.forEach((arg, i) => {
        const v = toPlain(arg.value);
        if (v !== undefined) out[arg.name ?? String(i)] = v;
      });
      return out;
    }
    case 'error':
      return undefined;
  }
}

function describeRange(type: Extract<ArgType, { kind: 'int' | 'number' }>): string {
  const minExclusive = type.kind === 'number' && type.minExclusive;
  const maxExclusive = type.kind === 'number' && type.maxExclusive;
  const lo = type.min !== undefined ? `${minExclusive ? '>' : '≥'} ${type.min}` : '';
  const hi = type.max !== undefined ? `${maxExclusive ? '<' : '≤'} ${type.max}` : '';
  if (lo && hi) {
    const loBracket = minExclusive ? '(' : '[';
    const hiBracket = maxExclusive ? ')' : ']';
    return `in ${loBracket}${type.min}, ${type.max}${hiBracket}`;
  }
  return lo || hi || 'a finite number';
}
