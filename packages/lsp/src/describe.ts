// Words and Markdown for the editor: shapes, counts, argument types, and a catalogue entry's
// documentation with its formula and arguments. Reads only the catalogue and the summary, so hover,
// completion and signature help describe the vocabulary exactly as the compiler knows it.

import {
  markdownWithUnicodeMath,
  summarize,
  type ArgSpec,
  type Convention,
  type ArgType,
  type ArgValue,
  type Catalogue,
  type ModelGraph,
  type ModelSummary,
  type Shape,
} from '@nnet/compiler';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatShape(shape: Shape | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '[?]';
}

const summaries = new WeakMap<ModelGraph, Map<Convention, ModelSummary>>();

/** The summary of a graph under a convention, computed once per checked graph. */
export function summaryOf(
  graph: ModelGraph,
  catalogue: Catalogue,
  convention: Convention = 'keras',
): ModelSummary {
  let byConvention = summaries.get(graph);
  if (!byConvention) summaries.set(graph, (byConvention = new Map()));
  let summary = byConvention.get(convention);
  if (!summary) byConvention.set(convention, (summary = summarize(graph, catalogue, convention)));
  return summary;
}

export function argTypeText(type: ArgType): string {
  switch (type.kind) {
    case 'int':
      return type.min !== undefined ? `int ≥ ${type.min}` : 'int';
    case 'number':
      return type.min !== undefined ? `number ≥ ${type.min}` : 'number';
    case 'enum':
      return type.values.map((v) => `"${v}"`).join(' | ');
    case 'intTuple':
      return `int or [${Array.from({ length: type.length }, () => 'int').join(', ')}]`;
    case 'ints':
      return '[int, …]';
    case 'numbers':
      return '[number, …]';
    case 'strings':
      return '[string, …]';
    default:
      return type.kind;
  }
}

export function valueText(value: ArgValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => valueText(v)).join(', ')}]`;
  const activation = (value as { activation?: unknown }).activation;
  if (typeof activation === 'string') return activation;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k} = ${valueText(v as ArgValue)}`)
    .join(', ')} }`;
}

/** `units`, `activation?`, `use_bias = true`: one argument as written in a signature. */
export function argLabel(arg: ArgSpec): string {
  if (arg.default !== undefined) return `${arg.name} = ${valueText(arg.default)}`;
  return arg.required ? arg.name : `${arg.name}?`;
}

export function argumentsMarkdown(args: readonly ArgSpec[]): string {
  if (args.length === 0) return '';
  const lines = args.map((arg) => {
    const notes = [argTypeText(arg.type)];
    if (arg.required) notes.push('required');
    if (arg.default !== undefined) notes.push(`default \`${valueText(arg.default)}\``);
    if (arg.namedOnly) notes.push('by name only');
    return `- \`${arg.name}\` (${notes.join(', ')}): ${arg.doc}`;
  });
  return ['**Arguments**', '', ...lines].join('\n');
}

export type EntryKind =
  | 'layer'
  | 'activation'
  | 'loss'
  | 'optimizer'
  | 'metric'
  | 'data source'
  | 'initializer'
  | 'train setting';

export interface CatalogueEntry {
  kind: EntryKind;
  name: string;
  summary: string;
  doc: string;
  formula?: string;
  args: readonly ArgSpec[];
}

const tables: { kind: EntryKind; table: Exclude<keyof Catalogue, 'synonyms'> }[] = [
  { kind: 'layer', table: 'layers' },
  { kind: 'activation', table: 'activations' },
  { kind: 'loss', table: 'losses' },
  { kind: 'optimizer', table: 'optimizers' },
  { kind: 'metric', table: 'metrics' },
  { kind: 'data source', table: 'dataSources' },
  { kind: 'initializer', table: 'initializers' },
];

/** Every entry called `name` (an activation by an alias too), in the order of `preferred` first. */
export function findEntries(
  catalogue: Catalogue,
  name: string,
  preferred: readonly EntryKind[] = [],
): CatalogueEntry[] {
  const found: CatalogueEntry[] = [];
  for (const { kind, table } of tables) {
    for (const spec of catalogue[table].values()) {
      const s = spec as {
        name: string;
        aliases?: readonly string[];
        summary: string;
        doc: string;
        formula?: string;
        args?: readonly ArgSpec[];
      };
      if (s.name !== name && !s.aliases?.includes(name)) continue;
      found.push({
        kind,
        name: s.name,
        summary: s.summary,
        doc: s.doc,
        args: s.args ?? [],
        ...(s.formula ? { formula: s.formula } : {}),
      });
    }
  }
  const rank = (kind: EntryKind) =>
    preferred.includes(kind) ? preferred.indexOf(kind) : preferred.length;
  return found.sort((a, b) => rank(a.kind) - rank(b.kind));
}

/** Editors' hovers do not render TeX: each `$$…$$` and `$…$` formula is shown in Unicode math. */
export function editorMarkdown(doc: string): string {
  return markdownWithUnicodeMath(doc);
}

export function entryMarkdown(entry: CatalogueEntry): string {
  const parts = [`*${entry.kind}* **${entry.name}**`, editorMarkdown(entry.doc)];
  // The one-line plain formula only where the doc has no display formula (else it says it twice).
  if (entry.formula && !entry.doc.includes('$$')) parts.push(`Formula: \`${entry.formula}\``);
  const args = argumentsMarkdown(entry.args);
  if (args) parts.push(args);
  return parts.join('\n\n');
}

export function trainSettingMarkdown(catalogue: Catalogue, name: string): string | undefined {
  const spec = catalogue.trainSettings.get(name);
  if (!spec) return undefined;
  const parts = [
    `*train setting* **${spec.name}**`,
    editorMarkdown(spec.doc),
    `Example: \`${spec.name} = ${spec.example}\``,
  ];
  if (spec.default !== undefined) parts.push(`Default: \`${valueText(spec.default)}\``);
  if (spec.required) parts.push('Required.');
  if (spec.value.kind === 'object') parts.push(argumentsMarkdown(spec.value.fields));
  return parts.join('\n\n');
}

/** Parameters of some nodes of one graph, from the graph's summary rows. */
export function paramsOf(
  graph: ModelGraph,
  nodes: readonly { id: number }[],
  catalogue: Catalogue,
  convention: Convention = 'keras',
): { total: number; trainable: number } {
  const rows = summaryOf(graph, catalogue, convention).rows;
  let total = 0;
  let trainable = 0;
  for (const node of nodes) {
    total += rows[node.id]?.params.total ?? 0;
    trainable += rows[node.id]?.params.trainable ?? 0;
  }
  return { total, trainable };
}

export function paramsText(count: number): string {
  return `${formatCount(count)} param${count === 1 ? '' : 's'}`;
}
