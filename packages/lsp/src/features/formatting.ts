// Document and range formatting. The formatter (`packages/compiler/src/format/`) is not part of the
// compiler's public API yet, so the server advertises no formatting and answers with no edits.

import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';

export function formatterAvailable(): boolean {
  return false;
}

export function formatDocument(_ctx: ServerContext, _params: DocumentFormattingParams): TextEdit[] {
  return [];
}

export function formatRange(_ctx: ServerContext, _params: DocumentRangeFormattingParams): TextEdit[] {
  return [];
}
