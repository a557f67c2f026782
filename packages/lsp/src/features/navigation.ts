// Go to definition, find references, rename and document highlight, from the definitions and
// references the checker records (values, inputs, consts, parameters, blocks, models, runs).
// Occurrences are gathered from every analysis that includes the defining file, so a block renamed
// in its library is renamed in every workspace file importing it.

import * as nodePath from 'node:path';
import type { Span } from '@nnet/compiler';
import {
  DocumentHighlightKind,
  type DefinitionParams,
  type DocumentHighlight,
  type DocumentHighlightParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { nodePathAt } from '../ast-query.js';
import type { DocumentState, ServerContext } from '../context.js';
import { offsetAt, rangeOf, touches } from '../positions.js';

type SymbolDefinition = NonNullable<DocumentState['analysis']['result']['checked']>['definitions'][number];

interface Occurrence {
  file: string;
  span: Span;
  isDefinition: boolean;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywords = new Set(['model', 'block', 'train', 'const', 'import', 'input', 'output', 'repeat', 'with', 'as', 'in', 'int', 'true', 'false']);

function keyOf(d: SymbolDefinition): string {
  return `${d.file}:${d.span.start}:${d.name}`;
}

/** The user-defined symbol under the cursor: a reference to it or its definition. */
export function symbolAt(ctx: ServerContext, doc: DocumentState, offset: number): { definition: SymbolDefinition; span: Span } | undefined {
  for (const analysis of ctx.analysesIncluding(doc.path)) {
    const checked = analysis.result.checked;
    if (!checked) continue;
    const reference = checked.references.find((r) => r.file === doc.path && touches(r.span, offset));
    if (reference) return { definition: reference.definition, span: reference.span };
    const definition = checked.definitions.find((d) => d.file === doc.path && touches(d.span, offset));
    if (definition) return { definition, span: definition.span };
  }
  return undefined;
}

/** The definition and every reference to it, across the files that can see it. */
export function occurrences(ctx: ServerContext, definition: SymbolDefinition, workspace: boolean): Occurrence[] {
  const key = keyOf(definition);
  const found = new Map<string, Occurrence>();
  found.set(`${definition.file}:${definition.span.start}`, { file: definition.file, span: definition.span, isDefinition: true });
  for (const analysis of ctx.analysesIncluding(definition.file, workspace)) {
    for (const reference of analysis.result.checked?.references ?? []) {
      if (keyOf(reference.definition) !== key) continue;
      const at = `${reference.file}:${reference.span.start}`;
      if (!found.has(at)) found.set(at, { file: reference.file, span: reference.span, isDefinition: false });
    }
  }
  return [...found.values()];
}

function location(ctx: ServerContext, file: string, span: Span): Location | undefined {
  const source = ctx.files.source(file);
  return source ? { uri: ctx.files.uriOf(file), range: rangeOf(source, span) } : undefined;
}

export function definition(ctx: ServerContext, params: DefinitionParams): Location | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const offset = offsetAt(doc.source, params.position);
  const symbol = symbolAt(ctx, doc, offset);
  if (symbol) return location(ctx, symbol.definition.file, symbol.definition.span) ?? null;
  // `import "blocks.nnet"`: the imported file.
  const path = nodePathAt(doc.ast, offset);
  const decl = path[1];
  if (decl?.kind === 'Import' && touches(decl.path.span, offset)) {
    const target = nodePath.resolve(nodePath.dirname(doc.path), decl.path.value);
    if (ctx.files.readFile(target) !== undefined) return { uri: ctx.files.uriOf(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return null;
}

export function references(ctx: ServerContext, params: ReferenceParams): Location[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position));
  if (!symbol) return [];
  return occurrences(ctx, symbol.definition, true)
    .filter((o) => params.context?.includeDeclaration !== false || !o.isDefinition)
    .flatMap((o) => location(ctx, o.file, o.span) ?? []);
}

export function documentHighlight(ctx: ServerContext, params: DocumentHighlightParams): DocumentHighlight[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position));
  if (!symbol) return [];
  return occurrences(ctx, symbol.definition, false)
    .filter((o) => o.file === doc.path)
    .map((o) => ({
      range: rangeOf(doc.source, o.span),
      kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
}

export function prepareRename(ctx: ServerContext, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position));
  if (!symbol || doc.source.text.slice(symbol.span.start, symbol.span.end) !== symbol.definition.name) return null;
  return { range: rangeOf(doc.source, symbol.span), placeholder: symbol.definition.name };
}

export function rename(ctx: ServerContext, params: RenameParams): WorkspaceEdit | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc || !identifier.test(params.newName) || keywords.has(params.newName)) return null;
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position));
  if (!symbol) return null;
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of occurrences(ctx, symbol.definition, true)) {
    const source = ctx.files.source(occurrence.file);
    // Only where the text still reads the old name: a stale span must never corrupt a file.
    if (!source || source.text.slice(occurrence.span.start, occurrence.span.end) !== symbol.definition.name) continue;
    const uri = ctx.files.uriOf(occurrence.file);
    (changes[uri] ??= []).push({ range: rangeOf(source, occurrence.span), newText: params.newName });
  }
  return { changes };
}
