// Folding ranges: declarations, `repeat` bodies, `with` clauses and lists or argument lists spanning
// lines, block comments, runs of line comments and runs of imports. A closing `}` on its own line
// stays visible.

import type { Node, SourceText } from '@nnet/compiler';
import {
  FoldingRangeKind,
  type FoldingRange,
  type FoldingRangeParams,
} from 'vscode-languageserver';
import { walk } from '../ast-query.js';
import type { ServerContext } from '../context.js';
import { positionAt } from '../positions.js';

const foldable = new Set<Node['kind']>([
  'Model',
  'Block',
  'Train',
  'Repeat',
  'With',
  'List',
  'Object',
  'Step',
  'Call',
  'Const',
]);

export function foldingRanges(ctx: ServerContext, params: FoldingRangeParams): FoldingRange[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const source = doc.source;
  const ranges: FoldingRange[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    const startLine = positionAt(source, start).line;
    let endLine = positionAt(source, end).line;
    if (endLine > startLine && closesLine(source, end)) endLine--;
    if (endLine <= startLine || seen.has(startLine)) return;
    seen.add(startLine);
    ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  for (const node of walk(doc.ast))
    if (foldable.has(node.kind)) add(node.span.start, node.span.end);

  // Runs of line comments, block comments, and runs of imports.
  let run: { start: number; end: number; line: number } | undefined;
  for (const comment of doc.ast.comments) {
    if (comment.style === 'block') {
      add(comment.span.start, comment.span.end, FoldingRangeKind.Comment);
      continue;
    }
    const line = positionAt(source, comment.span.start).line;
    if (run && line === run.line + 1) run = { ...run, end: comment.span.end, line };
    else {
      if (run) add(run.start, run.end, FoldingRangeKind.Comment);
      run = { start: comment.span.start, end: comment.span.end, line };
    }
  }
  if (run) add(run.start, run.end, FoldingRangeKind.Comment);
  const imports = doc.ast.declarations.filter((d) => d.kind === 'Import');
  if (imports.length > 1)
    add(imports[0].span.start, imports[imports.length - 1].span.end, FoldingRangeKind.Imports);
  return ranges.sort((a, b) => a.startLine - b.startLine);
}

/** Whether the span ends in a closing bracket that starts its line (`}` alone on the last line). */
function closesLine(source: SourceText, end: number): boolean {
  const position = positionAt(source, end);
  const line = source.lineText(position.line + 1);
  return /^\s*[}\])]/.test(line);
}
