// The formatter's entry points: take a file's path and text, produce the canonical text (or the
// edits that make it so, for a whole file or the declarations a range touches). A file with syntax
// errors is never formatted. Every result is re-parsed and compared with the original tree, so the
// formatter cannot change what a file means or drop a comment: if it would, it reports NN9001.

import type { SourceFile } from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { SourceText, type Span } from '../syntax/source.js';
import {
  DiagnosticBag,
  hasErrors,
  type Diagnostic,
  type TextEdit,
} from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import { astDifference } from './ast-equals.js';
import { printChunks, type Chunk } from './printer.js';

export { astEquals, astDifference } from './ast-equals.js';
export { printWidth } from './printer.js';

export interface FormatOptions {
  /** Format only the top-level declarations this range of offsets touches. */
  range?: Span;
}

export interface FormatResult<T> {
  /** Absent when the file has syntax errors (or the formatter failed): nothing is changed then. */
  value?: T;
  diagnostics: Diagnostic[];
}

/** The formatted text of a file, or of the declarations `options.range` touches. */
export function formatText(
  path: string,
  text: string,
  options: FormatOptions = {},
): FormatResult<string> {
  const result = formatEdits(path, text, options.range);
  if (!result.value) return { diagnostics: result.diagnostics };
  return { value: applyEdits(text, result.value), diagnostics: result.diagnostics };
}

/**
 * The edits that format a file: one per top-level declaration whose text changes (with the
 * comments above and after it). With `range`, only the declarations it touches are edited.
 */
export function formatEdits(path: string, text: string, range?: Span): FormatResult<TextEdit[]> {
  const parsed = parse(new SourceText(path, text));
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  try {
    const { chunks, unclaimed } = printChunks(parsed.value, text);
    if (unclaimed.length > 0)
      return failure(path, `comment at offset ${unclaimed[0].span.start} was not placed`);
    const edits = chunkEdits(text, chunks, range);
    const problem = changedMeaning(path, parsed.value, applyEdits(text, edits));
    if (problem) return failure(path, problem);
    return { value: edits, diagnostics: parsed.diagnostics };
  } catch (error) {
    return failure(
      path,
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    );
  }
}

function chunkEdits(text: string, chunks: readonly Chunk[], range: Span | undefined): TextEdit[] {
  if (chunks.length === 0)
    return range || text === '' ? [] : [{ span: { start: 0, end: text.length }, newText: '' }];
  const edits: TextEdit[] = [];
  const last = chunks.length - 1;
  chunks.forEach((chunk, i) => {
    if (range && !touches(chunk.span, range)) return;
    // Each edit also owns the blank space before its chunk (and, for the last, after it).
    const span = {
      start: i === 0 ? 0 : chunks[i - 1].span.end,
      end: i === last ? text.length : chunk.span.end,
    };
    const newText = chunk.separator + chunk.text + (i === last ? '\n' : '');
    if (text.slice(span.start, span.end) !== newText) edits.push({ span, newText });
  });
  return edits;
}

function touches(span: Span, range: Span): boolean {
  if (range.start === range.end) return span.start <= range.start && range.start <= span.end;
  return range.start < span.end && span.start < range.end;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start))
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

/** What the formatted text would change, if anything: syntax, the tree, or a comment. */
function changedMeaning(path: string, original: SourceFile, formatted: string): string | undefined {
  const reparsed = parse(new SourceText(path, formatted));
  if (hasErrors(reparsed.diagnostics))
    return `its output has a syntax error (${reparsed.diagnostics[0].message})`;
  const difference = astDifference(original, reparsed.value);
  return difference ? `its output differs from the input at ${difference}` : undefined;
}

function failure(path: string, detail: string): FormatResult<never> {
  const bag = new DiagnosticBag(path);
  bag.report(
    Messages.InternalError,
    { start: 0, end: 0 },
    { detail: `the formatter failed: ${detail}; the file is left as it is` },
  );
  return { diagnostics: bag.items };
}
