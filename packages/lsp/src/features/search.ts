// The editor's view of `search` declarations: a code lens on each with its number of trials, how
// they are chosen and the range of parameter counts across the space (from the checked search),
// and hover on a searched key or value with its distribution and what it sets.

import { describeDistribution, describeSearch, type Node, type SearchEntry } from '@nnet/compiler';
import type { CodeLens } from 'vscode-languageserver';
import type { DocumentState } from '../context.js';
import { rangeOf } from '../positions.js';

export function searchCodeLenses(doc: DocumentState): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const search of doc.analysis.result.checked?.searches ?? []) {
    if (search.file !== doc.path) continue;
    const at = { start: search.span.start, end: search.span.start };
    const title = search.hasErrors
      ? `search ${search.name}: fix its errors to see its trials`
      : `${describeSearch(search)} · nnc search --search ${search.name}`;
    lenses.push({ range: rangeOf(doc.source, at), command: { title, command: '' } });
  }
  return lenses;
}

const targetWords: Record<string, string> = {
  'model-parameter': 'a parameter of the model',
  const: 'a constant of the file',
  setting: 'a setting of the train run',
  'optimizer-argument':
    "an argument of the run's optimizer (used only by the optimizers that take it)",
};

/** Hover inside `key in values`: the key's distribution and what it sets; undefined elsewhere. */
export function searchHover(doc: DocumentState, path: readonly Node[]): string | undefined {
  const entry = [...path].reverse().find((n): n is SearchEntry => n.kind === 'SearchEntry');
  if (!entry || entry.operator !== 'in') return undefined;
  const search = doc.analysis.result.checked?.searches.find(
    (s) => s.span.start <= entry.span.start && entry.span.end <= s.span.end,
  );
  const index = search?.sources.findIndex((s) => s.span.start === entry.span.start) ?? -1;
  if (!search || index < 0) return undefined;
  const dimension = search.dimensions[index];
  const source = search.sources[index];
  return [
    `**${dimension.key}** — searched: ${describeDistribution(dimension.distribution)}.`,
    `\`${dimension.key}\` is ${targetWords[source.target] ?? 'a key'} \`${search.run}\`; every trial of \`${search.name}\` writes its value there.`,
  ].join('\n\n');
}
