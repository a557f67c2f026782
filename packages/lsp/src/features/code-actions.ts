// Quick fixes: the fixes the compiler's diagnostics carry (insert `flatten`, …), one code action
// each, and "replace with `x`" for every did-you-mean diagnostic whose span is the misspelled name.
// Edits are only offered where the text still reads what the diagnostic saw.

import type { Diagnostic as CompilerDiagnostic } from '@nnet/compiler';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type TextEdit,
} from 'vscode-languageserver';
import type { DocumentState, ServerContext } from '../context.js';
import { toLspDiagnostic } from '../diagnostics.js';
import { overlaps, rangeOf, spanOf } from '../positions.js';

const didYouMean = /did you mean `([^`]+)`\?/;

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const range = spanOf(doc.source, params.range);
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const analysis of ctx.analysesIncluding(doc.path)) {
    for (const d of analysis.result.diagnostics) {
      const key = `${d.code}:${d.span.start}:${d.span.end}`;
      if (d.file !== doc.path || !overlaps(d.span, range) || seen.has(key)) continue;
      seen.add(key);
      const fixes = fixActions(ctx, doc, d);
      actions.push(...fixes, ...(fixes.length ? [] : suggestionActions(ctx, doc, d)));
    }
  }
  return actions;
}

function lspDiagnostic(ctx: ServerContext, doc: DocumentState, d: CompilerDiagnostic) {
  return toLspDiagnostic(d, doc.source, ctx.files, (f) => ctx.files.source(f));
}

function fixActions(ctx: ServerContext, doc: DocumentState, d: CompilerDiagnostic): CodeAction[] {
  return (d.fixes ?? []).map((fix, index) => {
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of fix.edits) {
      const file = edit.file ?? d.file;
      const source = ctx.files.source(file);
      if (!source) continue;
      (changes[ctx.files.uriOf(file)] ??= []).push({
        range: rangeOf(source, edit.span),
        newText: edit.newText,
      });
    }
    return {
      title: fix.title.replace(/`/g, ''),
      kind: CodeActionKind.QuickFix,
      diagnostics: [lspDiagnostic(ctx, doc, d)],
      isPreferred: index === 0,
      edit: { changes },
    };
  });
}

function suggestionActions(
  ctx: ServerContext,
  doc: DocumentState,
  d: CompilerDiagnostic,
): CodeAction[] {
  const suggestion = d.help?.match(didYouMean)?.[1];
  if (!suggestion) return [];
  const written = doc.source.text.slice(d.span.start, d.span.end);
  let newText: string;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) newText = suggestion;
  else if (/^"[^"]*"$/.test(written)) newText = `"${suggestion}"`;
  else return [];
  return [
    {
      title: `Replace ${written} with ${newText}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lspDiagnostic(ctx, doc, d)],
      isPreferred: true,
      edit: { changes: { [doc.uri]: [{ range: rangeOf(doc.source, d.span), newText }] } },
    },
  ];
}
