// Quick fixes as golden text: each fix a diagnostic carries, applied to the source, shown as the
// lines it removes (`-`) and adds (`+`). Lets a reviewer read what an editor's quick fix would do.

import type { Diagnostic, SourceText } from '@nnet/compiler';

export function renderFixes(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceText>,
): string {
  const blocks: string[] = [];
  for (const d of diagnostics) {
    const source = sources.get(d.file);
    if (!source) continue;
    for (const fix of d.fixes ?? []) {
      const edits = fix.edits.filter((e) => (e.file ?? d.file) === d.file);
      if (edits.length === 0) continue;
      const at = source.position(d.span.start);
      blocks.push(
        `${at.line}:${at.column} ${d.code} ${fix.title}\n${changedLines(source.text, edits)}`,
      );
    }
  }
  return blocks.length ? blocks.join('\n\n') + '\n' : '';
}

function changedLines(
  text: string,
  edits: readonly { span: { start: number; end: number }; newText: string }[],
): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let after = text;
  for (const edit of sorted)
    after = after.slice(0, edit.span.start) + edit.newText + after.slice(edit.span.end);
  const start = Math.min(...edits.map((e) => e.span.start));
  const end = Math.max(...edits.map((e) => e.span.end));
  const growth = edits.reduce((sum, e) => sum + e.newText.length - (e.span.end - e.span.start), 0);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = (s: string, from: number) => {
    const i = s.indexOf('\n', from);
    return i < 0 ? s.length : i;
  };
  const before = text.slice(lineStart, lineEnd(text, end));
  const replaced = after.slice(lineStart, lineEnd(after, end + growth));
  const mark = (sign: string, lines: string) =>
    lines
      .split('\n')
      .map((line) => `${sign} ${line}`)
      .join('\n');
  return `${mark('-', before)}\n${mark('+', replaced)}`;
}
