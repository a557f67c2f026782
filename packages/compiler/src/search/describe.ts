// One line per checked search, for `nnc check`, the editor's code lens and the goldens: its
// number of trials, how they are chosen, the range of parameter counts and the metric.

import type { CheckedSearch } from '../check/search.js';
import { gridSize } from './space.js';

const count = (n: number) => n.toLocaleString('en-US');

/** `24 trials (random of a continuous space), 51–1,251 parameters, maximize val_accuracy, …` */
export function describeSearch(search: CheckedSearch): string {
  const size = gridSize(search.dimensions);
  const space = Number.isFinite(size) ? `a grid of ${count(size)}` : 'a continuous space';
  const how =
    search.method === 'grid'
      ? search.trials < size
        ? `the first ${count(search.trials)} of a grid of ${count(size)}`
        : 'grid'
      : search.method === 'tpe'
        ? `TPE over ${space}, the first ${count(Math.min(search.trials, search.tpe?.startupTrials ?? 10))} at random`
        : `${search.method === 'asha' ? 'random, successive halving' : 'random'} over ${space}`;
  const params = search.paramRange
    ? search.paramRange[0] === search.paramRange[1]
      ? `${count(search.paramRange[0])} parameters`
      : `${count(search.paramRange[0])}–${count(search.paramRange[1])} parameters`
    : 'parameters unknown';
  const pruning =
    search.pruner === 'none'
      ? 'no pruning'
      : search.pruner === 'median'
        ? `median pruning after ${search.warmup} epoch${search.warmup === 1 ? '' : 's'}`
        : `successive halving from ${search.warmup} epoch${search.warmup === 1 ? '' : 's'}, keeping 1/${search.reduction}`;
  const budget = search.minutes ? `, at most ${search.minutes} min` : '';
  const repeats = search.seeds > 1 ? ` × ${search.seeds} seeds (their mean)` : '';
  return `${count(search.trials)} trial${search.trials === 1 ? '' : 's'} (${how})${repeats}, ${params}, ${search.maximize ? 'maximize' : 'minimize'} ${search.metric}, ${pruning}${budget}`;
}

/** `search Tune over Net: …` for each search without errors. */
export function describeSearches(searches: readonly CheckedSearch[]): string[] {
  return searches
    .filter((s) => !s.hasErrors)
    .map((s) => `search ${s.name} over ${s.run}: ${describeSearch(s)}`);
}
