// Property tests of the formatter on the examples and the test cases that parse, with random
// changes of whitespace and line breaks, comments inserted between tokens and redundant parentheses:
// a changed file either has syntax errors (and is left alone) or formats to the same tree with the
// same comments, idempotently; changing only spaces never changes the output.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/format/index.js';
import { astDifference } from '../../src/format/ast-equals.js';
import {
  casesDir,
  expectFormatsSafely,
  hasSyntaxErrors,
  nnetFiles,
  parseText,
  repoRoot,
} from './helpers.js';

// FUZZ_RUNS=50000 searches harder; the default keeps the suite quick.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 150) };
// FUZZ_EDITS=20 makes more changes per sample.
const edits = Number(process.env.FUZZ_EDITS ?? 6);

const samples = [
  ...nnetFiles(path.join(repoRoot, 'examples')),
  ...nnetFiles(path.join(repoRoot, 'tests/cases')),
  ...fs
    .readdirSync(casesDir)
    .filter((name) => name.endsWith('.input.txt'))
    .map((name) => path.join(casesDir, name)),
]
  .map((file) => fs.readFileSync(file, 'utf8'))
  .filter((text) => !hasSyntaxErrors(text));

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  /** Removes the blanks around the n-th operator or punctuation (`a -> b` → `a->b`). */
  | { kind: 'squeeze'; nth: number }
  /** Removes the n-th run of blanks. */
  | { kind: 'removeBlanks'; nth: number };

const spaces = fc.constantFrom(' ', '  ', '\t', '    ');
const breaks = fc.constantFrom('\n', '\n\n', '\n\n\n', '\n  ', '\r\n', ' \n ');

const horizontal: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: spaces }),
  fc.record({ kind: fc.constant('squeeze' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('removeBlanks' as const), nth: fc.nat() }),
);
const anyWhitespace: fc.Arbitrary<Mutation> = fc.oneof(
  horizontal,
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: breaks }),
);

function nthMatch(text: string, pattern: RegExp, nth: number): RegExpExecArray | undefined {
  const matches = [...text.matchAll(pattern)];
  return matches.length === 0 ? undefined : (matches[nth % matches.length] as RegExpExecArray);
}

function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    if (m.kind === 'insert') {
      const at = m.at % (result.length + 1);
      result = result.slice(0, at) + m.text + result.slice(at);
      continue;
    }
    const pattern =
      m.kind === 'squeeze' ? /[ \t]*(->|=|,|:|\+|\*|\(|\)|\[|\]|\{|\})[ \t]*/g : /[ \t]+/g;
    const match = nthMatch(result, pattern, m.nth);
    if (!match) continue;
    const replacement = m.kind === 'squeeze' ? match[1] : '';
    result =
      result.slice(0, match.index) + replacement + result.slice(match.index + match[0].length);
  }
  return result;
}

/**
 * Offsets between tokens, outside comments and strings: where a comment or a line break can go
 * without splitting a word (most such insertions keep the file valid, so the property has work).
 */
function tokenBoundaries(text: string): number[] {
  const parsed = parseText(text).value;
  const skipped: boolean[] = new Array(text.length + 1).fill(false);
  const strings = [...text.matchAll(/"(?:[^"\\\r\n]|\\.)*"/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  for (const span of [...parsed.comments.map((c) => c.span), ...strings])
    for (let i = span.start + 1; i < span.end; i++) skipped[i] = true;
  const word = /[A-Za-z0-9_.]/;
  const offsets: number[] = [];
  for (let i = 0; i <= text.length; i++)
    if (!skipped[i] && !(word.test(text[i - 1] ?? ' ') && word.test(text[i] ?? ' ')))
      offsets.push(i);
  return offsets;
}

const boundaries = new Map(samples.map((sample) => [sample, tokenBoundaries(sample)]));

/** The spans of the number literals of a text (to wrap in redundant parentheses). */
function numberSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const node = value as { kind?: string; span?: { start: number; end: number } };
      if (node.kind === 'Number' && node.span) spans.push(node.span);
      Object.values(value).forEach(visit);
    }
  };
  visit(parseText(text).value.declarations);
  return spans;
}

const numbers = new Map(samples.map((sample) => [sample, numberSpans(sample)]));

/** Wraps the n-th number in parentheses, with texts inside them: `(/* c *\/ 3 // d\n)`. */
function parenthesize(
  text: string,
  sample: string,
  n: number,
  before: string,
  after: string,
): string {
  const spans = numbers.get(sample) as { start: number; end: number }[];
  if (spans.length === 0) return text;
  const { start, end } = spans[n % spans.length];
  return (
    text.slice(0, start) + '(' + before + text.slice(start, end) + after + ')' + text.slice(end)
  );
}

/** Inserts texts at token boundaries of the sample (chosen before any insertion, applied from the end). */
function insertAtBoundaries(sample: string, insertions: readonly [number, string][]): string {
  const offsets = boundaries.get(sample) as number[];
  const placed = insertions
    .map(([n, text]) => [offsets[n % offsets.length], text] as const)
    .sort((a, b) => b[0] - a[0]);
  let result = sample;
  for (const [at, text] of placed) result = result.slice(0, at) + text + result.slice(at);
  return result;
}

const comments = fc.constantFrom(
  '/* c */',
  '/**/',
  ' /* b */ ',
  '// c\n',
  '/// d\n',
  '\n// own\n',
  '/* two\nlines */',
);

const mutated = (mutations: fc.Arbitrary<Mutation>) =>
  fc
    .tuple(fc.constantFrom(...samples), fc.array(mutations, { minLength: 1, maxLength: edits + 2 }))
    .map(([sample, list]) => ({ sample, text: mutate(sample, list) }));

describe('formatting text with its whitespace changed at random', () => {
  it('starts from samples that all parse', () => {
    expect(samples.length).toBeGreaterThan(30);
  });

  it('either leaves a broken file alone or keeps its meaning and comments, idempotently', () => {
    fc.assert(
      fc.property(mutated(anyWhitespace), ({ text }) => {
        if (hasSyntaxErrors(text)) {
          const result = formatText('test.nnet', text);
          expect(result.value).toBeUndefined();
          expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          return;
        }
        expectFormatsSafely(text, JSON.stringify(text));
      }),
      runs,
    );
  });

  it('keeps comments inserted between any tokens, and their meaning, idempotently', () => {
    const insertions = fc.array(fc.tuple(fc.nat(), fc.oneof(comments, breaks, spaces)), {
      minLength: 1,
      maxLength: edits,
    });
    fc.assert(
      fc.property(fc.constantFrom(...samples), insertions, (sample, list) => {
        const text = insertAtBoundaries(sample, list);
        if (hasSyntaxErrors(text)) return;
        expectFormatsSafely(text, JSON.stringify(text));
      }),
      runs,
    );
  });

  it('keeps comments inside redundant parentheses, and their meaning, idempotently', () => {
    const inside = fc.oneof(fc.constant(''), comments, breaks, spaces);
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.nat(),
        inside,
        inside,
        (sample, n, before, after) => {
          const text = parenthesize(sample, sample, n, before, after);
          if (hasSyntaxErrors(text)) return;
          expectFormatsSafely(text, JSON.stringify(text));
        },
      ),
      runs,
    );
  });

  it('gives the same output when only spaces changed and the file still means the same', () => {
    fc.assert(
      fc.property(mutated(horizontal), ({ sample, text }) => {
        const parsed = parseText(text);
        if (parsed.diagnostics.length > 0) return;
        if (astDifference(parseText(sample).value, parsed.value) !== undefined) return;
        expect(formatText('test.nnet', text).value, JSON.stringify(text)).toBe(
          formatText('test.nnet', sample).value,
        );
      }),
      runs,
    );
  });
});
