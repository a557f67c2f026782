// Every snippet completion offers (declarations at the top level, `with` clauses after a layer)
// expands, with its placeholders' default text, to nnet that parses without a syntax error.

import { parse, SourceText } from '@nnet/compiler';
import { describe, expect, it } from 'vitest';
import { declarationSnippets, withSnippets } from '../src/features/snippets.js';

/** Expands a snippet body with each placeholder's default text. */
function expand(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\{?\d+\}?/g, '');
}

const syntaxErrors = (text: string) =>
  parse(new SourceText('/snippet.nnet', text)).diagnostics.map((d) => d.message);

describe('snippets', () => {
  it.each(declarationSnippets.map((s) => [s.label, s]))('%s expands to a declaration', (_, s) => {
    const text = expand(s.body);
    expect(text).not.toMatch(/\$/);
    expect(syntaxErrors(text)).toEqual([]);
    expect(s.detail.length).toBeGreaterThan(10);
  });

  it.each(withSnippets.map((s) => [s.label, s]))('%s expands to a with clause', (_, s) => {
    // `$0` is where the user types the value: fill one in.
    const text = expand(s.body).replace(/= +\}/, '= [[1, 1], [1, 1]] }');
    expect(syntaxErrors(`model M {\n  input x: [2]\n  dense(2) ${text}\n}\n`)).toEqual([]);
  });
});
