// Argument types in words and as a test: takes an `ArgType` and a value, produces whether the value
// fits and a phrase for messages ("a whole number ≥ 1"). The checker, the hover and the catalogue's
// own tests (every default fits its type) share these two functions.

import { isActivationValue } from './arg-values.js';
import type { ArgType, ArgValue } from './types.js';

function isWholeNumber(value: unknown, min?: number, max?: number): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max)
  );
}

function numberInRange(value: number, type: Extract<ArgType, { kind: 'number' }>): boolean {
  if (!Number.isFinite(value)) return false;
  if (type.min !== undefined && (type.minExclusive ? value <= type.min : value < type.min))
    return false;
  if (type.max !== undefined && (type.maxExclusive ? value >= type.max : value > type.max))
    return false;
  return true;
}

/** Whether a constant value fits an argument type (activation names are checked elsewhere). */
export function valueFitsType(type: ArgType, value: ArgValue): boolean {
  switch (type.kind) {
    case 'int':
      return isWholeNumber(value, type.min, type.max);
    case 'number':
      return typeof value === 'number' && numberInRange(value, type);
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value);
    case 'activation':
      return isActivationValue(value);
    case 'intTuple':
      if (isWholeNumber(value, type.min)) return true;
      return (
        Array.isArray(value) &&
        value.length === type.length &&
        value.every((item) => isWholeNumber(item, type.min))
      );
    case 'ints': {
      if (!Array.isArray(value)) return false;
      const inferred = value.filter((item) => item === -1).length;
      if (inferred > (type.allowInfer ? 1 : 0)) return false;
      return value.every(
        (item) => (type.allowInfer && item === -1) || isWholeNumber(item, type.min),
      );
    }
    case 'numbers':
      return (
        Array.isArray(value) &&
        value.every((item) => typeof item === 'number' && Number.isFinite(item))
      );
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'any':
      return true;
  }
}

function rangeText(
  min?: number,
  max?: number,
  minExclusive?: boolean,
  maxExclusive?: boolean,
): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${minExclusive ? '>' : '≥'} ${min}`);
  if (max !== undefined) parts.push(`${maxExclusive ? '<' : '≤'} ${max}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

/** The type in words, for messages and signature help: `a whole number ≥ 1`. */
export function describeArgType(type: ArgType): string {
  switch (type.kind) {
    case 'int':
      return `a whole number${rangeText(type.min, type.max)}`;
    case 'number':
      return `a number${rangeText(type.min, type.max, type.minExclusive, type.maxExclusive)}`;
    case 'bool':
      return '`true` or `false`';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${type.values.map((value) => `"${value}"`).join(', ')}`;
    case 'activation':
      return 'an activation';
    case 'intTuple':
      return type.length === 1
        ? `a whole number${rangeText(type.min)}`
        : `a whole number${rangeText(type.min)} or a list of ${type.length}`;
    case 'ints':
      return `a list of whole numbers${rangeText(type.min)}${type.allowInfer ? ' (one may be -1)' : ''}`;
    case 'numbers':
      return 'a list of numbers';
    case 'strings':
      return 'a list of strings';
    case 'any':
      return 'a value';
  }
}
