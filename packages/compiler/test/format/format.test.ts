// The formatter on data: golden cases (cases/NAME.input.txt → NAME.expected.nnet, one per kind of
// construct), every example and test case (same tree, same comments, idempotent), broken files left
// alone, and range formatting.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, formatEdits, formatText } from '../../src/format/index.js';
import {
  casesDir,
  commentsOf,
  expectFormatsSafely,
  expectGolden,
  hasSyntaxErrors,
  nnetFiles,
  parseText,
  repoRoot,
} from './helpers.js';

const read = (file: string) => fs.readFileSync(file, 'utf8');
const relative = (file: string) => path.relative(repoRoot, file);

describe('golden cases', () => {
  const inputs = fs.readdirSync(casesDir).filter((name) => name.endsWith('.input.txt'));

  it.each(inputs)('%s', (name) => {
    const input = read(path.join(casesDir, name));
    const formatted = expectFormatsSafely(input, name);
    expectGolden(path.join(casesDir, name.replace(/\.input\.txt$/, '.expected.nnet')), formatted);
    for (const line of formatted.split('\n'))
      expect(line, 'no trailing blanks').not.toMatch(/[ \t]$/);
  });

  it('breaks every line that can be broken within 100 columns', () => {
    const formatted = read(path.join(casesDir, 'long-lines.expected.nnet'));
    for (const line of formatted.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe('the examples', () => {
  it.each(nnetFiles(path.join(repoRoot, 'examples')).map(relative))(
    '%s is a fixed point after one formatting, with its tree and comments',
    (file) => {
      expectFormatsSafely(read(path.join(repoRoot, file)), file);
    },
  );
});

describe('the test cases', () => {
  const files = nnetFiles(path.join(repoRoot, 'tests/cases')).map(relative);
  const valid = files.filter((file) => !hasSyntaxErrors(read(path.join(repoRoot, file))));
  const broken = files.filter((file) => !valid.includes(file));

  it('include files of both kinds', () => {
    expect(valid.length).toBeGreaterThan(50);
    expect(broken.length).toBeGreaterThan(10);
  });

  it.each(valid)('%s keeps its tree and comments, idempotently', (file) => {
    expectFormatsSafely(read(path.join(repoRoot, file)), file);
  });

  it.each(broken)('%s has syntax errors and is left alone', (file) => {
    const text = read(path.join(repoRoot, file));
    const result = formatText(file, text);
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toEqual(parseText(text, file).diagnostics);
    expect(formatEdits(file, text).value).toBeUndefined();
  });
});

describe('formatText', () => {
  it('gives an empty file for an empty or blank one', () => {
    expect(formatText('a.nnet', '').value).toBe('');
    expect(formatText('a.nnet', ' \n\n\t\n').value).toBe('');
  });

  it('keeps a file of comments only', () => {
    expect(formatText('a.nnet', '\n\n// one\n\n\n/* two */   \n').value).toBe(
      '// one\n\n/* two */\n',
    );
  });

  it('ends lines with \\n, trims blanks after line comments and ends the file with one newline', () => {
    const result = formatText('a.nnet', 'model M {\r\n  relu // why   \r\n}');
    expect(result.value).toBe('model M {\n  relu // why\n}\n');
    expect(result.diagnostics).toEqual([]);
  });

  it('never formats a file with a syntax error', () => {
    const text = 'model M {\n  dense(2 relu\n}\n';
    const result = formatText('a.nnet', text);
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain('NN1001');
  });

  it('keeps doc comments attached to what they document', () => {
    const text =
      '/// The width.\nconst width = 8\n/// Not a doc comment: a blank line follows.\n\nconst other = 2\n';
    const formatted = formatText('a.nnet', text).value as string;
    const [width, other] = parseText(formatted).value.declarations;
    expect(width.kind === 'Const' && width.doc).toBe('The width.');
    expect(other.kind === 'Const' && other.doc).toBeUndefined();
    expect(commentsOf(parseText(formatted).value)).toEqual(commentsOf(parseText(text).value));
  });
});

describe('range formatting', () => {
  const text = [
    'const a=1',
    'model First{input x:[2]',
    'dense(1)}',
    '',
    '',
    '',
    '// about Second',
    'model Second{input x:[2];relu}',
    'train Second{data=xor}',
    '',
  ].join('\n');
  const offsetOf = (needle: string) => text.indexOf(needle);

  it('edits only the declarations the range touches, each edit covering whole declarations', () => {
    const start = offsetOf('relu');
    const edits = formatEdits('a.nnet', text, { start, end: start + 4 }).value ?? [];
    expect(edits).toHaveLength(1);
    const [edit] = edits;
    // From the end of the declaration before, over the comment above, to the end of Second.
    expect(edit.span).toEqual({ start: offsetOf('\n\n\n\n// about'), end: offsetOf('\ntrain') });
    expect(edit.newText).toBe('\n\n// about Second\nmodel Second {\n  input x: [2]\n  relu\n}');
    const result = formatText('a.nnet', text, { range: { start, end: start + 4 } }).value;
    expect(result).toBe(applyEdits(text, edits));
    expect(result).toContain('const a=1\nmodel First{input x:[2]');
    expect(result).toContain('train Second{data=xor}');
  });

  it('formats a declaration when the cursor is on it (an empty range)', () => {
    const at = offsetOf('First');
    const result = formatText('a.nnet', text, { range: { start: at, end: at } }).value as string;
    expect(result).toContain('const a=1\n\nmodel First {\n  input x: [2]\n  dense(1)\n}\n');
  });

  it('gives no edit for a declaration already formatted, and the whole file without a range', () => {
    const formatted = formatText('a.nnet', text).value as string;
    expect(formatEdits('a.nnet', formatted).value).toEqual([]);
    expect(applyEdits(text, formatEdits('a.nnet', text).value ?? [])).toBe(formatted);
    const firstLine = { start: 0, end: 3 };
    expect(formatText('a.nnet', formatted, { range: firstLine }).value).toBe(formatted);
  });
});
