// Constant evaluation: turns expressions into values (numbers, strings, lists, symbols, calls,
// objects) in a scope of constants and parameters. Errors become diagnostics and an `error`
// value that later checks skip silently, so one mistake is reported once.

import type { Expr } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import { suggestName } from './suggest.js';

export type Value =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'list'; items: Value[]; span: Span }
  /** A bare name that is not a constant: `relu`, `same`, `he_normal`, `val_loss`. */
  | { kind: 'symbol'; name: string; span: Span }
  | { kind: 'call'; name: string; calleeSpan: Span; args: CallArgValue[]; span: Span }
  | { kind: 'object'; fields: ObjectFieldValue[]; span: Span }
  /** Evaluation failed and was reported. */
  | { kind: 'error'; span: Span };

export interface CallArgValue {
  name?: string;
  nameSpan?: Span;
  value: Value;
  span: Span;
}

export interface ObjectFieldValue {
  name: string;
  nameSpan: Span;
  value: Value;
}

/** A definition a name can refer to while evaluating: a const, a parameter. */
export interface ScopeEntry {
  name: string;
  value: Value;
  /** Where it is defined (for go-to-definition and "used" tracking). */
  file: string;
  span: Span;
  kind: 'const' | 'parameter';
  used: boolean;
}

/** Names visible in an expression; `parent` chains block scopes to file constants. */
export class ConstScope {
  private readonly entries = new Map<string, ScopeEntry>();

  constructor(readonly parent?: ConstScope) {}

  define(name: string, entry: ScopeEntry): void {
    this.entries.set(name, entry);
  }

  lookup(name: string): ScopeEntry | undefined {
    return this.entries.get(name) ?? this.parent?.lookup(name);
  }

  hasOwn(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every visible name (for suggestions). */
  names(): string[] {
    const own = [...this.entries.keys()];
    return this.parent ? [...own, ...this.parent.names()] : own;
  }

  ownEntries(): IterableIterator<[string, ScopeEntry]> {
    return this.entries.entries();
  }
}

/** Observes each resolved name use (the checker records references for the editor). */
export type ReferenceListener = (nameSpan: Span, entry: ScopeEntry) => void;

export interface EvalContext {
  scope: ConstScope;
  bag: DiagnosticBag;
  onReference?: ReferenceListener;
}

export function evaluate(expr: Expr, ctx: EvalContext): Value {
  const span = expr.span;
  switch (expr.kind) {
    case 'Number':
      // `1e400` reads as Infinity: a diagnostic here, so no message ever shows "Infinity".
      if (!Number.isFinite(expr.value)) {
        ctx.bag.report(Messages.NumberOutOfRange, span, { found: expr.raw ?? 'this number' });
        return { kind: 'error', span };
      }
      return { kind: 'number', value: expr.value, span };
    case 'String':
      return { kind: 'string', value: expr.value, span };
    case 'Bool':
      return { kind: 'bool', value: expr.value, span };
    case 'Missing':
      return { kind: 'error', span };
    case 'Name': {
      const entry = ctx.scope.lookup(expr.name.name);
      if (!entry) return { kind: 'symbol', name: expr.name.name, span };
      entry.used = true;
      ctx.onReference?.(expr.name.span, entry);
      return { ...entry.value, span } as Value;
    }
    case 'List':
      return { kind: 'list', items: expr.items.map((item) => evaluate(item, ctx)), span };
    case 'Object':
      return {
        kind: 'object',
        span,
        fields: expr.fields.map((field) => ({
          name: field.name.name,
          nameSpan: field.name.span,
          value: evaluate(field.value, ctx),
        })),
      };
    case 'Call':
      return {
        kind: 'call',
        name: expr.callee.name,
        calleeSpan: expr.callee.span,
        span,
        args: expr.args.map((arg) => ({
          ...(arg.name ? { name: arg.name.name, nameSpan: arg.name.span } : {}),
          value: evaluate(arg.value, ctx),
          span: arg.span,
        })),
      };
    case 'Unary': {
      const operand = numberOf(evaluate(expr.operand, ctx), ctx);
      if (operand === undefined) return { kind: 'error', span };
      return { kind: 'number', value: expr.op === '-' ? -operand : operand, span };
    }
    case 'Binary': {
      const left = numberOf(evaluate(expr.left, ctx), ctx);
      const right = numberOf(evaluate(expr.right, ctx), ctx);
      if (left === undefined || right === undefined) return { kind: 'error', span };
      if ((expr.op === '/' || expr.op === '%') && right === 0) {
        ctx.bag.report(Messages.DivisionByZero, span, {});
        return { kind: 'error', span };
      }
      const value = applyBinary(expr.op, left, right);
      if (!Number.isFinite(value)) {
        ctx.bag.report(Messages.NumberOutOfRange, span, { found: 'the result of this expression' });
        return { kind: 'error', span };
      }
      return { kind: 'number', value, span };
    }
  }
}

function applyBinary(op: '+' | '-' | '*' | '/' | '%' | '^', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
  }
}

/** The number in a value, reporting what was found otherwise (symbols are unknown names here). */
function numberOf(value: Value, ctx: EvalContext): number | undefined {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'error') return undefined;
  if (value.kind === 'symbol') {
    reportUnknownName(value.name, value.span, ctx);
    return undefined;
  }
  ctx.bag.report(Messages.NotConstant, value.span, { detail: `found ${describeValue(value)}` });
  return undefined;
}

export function reportUnknownName(name: string, span: Span, ctx: EvalContext): void {
  ctx.bag.report(Messages.UnknownName, span, {
    name,
    suggestion: suggestName(name, ctx.scope.names()),
  });
}

/** A few words for "found …" phrases: `the string "same"`, `a list of 3 items`, `the name relu`. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'number':
      return `the number ${formatNumber(value.value)}`;
    case 'string':
      return `the string ${JSON.stringify(value.value)}`;
    case 'bool':
      return `\`${value.value}\``;
    case 'list':
      return `a list of ${value.items.length} item${value.items.length === 1 ? '' : 's'}`;
    case 'symbol':
      return `the name \`${value.name}\``;
    case 'call':
      return `a call to \`${value.name}\``;
    case 'object':
      return 'an object `{ … }`';
    case 'error':
      return 'an invalid value';
  }
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}
