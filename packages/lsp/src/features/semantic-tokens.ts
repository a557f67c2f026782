// Semantic tokens: keywords, models, blocks, layers and activations (as library functions), losses,
// optimizers and the other catalogue names, consts, parameters, values, argument and setting names,
// enum words, numbers and strings. User names are classified by what the checker resolved them to.

import type { Node, SourceText } from '@nnet/compiler';
import {
  SemanticTokensBuilder,
  type SemanticTokens,
  type SemanticTokensLegend,
  type SemanticTokensParams,
} from 'vscode-languageserver';
import { walk } from '../ast-query.js';
import type { ServerContext } from '../context.js';
import { positionAt } from '../positions.js';

const tokenTypes = [
  'keyword',
  'class',
  'function',
  'variable',
  'parameter',
  'property',
  'enumMember',
  'number',
  'string',
] as const;
const tokenModifiers = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof tokenTypes)[number];
type Modifier = (typeof tokenModifiers)[number];

export const semanticTokensLegend: SemanticTokensLegend = {
  tokenTypes: [...tokenTypes],
  tokenModifiers: [...tokenModifiers],
};

const keywordOf: Partial<Record<Node['kind'], string>> = {
  Model: 'model',
  Block: 'block',
  Train: 'train',
  Const: 'const',
  Import: 'import',
  Input: 'input',
  Output: 'output',
  Repeat: 'repeat',
  With: 'with',
};

const kindToType: Record<string, [TokenType, Modifier[]]> = {
  const: ['variable', ['readonly']],
  parameter: ['parameter', []],
  value: ['variable', []],
  input: ['variable', []],
  model: ['class', []],
  block: ['function', []],
  run: ['class', []],
};

interface Token {
  start: number;
  length: number;
  type: TokenType;
  modifiers: Modifier[];
}

export function semanticTokens(ctx: ServerContext, params: SemanticTokensParams): SemanticTokens {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return { data: [] };
  const text = doc.source.text;
  const resolved = new Map<number, string>();
  const declared = new Set<number>();
  for (const analysis of ctx.analysesIncluding(doc.path)) {
    for (const r of analysis.result.checked?.references ?? [])
      if (r.file === doc.path) resolved.set(r.span.start, r.definition.kind);
    for (const d of analysis.result.checked?.definitions ?? []) {
      if (d.file !== doc.path) continue;
      resolved.set(d.span.start, d.kind);
      declared.add(d.span.start);
    }
  }
  const tokens: Token[] = [];
  const push = (start: number, length: number, type: TokenType, modifiers: Modifier[] = []) => {
    if (length > 0) tokens.push({ start, length, type, modifiers });
  };
  const names = libraryNames(ctx);
  const library = (name: string) => names.has(name);

  for (const node of walk(doc.ast)) {
    const keyword = keywordOf[node.kind];
    if (keyword && text.startsWith(keyword, node.span.start))
      push(node.span.start, keyword.length, 'keyword');
    switch (node.kind) {
      case 'Number':
        push(node.span.start, node.span.end - node.span.start, 'number');
        break;
      case 'String':
        push(node.span.start, node.span.end - node.span.start, 'string');
        break;
      case 'Bool':
        push(node.span.start, node.span.end - node.span.start, 'keyword');
        break;
      case 'Train': {
        const asAt = node.runName ? text.lastIndexOf('as', node.runName.span.start) : -1;
        if (asAt > node.model.span.end) push(asAt, 2, 'keyword');
        break;
      }
      case 'Argument':
        if (node.name)
          push(node.name.span.start, node.name.span.end - node.name.span.start, 'parameter');
        break;
      case 'Field':
        push(node.name.span.start, node.name.span.end - node.name.span.start, 'property');
        break;
      case 'Identifier': {
        const kind = resolved.get(node.span.start);
        const length = node.span.end - node.span.start;
        if (kind && kindToType[kind]) {
          const [type, modifiers] = kindToType[kind];
          push(
            node.span.start,
            length,
            type,
            declared.has(node.span.start) ? [...modifiers, 'declaration'] : modifiers,
          );
        } else if (node.name === 'in') push(node.span.start, length, 'keyword');
        else if (library(node.name)) push(node.span.start, length, 'function', ['defaultLibrary']);
        break;
      }
      case 'Name':
        if (
          !resolved.has(node.name.span.start) &&
          !library(node.name.name) &&
          node.name.name !== 'in'
        ) {
          push(node.name.span.start, node.name.span.end - node.name.span.start, 'enumMember');
        }
        break;
    }
  }
  return encode(doc.source, tokens);
}

const libraryNameSets = new WeakMap<object, Set<string>>();

/** Every name the catalogue knows (aliases included), and `load`, built once per catalogue. */
function libraryNames(ctx: ServerContext): Set<string> {
  let names = libraryNameSets.get(ctx.catalogue);
  if (!names) {
    names = new Set(['load']);
    // Every table of names (the synonyms are not names of nnet: they are reported as errors).
    const { synonyms: _foreign, ...tables } = ctx.catalogue;
    for (const table of Object.values(tables) as ReadonlyMap<
      string,
      { name: string; aliases?: readonly string[] }
    >[]) {
      for (const spec of table.values())
        for (const name of [spec.name, ...(spec.aliases ?? [])]) names.add(name);
    }
    libraryNameSets.set(ctx.catalogue, names);
  }
  return names;
}

function encode(source: SourceText, tokens: Token[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const seen = new Set<number>();
  let lastEnd = -1;
  for (const token of tokens.sort((a, b) => a.start - b.start)) {
    if (seen.has(token.start) || token.start < lastEnd) continue;
    const start = positionAt(source, token.start);
    const end = positionAt(source, token.start + token.length);
    if (end.line !== start.line) continue;
    seen.add(token.start);
    lastEnd = token.start + token.length;
    const modifiers = token.modifiers.reduce(
      (bits, m) => bits | (1 << tokenModifiers.indexOf(m)),
      0,
    );
    builder.push(
      start.line,
      start.character,
      token.length,
      tokenTypes.indexOf(token.type),
      modifiers,
    );
  }
  return builder.build();
}
