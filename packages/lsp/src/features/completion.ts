// Completion in context: top-level keywords; in a model or block body the layers, activations,
// blocks and named values; in an argument list the argument names and the values the argument takes;
// in a train run its settings and, after `loss =` etc., the table that setting reads.

import * as nodePath from 'node:path';
import {
  CompletionItemKind,
  type CompletionItem,
  type CompletionParams,
} from 'vscode-languageserver';
import { declarationAt, valuesBefore } from '../ast-query.js';
import { isActivationName, paramForArgument, resolveCall, visibleBlocks } from '../calls.js';
import {
  cursorContext,
  enclosing,
  placeOfCall,
  type CursorContext,
  type Frame,
} from '../completion-context.js';
import type { DocumentState, ServerContext } from '../context.js';
import { offsetAt, positionAt } from '../positions.js';
import { declarationSnippets, withSnippets } from './snippets.js';
import {
  addEntries,
  addParamNames,
  addTrainSettings,
  addValuesOfType,
  callSnippet,
  ItemBuilder,
  paramType,
} from './completion-items.js';

export function completion(ctx: ServerContext, params: CompletionParams): CompletionItem[] {
  const doc = ctx.document(params.textDocument.uri);
  if (!doc) return [];
  const offset = offsetAt(doc.source, params.position);
  const cc = cursorContext(doc.source.text, offset);
  if (cc.inComment) return [];
  // Completion triggered right after `=`, `,`, `->` or `{` inserts a space first: `loss = mse`.
  const pad =
    cc.stringStart === undefined && /[=,>{]/.test(doc.source.text[cc.wordStart - 1] ?? '')
      ? ' '
      : '';
  const range = {
    start: positionAt(doc.source, cc.wordStart),
    end: positionAt(doc.source, offset),
  };
  const builder = new ItemBuilder(range, ctx.support.snippets, pad);
  const c = new Completer(ctx, doc, offset, cc, builder);
  c.complete();
  return builder.items;
}

class Completer {
  constructor(
    private readonly ctx: ServerContext,
    private readonly doc: DocumentState,
    private readonly offset: number,
    private readonly cc: CursorContext,
    private readonly items: ItemBuilder,
  ) {}

  complete(): void {
    const frame = this.cc.frames[this.cc.frames.length - 1];
    const tokens = this.cc.tokens;
    if (this.cc.stringStart !== undefined) {
      if (!frame && tokens[0] === 'import') this.importPaths();
      else if (frame?.owner === 'call') this.callArgument(frame, true);
      return;
    }
    if (!frame) return this.topLevel();
    switch (frame.owner) {
      case 'model':
      case 'block':
      case 'repeat':
        return this.body();
      case 'train':
        return this.trainBody();
      case 'call':
        return this.callArgument(frame, false);
      case 'with':
        return this.withField(frame);
      case 'object':
        return this.objectField(frame);
      case 'list':
        if (frame.field === 'metrics' && enclosing(this.cc, ['train']))
          return addEntries(this.items, this.ctx.catalogue, 'metric');
        return this.constants();
      case 'params':
        return;
      default:
        return this.constants();
    }
  }

  private topLevel(): void {
    const tokens = this.cc.tokens;
    if (tokens.length === 0) {
      for (const snippet of declarationSnippets)
        this.items.add(snippet.label, CompletionItemKind.Keyword, {
          snippet: snippet.body,
          detail: snippet.detail,
        });
      return;
    }
    if (tokens[0] === 'train' && tokens.length === 1) return this.declarations('Model');
    if (tokens[0] === 'train' && tokens.length === 2)
      return this.items.add('as', CompletionItemKind.Keyword);
    if (tokens[0] === 'const' && tokens.includes('=')) return this.constants();
  }

  private body(): void {
    const tokens = this.cc.tokens;
    const last = tokens[tokens.length - 1];
    const inBlock = enclosing(this.cc, ['model', 'block'])?.owner === 'block';
    const statementStart = tokens.length === 0;
    const afterTarget = tokens.length === 2 && tokens[1] === '=';
    if (statementStart) {
      for (const keyword of ['input', 'output', 'repeat']) {
        const snippet =
          keyword === 'input'
            ? 'input ${1:x}: [${2:2}]'
            : keyword === 'repeat'
              ? 'repeat ${1:2} {\n\t$0\n}'
              : 'output ';
        if (keyword !== 'input' || !inBlock)
          this.items.add(keyword, CompletionItemKind.Keyword, { snippet, rank: 8 });
      }
    }
    if (statementStart || afterTarget || last === '->') {
      addEntries(this.items, this.ctx.catalogue, 'layer', 2);
      addEntries(this.items, this.ctx.catalogue, 'activation', 3);
      for (const block of visibleBlocks(this.doc.analysis)) {
        const params = block.decl.params.map((p) => ({ name: p.name.name, required: !p.default }));
        this.items.add(block.decl.name.name, CompletionItemKind.Class, {
          snippet: callSnippet(block.decl.name.name, params),
          detail: 'block',
          ...(block.decl.doc ? { doc: block.decl.doc } : {}),
          rank: 1,
        });
      }
      if (last !== '->') this.values(inBlock, 1);
      return;
    }
    if (tokens[0] === 'output') return this.values(inBlock, 0);
    if (tokens[0] === 'repeat') return this.constants();
    if (tokens[0] === 'input' && last === ':')
      return this.items.add('int', CompletionItemKind.Keyword, { detail: 'integer ids: int[…]' });
    if (last === '<group>' || (tokens.length === 1 && /^[A-Za-z_]/.test(tokens[0]))) {
      for (const snippet of withSnippets)
        this.items.add(snippet.label, CompletionItemKind.Keyword, {
          snippet: snippet.body,
          detail: snippet.detail,
        });
    }
  }

  private values(inBlock: boolean, rank: number): void {
    const decl = declarationAt(this.doc.ast, this.offset);
    if (decl?.kind === 'Model' || decl?.kind === 'Block') {
      for (const value of valuesBefore(decl, this.offset))
        this.items.add(value.name, CompletionItemKind.Variable, { detail: 'named value', rank });
    }
    if (inBlock)
      this.items.add('in', CompletionItemKind.Variable, { detail: "the block's input", rank });
  }

  private constants(rank = 4): void {
    const decl = declarationAt(this.doc.ast, this.offset);
    if (decl?.kind === 'Model' || decl?.kind === 'Block') {
      for (const p of decl.params)
        this.items.add(p.name.name, CompletionItemKind.Variable, {
          detail: `parameter of ${decl.name.name}`,
          rank,
        });
    }
    this.declarations('Const', rank);
  }

  /** Consts or models of this file and of the files it imports. */
  private declarations(kind: 'Const' | 'Model', rank = 4): void {
    const files = [
      this.doc.ast,
      ...[...(this.doc.analysis.result.program?.files.values() ?? [])].map((f) => f.ast),
    ];
    for (const file of files) {
      for (const d of file.declarations) {
        if (d.kind !== kind) continue;
        const itemKind = kind === 'Const' ? CompletionItemKind.Constant : CompletionItemKind.Class;
        this.items.add(d.name.name, itemKind, {
          detail: kind === 'Const' ? 'const' : 'model',
          ...(d.doc ? { doc: d.doc } : {}),
          rank,
        });
      }
    }
  }

  private callArgument(frame: Frame, inString: boolean): void {
    const call = frame.callee
      ? resolveCall(this.ctx, this.doc.analysis, frame.callee, placeOfCall(this.cc, frame))
      : undefined;
    const tokens = this.cc.tokens;
    if (!call) return inString ? undefined : this.constants();
    const written = frame.args.map((a) => ({
      ...(a.name ? { name: a.name } : {}),
      ...(a.firstWord && !a.name
        ? {
            isActivation: isActivationName(this.ctx, a.firstWord),
            isValue: !isActivationName(this.ctx, a.firstWord),
          }
        : {}),
    }));
    const current = frame.args[frame.args.length - 1];
    if (current && !current.name) delete written[written.length - 1].isValue;
    const named = tokens.length === 2 && tokens[1] === '=' && current?.name;
    const param = named
      ? call.params.find((p) => p.name === current.name)
      : paramForArgument(call, written, written.length - 1);
    if (inString) {
      addValuesOfType(this.items, this.ctx.catalogue, paramType(param), true);
      return;
    }
    if (!named && tokens.length > 0) return this.constants();
    if (!named) {
      // Arguments already given, by name or by position, are not offered again.
      const given = new Set<string>();
      for (let i = 0; i < written.length - 1; i++) {
        const filled = paramForArgument(call, written, i);
        if (filled) given.add(filled.name);
      }
      addParamNames(this.items, call, given);
    }
    const listed = addValuesOfType(this.items, this.ctx.catalogue, paramType(param), false);
    if (
      !named &&
      call.activationParam &&
      written.length > 1 &&
      !written.some((w) => w.isActivation || w.name === call.activationParam)
    ) {
      addEntries(this.items, this.ctx.catalogue, 'activation', 3);
    }
    if (call.leadingValues && !named)
      this.values(enclosing(this.cc, ['model', 'block'])?.owner === 'block', 0);
    if (!listed) this.constants();
  }

  private trainBody(): void {
    const tokens = this.cc.tokens;
    if (tokens.length === 0) {
      const decl = declarationAt(this.doc.ast, this.offset);
      const present = new Set(
        decl?.kind === 'Train'
          ? decl.fields.filter((f) => f.span.end < this.offset).map((f) => f.name.name)
          : [],
      );
      return addTrainSettings(this.items, this.ctx.catalogue, present);
    }
    if (tokens.length !== 2 || tokens[1] !== '=') return;
    const setting = this.ctx.catalogue.trainSettings.get(tokens[0]);
    if (!setting) return;
    switch (setting.value.kind) {
      case 'loss':
        return addEntries(this.items, this.ctx.catalogue, 'loss');
      case 'optimizer':
        return addEntries(this.items, this.ctx.catalogue, 'optimizer');
      case 'data':
        return addEntries(this.items, this.ctx.catalogue, 'data source');
      case 'metrics':
        return this.items.add('[…]', CompletionItemKind.Snippet, {
          snippet: '[${1:accuracy}]',
          detail: 'a list of metrics',
        });
      case 'object':
        return this.items.add('{…}', CompletionItemKind.Snippet, {
          snippet: `{ ${setting.example.replace(/^\{\s*|\s*\}$/g, '')} }`,
          detail: setting.example,
        });
      case 'typed':
        if (!addValuesOfType(this.items, this.ctx.catalogue, setting.value.type, false))
          this.constants();
        return;
    }
  }

  private withField(frame: Frame): void {
    const tokens = this.cc.tokens;
    if (tokens.length === 2 && tokens[1] === '=') {
      if (tokens[0] === 'init') return addEntries(this.items, this.ctx.catalogue, 'initializer');
      if (tokens[0] === 'trainable')
        return void addValuesOfType(this.items, this.ctx.catalogue, { kind: 'bool' }, false);
      this.items.add('load', CompletionItemKind.Function, {
        snippet: 'load("${1:weights.safetensors}", "${2:name}")',
        detail: 'weights from a safetensors file',
      });
      return;
    }
    if (tokens.length > 0) return;
    const names = new Set<string>();
    const withStart = frame.offset;
    for (const analysis of this.ctx.analysesIncluding(this.doc.path)) {
      for (const graph of analysis.result.checked?.models ?? []) {
        for (const node of graph.nodes) {
          const span = node.location.span;
          if (
            node.location.file === this.doc.path &&
            span.start < withStart &&
            withStart < span.end
          )
            node.weights.forEach((w) => names.add(w.name));
        }
      }
    }
    for (const name of names.size ? names : ['weights', 'bias'])
      this.items.add(name, CompletionItemKind.Property, {
        snippet: `${name} = $0`,
        detail: 'weight',
        rank: 1,
      });
    this.items.add('init', CompletionItemKind.Property, {
      snippet: 'init = $0',
      detail: 'initializer',
      rank: 2,
    });
    this.items.add('trainable', CompletionItemKind.Property, {
      snippet: 'trainable = ${1:false}',
      detail: 'freeze the weights',
      rank: 2,
    });
  }

  private objectField(frame: Frame): void {
    const setting = frame.field ? this.ctx.catalogue.trainSettings.get(frame.field) : undefined;
    if (setting?.value.kind !== 'object') return;
    const tokens = this.cc.tokens;
    if (tokens.length === 2 && tokens[1] === '=') {
      if (tokens[0] !== 'monitor') return this.constants();
      const decl = declarationAt(this.doc.ast, this.offset);
      const metricsField =
        decl?.kind === 'Train' ? decl.fields.find((f) => f.name.name === 'metrics') : undefined;
      const metrics =
        metricsField?.value.kind === 'List'
          ? metricsField.value.items.flatMap((i) =>
              i.kind === 'Name' ? [i.name.name] : i.kind === 'Call' ? [i.callee.name] : [],
            )
          : [];
      for (const name of ['loss', ...metrics]) {
        this.items.add(name, CompletionItemKind.EnumMember, { rank: 1 });
        this.items.add(`val_${name}`, CompletionItemKind.EnumMember, { rank: 0 });
      }
      return;
    }
    if (tokens.length > 0) return;
    for (const field of setting.value.fields)
      this.items.add(field.name, CompletionItemKind.Property, {
        snippet: `${field.name} = $0`,
        doc: field.doc,
        rank: 1,
      });
  }

  private importPaths(): void {
    const dir = nodePath.dirname(this.doc.path);
    const entries = (this.ctx.files.fileSystem.listFolder(dir) ?? [])
      .map((entry) => entry.name)
      .filter((f) => f.endsWith('.nnet') && nodePath.join(dir, f) !== this.doc.path);
    for (const entry of entries.slice(0, 200))
      this.items.add(entry, CompletionItemKind.File, { rank: 1 });
  }
}
