// Walks every diagnostic template of the message catalogue with extreme arguments — huge, zero,
// negative, non-finite numbers and empty or long strings — and asserts no text a person reads
// contains `undefined`, `NaN`, `Infinity` or `[object Object]`. Number arguments are found by
// reading their declared types in the catalogue's files, so a new template is covered without a list.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Messages } from '@nnet/compiler';
import { FORBIDDEN } from './fuzz-inputs.js';

const source = ['messages.ts', 'limit-messages.ts']
  .map((file) =>
    fs.readFileSync(
      path.resolve(import.meta.dirname, '../../packages/compiler/src/diagnostics', file),
      'utf8',
    ),
  )
  .join('\n');

/** `Name: define<{ a: string; n: number }>` → the names of its number-typed arguments. */
function numberArguments(name: string): string[] {
  const declared = source.match(new RegExp(`\\b${name}: define<\\{([^}]*)\\}>`))?.[1] ?? '';
  return [...declared.matchAll(/(\w+)\??:\s*number\b/g)].map((m) => m[1]);
}

const extremeNumbers = [0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity];
const extremeStrings = ['', 'x'.repeat(300), '0', '-1'];

function render(spec: (typeof Messages)[keyof typeof Messages], args: Record<string, unknown>) {
  const message = (spec.message as (a: unknown) => string)(args);
  const help = (spec.help as ((a: unknown) => string | undefined) | undefined)?.(args) ?? '';
  return `${message} ${help}`;
}

describe('every message template with extreme arguments', () => {
  const entries = Object.entries(Messages);

  it('reads the number arguments of the templates that have them', () => {
    expect(numberArguments('TooManyArguments')).toEqual(['max', 'found']);
    expect(numberArguments('ClassCountMismatch')).toEqual(['classes', 'units']);
    expect(source).toContain('TrainingTooLarge: define<'); // limit-messages.ts is read too
  });

  it.each(entries)('%s', (name, spec) => {
    const numeric = new Set(numberArguments(name));
    for (const number of extremeNumbers) {
      for (const text of extremeStrings) {
        const args = new Proxy(
          {},
          { get: (_target, key) => (numeric.has(String(key)) ? number : text) },
        );
        const rendered = render(spec, args as Record<string, unknown>);
        expect(
          rendered,
          `${name} with ${number} / ${JSON.stringify(text.slice(0, 5))}`,
        ).not.toMatch(FORBIDDEN);
        // A template that is only its argument (`detail`) is empty for an empty argument.
        if (text !== '') expect(rendered.trim().length).toBeGreaterThan(0);
      }
    }
  });
});

describe('summary figures', () => {
  it('huge and non-finite counts are formatted, never "Infinity T"', async () => {
    const { formatBytes, formatCount, formatFlops } =
      await import('../../packages/compiler/src/summary/render.js');
    expect(formatFlops(Infinity)).toBe('more than 10^308');
    expect(formatFlops(4e308 / 2)).toBe('more than 10^308');
    expect(formatFlops(2.5e12)).toBe('2.50 T');
    expect(formatFlops(1e300)).toBe('1.00e+300');
    expect(formatCount(NaN)).not.toMatch(FORBIDDEN);
    expect(formatBytes(Infinity)).toBe('more than 10^308 B');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
