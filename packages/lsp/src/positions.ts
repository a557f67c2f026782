// Offsets ↔ LSP positions. Compiler spans are [start, end) offsets in UTF-16 code units; LSP
// positions are a 0-based line and a UTF-16 character. Every conversion clamps: a position past a
// line's end or past the document's end maps to that end, never to an exception.

import { SourceText, type Span } from '@nnet/compiler';
import type { Position, Range } from 'vscode-languageserver';

export function positionAt(source: SourceText, offset: number): Position {
  const { line, column } = source.position(Number.isFinite(offset) ? offset : 0);
  return { line: line - 1, character: column - 1 };
}

export function offsetAt(source: SourceText, position: Position): number {
  const line = Math.max(0, Math.floor(position.line ?? 0));
  const character = Math.max(0, Math.floor(position.character ?? 0));
  if (line >= source.lineCount) return source.text.length;
  return source.offset({ line: line + 1, column: character + 1 });
}

export function rangeOf(source: SourceText, span: Span): Range {
  return {
    start: positionAt(source, span.start),
    end: positionAt(source, Math.max(span.start, span.end)),
  };
}

export function spanOf(source: SourceText, range: Range): Span {
  const start = offsetAt(source, range.start);
  return { start, end: Math.max(start, offsetAt(source, range.end)) };
}

/** Whether an offset lies in a span, its end included (a cursor just after a name is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
