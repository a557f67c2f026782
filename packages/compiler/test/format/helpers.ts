// Shared by the formatter's tests: the fixture files, golden comparison, and the formatter's three
// promises (output parses, means the same, keeps every comment) as one assertion.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { formatText } from '../../src/format/index.js';
import { astDifference } from '../../src/format/ast-equals.js';
import { commentText } from '../../src/format/print-comments.js';
import { parse } from '../../src/syntax/parse.js';
import { SourceText } from '../../src/syntax/source.js';
import type { SourceFile } from '../../src/syntax/ast.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');
export const casesDir = path.join(import.meta.dirname, 'cases');

/** Every .nnet file below a folder, sorted. */
export function nnetFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...nnetFiles(full));
    else if (entry.name.endsWith('.nnet')) out.push(full);
  }
  return out.sort();
}

/** Compares with a committed file; UPDATE_GOLDEN=1 rewrites it, a missing one is written (not under CI). */
export function expectGolden(file: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === '1';
  if (update || !fs.existsSync(file)) {
    if (!update && process.env.CI)
      throw new Error(`golden file ${file} is missing; run UPDATE_GOLDEN=1`);
    fs.writeFileSync(file, actual);
    return;
  }
  expect(
    actual,
    `golden ${path.relative(repoRoot, file)} differs (UPDATE_GOLDEN=1 rewrites it)`,
  ).toBe(fs.readFileSync(file, 'utf8'));
}

export function parseText(text: string, file = 'test.nnet'): ReturnType<typeof parse> {
  return parse(new SourceText(file, text));
}

export function hasSyntaxErrors(text: string): boolean {
  return parseText(text).diagnostics.some((d) => d.severity === 'error');
}

/** The comments of a tree as the formatter promises to keep them: style and text, in order. */
export function commentsOf(file: SourceFile): string[] {
  return file.comments.map((c) => `${c.style} ${commentText(c)}`);
}

/**
 * Formats `text` (which must parse) and checks the promises: the output parses with no error, has
 * the same tree and the same comments, and is its own formatting. Returns the output.
 */
export function expectFormatsSafely(text: string, label = 'input'): string {
  const original = parseText(text);
  const result = formatText('test.nnet', text);
  expect(
    result.diagnostics.filter((d) => d.severity === 'error'),
    `${label}: formatter diagnostics`,
  ).toEqual([]);
  const formatted = result.value as string;
  expect(formatted, `${label}: formatted text`).toBeTypeOf('string');
  const reparsed = parseText(formatted);
  expect(reparsed.diagnostics, `${label}: output parses`).toEqual([]);
  expect(
    astDifference(original.value, reparsed.value),
    `${label}: same tree\n${formatted}`,
  ).toBeUndefined();
  expect(commentsOf(reparsed.value), `${label}: same comments`).toEqual(commentsOf(original.value));
  expect(formatText('test.nnet', formatted).value, `${label}: idempotent\n${formatted}`).toBe(
    formatted,
  );
  return formatted;
}
