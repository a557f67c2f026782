// Property tests of the parser's promises on any input: random strings, token soups of the
// language's own tokens and mutated sample programs go in; parse() must return (never throw),
// report no internal error, keep every span inside the text, and give the same answer twice.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { SourceText, type Span } from '../../src/syntax/source.js';
import { samples } from './samples.js';

// FUZZ_RUNS=20000 searches harder; the default keeps the suite quick.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

function checkSpan(span: Span, length: number, what: string): void {
  if (!(
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    0 <= span.start &&
    span.start <= span.end &&
    span.end <= length
  )) {
    throw new Error(`${what} has span ${JSON.stringify(span)} outside [0, ${length}]`);
  }
}

/** Every object with a `kind` and a `span` in the tree (iterative: trees may be deep). */
function* nodesOf(root: unknown): Generator<{ kind: string; span: Span }> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.kind === 'string' && record.span)
        yield record as { kind: string; span: Span };
      for (const [key, child] of Object.entries(record)) if (key !== 'span') stack.push(child);
    }
  }
}

/** The parser's promises for one input; throws (failing the property) when one is broken. */
function checkParse(text: string): void {
  const result = parse(new SourceText('fuzz.nnet', text));
  for (const d of result.diagnostics) {
    checkSpan(d.span, text.length, `diagnostic ${d.code} "${d.message}"`);
    expect(d.code).not.toBe('NN9001');
    expect(d.message).not.toMatch(/MISMATCHED|NoViableAlt|Token sequences|undefined|NaN/);
  }
  for (const node of nodesOf(result.value)) checkSpan(node.span, text.length, `${node.kind} node`);
  const syntaxStarts = result.diagnostics
    .filter((d) => d.code === 'NN1001')
    .map((d) => d.span.start);
  expect(new Set(syntaxStarts).size).toBe(syntaxStarts.length);
  // The parser is a module-level singleton: nothing may leak from one parse into the next.
  expect(parse(new SourceText('fuzz.nnet', text))).toEqual(result);
}

const vocabulary = [
  'import',
  'const',
  'model',
  'block',
  'train',
  'as',
  'input',
  'output',
  'repeat',
  'with',
  'int',
  'float',
  'true',
  'false',
  'dense',
  'relu',
  'x',
  'h',
  'in',
  'Mlp',
  'lr',
  '0',
  '100',
  '0.1',
  '1e-4',
  '.5',
  '"a"',
  '"s\\n"',
  '"\\q"',
  '"open',
  '->',
  '=',
  ':',
  ',',
  ';',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '// c',
  '/// doc',
  '/* b */',
  '/*',
  '\n',
  '\n',
  '\n',
  '@',
  '−',
];
const token = fc.constantFrom(...vocabulary);
const gap = fc.constantFrom('', ' ', '\n', '  ');

const tokenSoup = fc
  .array(fc.tuple(token, gap), { maxLength: 80 })
  .map((parts) => parts.map(([t, g]) => t + g).join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; from: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(token, fc.string({ maxLength: 3 })),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 60 }),
    to: fc.nat(),
  }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const length = result.length + 1;
    if (m.kind === 'delete') {
      const at = m.at % length;
      result = result.slice(0, at) + result.slice(at + m.length);
    } else if (m.kind === 'insert') {
      const at = m.at % length;
      result = result.slice(0, at) + m.text + result.slice(at);
    } else {
      const from = m.from % length;
      const to = m.to % length;
      const piece = result.slice(from, from + m.length);
      result = result.slice(0, to) + piece + result.slice(to);
    }
  }
  return result;
}

const mutatedSample = fc
  .tuple(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([sample, mutations]) => mutate(sample, mutations));

describe('parse() on arbitrary input', () => {
  it('keeps its promises on random strings (any code point)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkParse), runs);
  });

  it('keeps its promises on random printable ASCII', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), checkParse), runs);
  });

  it('keeps its promises on soups of the language own tokens', () => {
    fc.assert(fc.property(tokenSoup, checkParse), runs);
  });

  it('keeps its promises on mutated sample programs', () => {
    fc.assert(fc.property(mutatedSample, checkParse), runs);
  });

  it('finds no errors in the unmutated samples (the mutations start from valid text)', () => {
    for (const sample of samples)
      expect(parse(new SourceText('sample.nnet', sample)).diagnostics).toEqual([]);
  });
});
