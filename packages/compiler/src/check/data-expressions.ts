// Checks the expressions a data source takes as strings (`function("sin(3*x)")`) at `nnc check`
// time, with the runtime's own parser, so a typo is reported into the string (at the offending
// character, with a fix when one is clear) before any training starts.

import { compileExpression, ExpressionError, expressionNames } from '@nnet/runtime/expression';
import type { DataSourceSpec } from '../catalogue/types.js';
import type { Fix } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { Span } from '../syntax/source.js';
import { suggestName } from './suggest.js';
import type { Value } from './values.js';

/** The string argument `name` of a call value, positional or named. */
function argumentValue(call: Value, spec: DataSourceSpec, name: string): Value | undefined {
  if (call.kind !== 'call') return undefined;
  const named = call.args.find((arg) => arg.name === name);
  if (named) return named.value;
  const positional = spec.args.filter((arg) => !arg.namedOnly).map((arg) => arg.name);
  return call.args.filter((arg) => arg.name === undefined)[positional.indexOf(name)]?.value;
}

/** The span of characters [from, to) of a string literal's value, when the span is that literal. */
function insideString(value: Value & { kind: 'string' }, from: number, to: number): Span {
  // Only a plain literal ("…" with no escapes) maps characters one to one onto the source.
  if (value.span.end - value.span.start !== value.value.length + 2) return value.span;
  const start = value.span.start + 1 + Math.min(from, value.value.length);
  return { start, end: Math.max(start, value.span.start + 1 + Math.min(to, value.value.length)) };
}

/** The clear fix of a malformed expression: `**` → `^`, a misspelt name → the known one. */
function fixFor(value: Value & { kind: 'string' }, error: ExpressionError): Fix | undefined {
  const text = value.value;
  const at = error.position;
  if (text.slice(at - 1, at + 1) === '**') {
    const fixed = text.slice(0, at - 1) + '^' + text.slice(at + 1);
    return {
      title: 'Write `^` for a power',
      edits: [{ span: value.span, newText: JSON.stringify(fixed) }],
    };
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0];
  const known = name && suggestName(name, expressionNames);
  if (!name || !known || known === name) return undefined;
  const fixed = text.slice(0, at) + known + text.slice(at + name.length);
  return {
    title: `Replace with \`${known}\``,
    edits: [{ span: value.span, newText: JSON.stringify(fixed) }],
  };
}

/** Reports every malformed expression argument of a checked data-source call. */
export function checkDataExpressions(call: Value, spec: DataSourceSpec, bag: DiagnosticBag): void {
  for (const name of spec.expressionArgs ?? []) {
    const value = argumentValue(call, spec, name);
    if (value?.kind !== 'string') continue;
    try {
      compileExpression(value.value);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const token = /^[A-Za-z_][A-Za-z0-9_]*|^\d+\.?\d*/.exec(value.value.slice(error.position));
      const span = insideString(value, error.position, error.position + (token?.[0].length ?? 1));
      const fix = fixFor(value, error);
      bag.report(
        Messages.BadExpression,
        span,
        {
          source: `${spec.name}(${name} = …)`,
          character: String(error.position + 1),
          detail: error.detail,
          names: expressionNames.map((n) => `\`${n}\``).join(', '),
        },
        fix ? { fixes: [fix] } : {},
      );
    }
  }
}
