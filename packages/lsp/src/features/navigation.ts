// Go to definition, find references, rename and document highlight, from the definitions and
// references the checker records (values, inputs, consts, parameters, blocks, models, runs).
// Occurrences are gathered from every analysis that includes the defining file, so a block renamed
// in its library is renamed in every workspace file importing it.

import * as nodePath from 'node:path';
import type { Span } from '@nnet/compiler';
import {
  DocumentHighlightKind,
  ErrorCodes,
  ResponseError,
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
import type { Analysis } from '../analysis.js';
import { nodePathAt, walk } from '../ast-query.js';
import type { DocumentState, ServerContext } from '../context.js';
import { offsetAt, rangeOf, touches } from '../positions.js';
import { renameConflict } from './rename-conflicts.js';

type SymbolDefinition = NonNullable<
  DocumentState['analysis']['result']['checked']
>['definitions'][number];

interface Occurrence {
  file: string;
  span: Span;
  isDefinition: boolean;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywords = new Set([
  'model',
  'block',
  'train',
  'const',
  'import',
  'input',
  'output',
  'repeat',
  'with',
  'as',
  'in',
  'int',
  'true',
  'false',
]);

function keyOf(d: SymbolDefinition): string {
  return `${d.file}:${d.span.start}:${d.name}`;
}

/** The user-defined symbol under the cursor: a reference to it or its definition. */
export function symbolAt(
  ctx: ServerContext,
  doc: DocumentState,
  offset: number,
  workspace = false,
): { definition: SymbolDefinition; span: Span } | undefined {
  for (const analysis of ctx.analysesIncluding(doc.path, workspace)) {
    const checked = analysis.result.checked;
    if (!checked) continue;
    const reference = checked.references.find(
      (r) => r.file === doc.path && touches(r.span, offset),
    );
    if (reference) return { definition: reference.definition, span: reference.span };
    const definition = checked.definitions.find(
      (d) => d.file === doc.path && touches(d.span, offset),
    );
    if (definition) return { definition, span: definition.span };
    const inDefault = definition ? undefined : constInParameterDefault(analysis, doc.path, offset);
    if (inDefault) return inDefault;
  }
  return undefined;
}

/** The definition and every reference to it, across the files that can see it. */
export function occurrences(
  ctx: ServerContext,
  definition: SymbolDefinition,
  workspace: boolean,
): Occurrence[] {
  const key = keyOf(definition);
  const found = new Map<string, Occurrence>();
  found.set(`${definition.file}:${definition.span.start}`, {
    file: definition.file,
    span: definition.span,
    isDefinition: true,
  });
  for (const analysis of ctx.analysesIncluding(definition.file, workspace)) {
    for (const reference of analysis.result.checked?.references ?? []) {
      if (keyOf(reference.definition) !== key) continue;
      const at = `${reference.file}:${reference.span.start}`;
      if (!found.has(at))
        found.set(at, { file: reference.file, span: reference.span, isDefinition: false });
    }
    if (definition.kind !== 'const') continue;
    for (const use of parameterDefaultUses(analysis, definition)) {
      const at = `${use.file}:${use.span.start}`;
      if (!found.has(at)) found.set(at, { ...use, isDefinition: false });
    }
  }
  return [...found.values()];
}

/**
 * Consts used in parameter defaults (`block Wide(units = width)`): the checker evaluates defaults
 * without recording references, so they are found here by name, where no parameter shadows them.
 */
function parameterDefaultUses(
  analysis: Analysis,
  definition: SymbolDefinition,
): { file: string; span: Span }[] {
  const files = analysis.result.program?.files;
  if (!files) return [];
  const sees = (file: string, seen = new Set<string>()): boolean => {
    if (file === definition.file) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return (files.get(file)?.imports ?? []).some((f) => sees(f, seen));
  };
  const uses: { file: string; span: Span }[] = [];
  for (const [file, parsed] of files) {
    if (!sees(file)) continue;
    for (const decl of parsed.ast.declarations) {
      if (decl.kind !== 'Model' && decl.kind !== 'Block') continue;
      if (decl.params.some((p) => p.name.name === definition.name)) continue;
      for (const param of decl.params) {
        if (!param.default) continue;
        for (const node of walk(param.default))
          if (node.kind === 'Name' && node.name.name === definition.name)
            uses.push({ file, span: node.name.span });
      }
    }
  }
  return uses;
}

function constInParameterDefault(
  analysis: Analysis,
  file: string,
  offset: number,
): { definition: SymbolDefinition; span: Span } | undefined {
  const checked = analysis.result.checked;
  for (const definition of checked?.definitions ?? []) {
    if (definition.kind !== 'const') continue;
    const use = parameterDefaultUses(analysis, definition).find(
      (u) => u.file === file && touches(u.span, offset),
    );
    if (use) return { definition, span: use.span };
  }
  return undefined;
}

function location(ctx: ServerContext, file: string, span: Span): Location | undefined {
  const source = ctx.files.source(file);
  return source ? { uri: ctx.files.uriOf(file), range: rangeOf(source, span) } : undefined;
}

export function definition(ctx: ServerContext, params: DefinitionParams): Location | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const offset = offsetAt(doc.source, params.position);
  const symbol = symbolAt(ctx, doc, offset, true);
  if (symbol) return location(ctx, symbol.definition.file, symbol.definition.span) ?? null;
  // `import "blocks.nnet"`: the imported file.
  const path = nodePathAt(doc.ast, offset);
  const decl = path[1];
  if (decl?.kind === 'Import' && touches(decl.path.span, offset)) {
    const target = nodePath.resolve(nodePath.dirname(doc.path), decl.path.value);
    if (ctx.files.readFile(target) !== undefined)
      return {
        uri: ctx.files.uriOf(target),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      };
  }
  return null;
}

export function references(ctx: ServerContext, params: ReferenceParams): Location[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position), true);
  if (!symbol) return [];
  return occurrences(ctx, symbol.definition, true)
    .filter((o) => params.context?.includeDeclaration !== false || !o.isDefinition)
    .flatMap((o) => location(ctx, o.file, o.span) ?? []);
}

export function documentHighlight(
  ctx: ServerContext,
  params: DocumentHighlightParams,
): DocumentHighlight[] {
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

export function prepareRename(
  ctx: ServerContext,
  params: PrepareRenameParams,
): { range: Range; placeholder: string } | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return null;
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position), true);
  if (
    !symbol ||
    doc.source.text.slice(symbol.span.start, symbol.span.end) !== symbol.definition.name
  )
    return null;
  return { range: rangeOf(doc.source, symbol.span), placeholder: symbol.definition.name };
}

export function rename(
  ctx: ServerContext,
  params: RenameParams,
): WorkspaceEdit | ResponseError<void> | null {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc || !identifier.test(params.newName) || keywords.has(params.newName)) return null;
  const symbol = symbolAt(ctx, doc, offsetAt(doc.source, params.position), true);
  if (!symbol) return null;
  // Two values with one name would change what the model computes: refused, with the reason.
  const conflict = renameConflict(ctx, symbol.definition, params.newName);
  if (conflict) return new ResponseError(ErrorCodes.InvalidRequest, `cannot rename: ${conflict}`);
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of occurrences(ctx, symbol.definition, true)) {
    const source = ctx.files.source(occurrence.file);
    // Only where the text still reads the old name: a stale span must never corrupt a file.
    if (
      !source ||
      source.text.slice(occurrence.span.start, occurrence.span.end) !== symbol.definition.name
    )
      continue;
    const uri = ctx.files.uriOf(occurrence.file);
    (changes[uri] ??= []).push({
      range: rangeOf(source, occurrence.span),
      newText: params.newName,
    });
  }
  return { changes };
}
