// Prints diagnostics for a terminal: `file:line:col severity CODE message`, the source line with a
// caret underline, and `help:` when the fix is known. Colour only when asked (a TTY without NO_COLOR).

import type { SourceText } from '../syntax/source.js';
import type { Diagnostic } from './diagnostic.js';

export interface RenderOptions {
  color?: boolean;
  /** How to show a file's path (e.g. relative to the working directory). */
  displayPath?: (file: string) => string;
}

const paint = (on: boolean, code: string, text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

export function renderDiagnostic(
  d: Diagnostic,
  source: SourceText | undefined,
  options: RenderOptions = {},
): string {
  const color = options.color ?? false;
  const display = options.displayPath?.(d.file) ?? d.file;
  const start = source?.position(d.span.start) ?? { line: 1, column: 1 };
  const severityColor =
    d.severity === 'error' ? '1;31' : d.severity === 'warning' ? '1;33' : '1;36';
  const lines = [
    `${paint(color, '1', `${display}:${start.line}:${start.column}`)} ${paint(color, severityColor, `${d.severity} ${d.code}`)} ${d.message}`,
  ];
  if (source && source.text.length > 0) {
    const lineText = source.lineText(start.line).replace(/\t/g, ' ');
    const end = source.position(Math.max(d.span.start, d.span.end));
    const lastColumn = end.line === start.line ? end.column : lineText.length + 1;
    const width = Math.max(1, lastColumn - start.column);
    const gutter = String(start.line);
    const pad = ' '.repeat(gutter.length);
    // A window of at most SHOWN_COLUMNS around the start, so a 200 KB line costs 200 characters.
    const { text: shown, caretColumn } = lineWindow(lineText, start.column);
    lines.push(`${pad} |`);
    lines.push(`${gutter} | ${shown}`);
    const room = Math.max(1, shown.length - caretColumn + 1);
    lines.push(
      `${pad} | ${' '.repeat(caretColumn - 1)}${paint(color, severityColor, '^'.repeat(Math.min(width, room)))}`,
    );
  }
  if (d.help) lines.push(`  ${paint(color, '1;36', 'help:')} ${d.help}`);
  for (const related of d.related ?? []) {
    const at = related.file === d.file && source ? source.position(related.span.start) : undefined;
    const where = at
      ? `${display}:${at.line}:${at.column}`
      : (options.displayPath?.(related.file) ?? related.file);
    lines.push(`  note: ${related.message} (${where})`);
  }
  return lines.join('\n');
}

const SHOWN_COLUMNS = 200;

/** The part of a long line shown around `column` (1-based), and the column within it. */
function lineWindow(line: string, column: number): { text: string; caretColumn: number } {
  if (line.length <= SHOWN_COLUMNS) return { text: line, caretColumn: column };
  const from = column - 1 < SHOWN_COLUMNS - 20 ? 0 : column - 1 - 40;
  const head = from > 0 ? '…' : '';
  const body = line.slice(from, from + SHOWN_COLUMNS);
  const tail = from + SHOWN_COLUMNS < line.length ? '…' : '';
  return { text: head + body + tail, caretColumn: column - from + head.length };
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceText>,
  options: RenderOptions = {},
): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources.get(d.file), options)).join('\n\n');
}

/** `2 errors, 1 warning` */
export function countLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
