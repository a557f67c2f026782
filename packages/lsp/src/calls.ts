// Calls as the editor sees them: `dense(…)`, `ResidualDense(…)`, `sgd(…)`, `leaky_relu(…)`. Takes a
// callee name and where it is written; produces its parameters (from the catalogue, or the block's
// declaration) and which parameter a written argument fills, as the checker binds them.

import type { ArgSpec, BlockDecl, SourceFile, SourceText } from '@nnet/compiler';
import type { Analysis } from './analysis.js';
import { argLabel, findEntries, type CatalogueEntry, type EntryKind } from './describe.js';
import type { ServerContext } from './context.js';

export interface ParamInfo {
  name: string;
  /** As shown in a signature: `units`, `activation?`, `use_bias = true`. */
  label: string;
  doc: string;
  spec?: ArgSpec;
  namedOnly: boolean;
}

export interface CallInfo {
  name: string;
  kind: EntryKind | 'block';
  params: ParamInfo[];
  /** The parameter a trailing activation name fills (`dense(10, relu)`). */
  activationParam?: string;
  /** Merges take named values first: `add(x, h)`. */
  leadingValues: boolean;
  entry?: CatalogueEntry;
  block?: { decl: BlockDecl; file: string };
}

/** Which tables a name written in this place is looked up in. */
export function kindsFor(place: string | undefined): EntryKind[] {
  switch (place) {
    case 'step':
      return ['layer', 'activation'];
    case 'loss':
      return ['loss'];
    case 'optimizer':
      return ['optimizer'];
    case 'data':
    case 'validation':
      return ['data source'];
    case 'metrics':
      return ['metric'];
    case 'init':
      return ['initializer'];
    case 'activation':
      return ['activation'];
    default:
      return [];
  }
}

/** Every block the analysis can see (the file's own and those of the files it imports). */
export function visibleBlocks(
  analysis: Analysis,
): { decl: BlockDecl; file: string; source: SourceText }[] {
  const out: { decl: BlockDecl; file: string; source: SourceText }[] = [];
  for (const [file, parsed] of analysis.result.program?.files ?? []) {
    for (const decl of parsed.ast.declarations)
      if (decl.kind === 'Block') out.push({ decl, file, source: parsed.source });
  }
  return out;
}

export function resolveCall(
  ctx: ServerContext,
  analysis: Analysis,
  name: string,
  place: string | undefined,
): CallInfo | undefined {
  if (place === 'step') {
    const block = visibleBlocks(analysis).find((b) => b.decl.name.name === name);
    if (block) return blockCall(block.decl, block.file, block.source);
  }
  const kinds = kindsFor(place);
  const entry = findEntries(ctx.catalogue, name, kinds).find(
    (e) => kinds.length === 0 || kinds.includes(e.kind),
  );
  if (!entry) return undefined;
  const layer = entry.kind === 'layer' ? ctx.catalogue.layers.get(entry.name) : undefined;
  return {
    name: entry.name,
    kind: entry.kind,
    params: entry.args.map((spec) => ({
      name: spec.name,
      label: argLabel(spec),
      doc: spec.doc,
      spec,
      namedOnly: spec.namedOnly ?? false,
    })),
    ...(layer?.activationArg ? { activationParam: layer.activationArg } : {}),
    leadingValues: layer?.inputsAsArguments ?? false,
    entry,
  };
}

function blockCall(decl: BlockDecl, file: string, source: SourceText): CallInfo {
  return {
    name: decl.name.name,
    kind: 'block',
    params: decl.params.map((p) => {
      const defaultText = p.default
        ? source.text.slice(p.default.span.start, p.default.span.end)
        : undefined;
      return {
        name: p.name.name,
        label: defaultText ? `${p.name.name} = ${defaultText}` : p.name.name,
        doc: `Parameter of block \`${decl.name.name}\`${defaultText ? ` (default \`${defaultText}\`)` : ''}.`,
        namedOnly: false,
      };
    }),
    leadingValues: false,
    block: { decl, file },
  };
}

export interface WrittenArgument {
  name?: string;
  /** A bare name that is an activation (`relu`): it fills the activation parameter. */
  isActivation?: boolean;
  /** A bare name that is a value in scope, for merges. */
  isValue?: boolean;
}

/** The parameter the argument at `index` fills, as the checker binds arguments. */
export function paramForArgument(
  call: CallInfo,
  written: readonly WrittenArgument[],
  index: number,
): ParamInfo | undefined {
  const arg = written[index];
  if (arg?.name !== undefined) return call.params.find((p) => p.name === arg.name);
  if (arg?.isActivation && call.activationParam)
    return call.params.find((p) => p.name === call.activationParam);
  let position = 0;
  for (let i = 0; i < index; i++) {
    const before = written[i];
    if (before.name !== undefined) continue;
    if (call.leadingValues && before.isValue && position === 0) continue;
    position++;
  }
  if (call.leadingValues && arg?.isValue && position === 0) return undefined;
  return call.params.filter((p) => !p.namedOnly)[position];
}

export function isActivationName(ctx: ServerContext, name: string): boolean {
  return findEntries(ctx.catalogue, name, ['activation']).some((e) => e.kind === 'activation');
}

/** The AST of a file in the analysis (the file itself, or one it imports). */
export function astOf(analysis: Analysis, file: string): SourceFile | undefined {
  return analysis.result.program?.files.get(file)?.ast;
}
