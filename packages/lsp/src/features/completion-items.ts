// Completion items built from the catalogue and the user's declarations: layers (with snippets for
// their required arguments), activations, losses, optimizers, metrics, data sources, initializers,
// train settings, argument names and values, blocks, models, consts and named values.

import type { ArgSpec, ArgType, Catalogue } from '@nnet/compiler';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import type { CallInfo, ParamInfo } from '../calls.js';
import {
  argTypeText,
  editorMarkdown,
  entryMarkdown,
  findEntries,
  trainSettingMarkdown,
  type EntryKind,
} from '../describe.js';

export interface ItemOptions {
  snippet?: string;
  /** Open signature help once the item is accepted (a call whose arguments come next). */
  parameterHints?: boolean;
  detail?: string;
  doc?: string;
  /** Groups items: lower sorts first. */
  rank?: number;
}

export class ItemBuilder {
  readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();

  /** `pad` is put before each insertion: a space after a trigger such as `=` or `,`. */
  constructor(
    private readonly range: Range,
    private readonly snippets: boolean,
    private readonly pad = '',
  ) {}

  add(label: string, kind: CompletionItemKind, options: ItemOptions = {}): void {
    if (!label || this.seen.has(label)) return;
    this.seen.add(label);
    const useSnippet = this.snippets && options.snippet !== undefined;
    const newText = useSnippet
      ? options.snippet!
      : options.snippet !== undefined
        ? stripSnippet(options.snippet)
        : label;
    this.items.push({
      label,
      kind,
      sortText: `${options.rank ?? 5}_${label}`,
      textEdit: { range: this.range, newText: this.pad + newText },
      ...(useSnippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(options.parameterHints && newText.includes('(')
        ? { command: { title: 'Signature help', command: 'editor.action.triggerParameterHints' } }
        : {}),
      ...(options.detail ? { detail: options.detail } : {}),
      ...(options.doc ? { documentation: { kind: MarkupKind.Markdown, value: options.doc } } : {}),
    });
  }
}

/** `${1:units}` → `units`, `$0` → nothing: the plain text of a snippet. */
function stripSnippet(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

/** `dense(${1:units})`: a call with placeholders for the required arguments, or the bare name. */
export function callSnippet(
  name: string,
  args: readonly { name: string; required?: boolean }[],
  leadingValues = false,
): string {
  const placeholders = leadingValues
    ? ['a', 'b']
    : args.filter((a) => a.required).map((a) => a.name);
  if (placeholders.length === 0) return name;
  return `${name}(${placeholders.map((p, i) => `\${${i + 1}:${p}}`).join(', ')})`;
}

const entryKinds: Record<EntryKind, CompletionItemKind> = {
  layer: CompletionItemKind.Function,
  activation: CompletionItemKind.Function,
  loss: CompletionItemKind.Function,
  optimizer: CompletionItemKind.Function,
  metric: CompletionItemKind.Function,
  'data source': CompletionItemKind.Function,
  initializer: CompletionItemKind.EnumMember,
  'train setting': CompletionItemKind.Property,
};

const tableOf: Record<Exclude<EntryKind, 'train setting'>, Exclude<keyof Catalogue, 'synonyms'>> = {
  layer: 'layers',
  activation: 'activations',
  loss: 'losses',
  optimizer: 'optimizers',
  metric: 'metrics',
  'data source': 'dataSources',
  initializer: 'initializers',
};

/** Every entry of one table (activations under their aliases too). */
export function addEntries(
  builder: ItemBuilder,
  catalogue: Catalogue,
  kind: Exclude<EntryKind, 'train setting'>,
  rank = 5,
): void {
  for (const spec of catalogue[tableOf[kind]].values()) {
    const s = spec as {
      name: string;
      aliases?: readonly string[];
      summary: string;
      args?: readonly ArgSpec[];
      inputsAsArguments?: boolean;
    };
    const entry = findEntries(catalogue, s.name, [kind])[0];
    for (const name of [s.name, ...(s.aliases ?? [])]) {
      builder.add(name, entryKinds[kind], {
        snippet:
          kind === 'layer' || kind === 'data source'
            ? callSnippet(name, s.args ?? [], s.inputsAsArguments)
            : name,
        parameterHints: true,
        detail: `${kind}: ${s.summary}`,
        ...(entry ? { doc: entryMarkdown(entry) } : {}),
        rank,
      });
    }
  }
}

export function addTrainSettings(
  builder: ItemBuilder,
  catalogue: Catalogue,
  present: ReadonlySet<string>,
): void {
  for (const spec of catalogue.trainSettings.values()) {
    if (present.has(spec.name)) continue;
    builder.add(spec.name, CompletionItemKind.Property, {
      snippet: `${spec.name} = \${1:${spec.example.replace(/[}$\\]/g, (c) => `\\${c}`)}}`,
      detail: `train setting${spec.required ? ' (required)' : ''}`,
      doc: trainSettingMarkdown(catalogue, spec.name) ?? spec.doc,
      rank: spec.required ? 1 : 2,
    });
  }
}

/** `units = `, `kernel = `: the parameters not given yet. */
export function addParamNames(
  builder: ItemBuilder,
  call: CallInfo,
  given: ReadonlySet<string>,
): void {
  for (const param of call.params) {
    if (given.has(param.name)) continue;
    builder.add(`${param.name} =`, CompletionItemKind.Property, {
      snippet: `${param.name} = $0`,
      detail: param.label,
      doc: editorMarkdown(param.doc),
      rank: 1,
    });
  }
}

/** Values a parameter of this type accepts that the editor can list: words, booleans, activations. */
export function addValuesOfType(
  builder: ItemBuilder,
  catalogue: Catalogue,
  type: ArgType | undefined,
  inString: boolean,
): boolean {
  if (!type) return false;
  switch (type.kind) {
    case 'enum':
      for (const value of type.values) {
        builder.add(inString ? value : `"${value}"`, CompletionItemKind.EnumMember, {
          detail: argTypeText(type),
          rank: 0,
        });
      }
      return true;
    case 'bool':
      if (inString) return true;
      builder.add('true', CompletionItemKind.Keyword, { rank: 0 });
      builder.add('false', CompletionItemKind.Keyword, { rank: 0 });
      return true;
    case 'activation':
      if (!inString) addEntries(builder, catalogue, 'activation', 0);
      return true;
    default:
      return false;
  }
}

export function paramType(param: ParamInfo | undefined): ArgType | undefined {
  return param?.spec?.type;
}
