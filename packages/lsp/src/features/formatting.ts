// Whole-document and range formatting through the compiler's formatter (`formatEdits`: one edit per
// top-level declaration that changes; nothing for a file with syntax errors). The formatter is looked
// up on the compiler's public API, so the server offers formatting exactly when the compiler does.

import * as compiler from '@nnet/compiler';
import type { Diagnostic, Span } from '@nnet/compiler';
import type {
  DocumentFormattingParams,
  DocumentRangeFormattingParams,
  TextEdit,
} from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { rangeOf, spanOf } from '../positions.js';

type FormatEdits = (
  path: string,
  text: string,
  range?: Span,
) => { value?: { span: Span; newText: string }[]; diagnostics: Diagnostic[] };

const formatEdits = (compiler as unknown as { formatEdits?: FormatEdits }).formatEdits;

export function formatterAvailable(): boolean {
  return typeof formatEdits === 'function';
}

function format(
  ctx: ServerContext,
  uri: string,
  range?: DocumentRangeFormattingParams['range'],
): TextEdit[] {
  const doc = ctx.files.byUri(uri);
  if (!doc || !formatEdits) return [];
  const result = formatEdits(
    doc.path,
    doc.source.text,
    range ? spanOf(doc.source, range) : undefined,
  );
  const failure = result.diagnostics.find((d) => d.code === compiler.Messages.InternalError.code);
  if (failure) ctx.log(`nnet-lsp: formatting ${doc.path}: ${failure.message}`);
  return (result.value ?? []).map((edit) => ({
    range: rangeOf(doc.source, edit.span),
    newText: edit.newText,
  }));
}

export function formatDocument(ctx: ServerContext, params: DocumentFormattingParams): TextEdit[] {
  return format(ctx, params.textDocument.uri);
}

export function formatRange(ctx: ServerContext, params: DocumentRangeFormattingParams): TextEdit[] {
  return format(ctx, params.textDocument.uri, params.range);
}
