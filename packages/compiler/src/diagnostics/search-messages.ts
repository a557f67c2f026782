// The messages of `search` declarations (NN41xx, training), kept beside the main catalogue so that
// file stays under the size ceiling; messages.ts spreads them into `Messages`, so each code still
// appears in the one catalogue the docs, the tests and the language server read.

import { define } from './message-define.js';

export const SearchMessages = {
  SearchedArgumentOutsideSearch: define<{ name: string }>(
    'NN4101',
    'error',
    'Searched argument outside a search',
    (a) => `\`${a.name} in …\` chooses among values, which only a \`search\` does`,
    (a) => `write \`${a.name} = value\`, or move the choice into a \`search … over …\` declaration`,
  ),
  UnknownSearchRun: define<{ name: string; runs: string; suggestion?: string }>(
    'NN4102',
    'error',
    'Unknown run in a search',
    (a) => `\`${a.name}\` is not a train run of this file; its runs are ${a.runs || 'none'}`,
    (a) =>
      a.suggestion
        ? `did you mean \`${a.suggestion}\`?`
        : 'search over a `train` run of this file, named by `as name` or by its model',
  ),
  UnknownSearchKey: define<{ key: string; model: string; suggestion?: string }>(
    'NN4103',
    'error',
    'Unknown key in a search',
    (a) =>
      `\`${a.key}\` is not a parameter of model \`${a.model}\`, a constant, a train setting or an optimizer argument`,
    (a) =>
      a.suggestion
        ? `did you mean \`${a.suggestion}\`?`
        : `give the model a parameter, e.g. \`model ${a.model}(${a.key} = …)\`, and use it in its body`,
  ),
  EmptySearchRange: define<{ key: string; what: string }>(
    'NN4104',
    'error',
    'Empty search range',
    (a) => `\`${a.key}\` offers no value to try: ${a.what}`,
    () =>
      'list at least one value, e.g. `[32, 64]`, or give a range whose low end is below its high end',
  ),
  LogRangeThroughZero: define<{ key: string; low: string; high: string }>(
    'NN4105',
    'error',
    'Log range through zero',
    (a) =>
      `\`${a.key} in loguniform(${a.low}, ${a.high})\`: a log-uniform range must stay above 0, found a low end of ${a.low}`,
    () => 'start at a small positive value, e.g. `loguniform(1e-5, 1e-1)`, or use `uniform`',
  ),
  BadSearchValue: define<{ key: string; expected: string; found: string; help?: string }>(
    'NN4106',
    'error',
    'Bad search value',
    (a) => `\`${a.key}\`: expected ${a.expected}, found ${a.found}`,
    (a) => a.help,
  ),
  SearchValueRejected: define<{ values: string; problem: string; help?: string }>(
    'NN4107',
    'error',
    'Searched value rejected by the checker',
    (a) => `with ${a.values} the run does not check: ${a.problem}`,
    (a) => a.help ?? 'keep the searched values within what the model and the run accept',
  ),
  ConditionNeverHolds: define<{ key: string; takers: string; choices: string }>(
    'NN4108',
    'error',
    'Search condition that never holds',
    (a) =>
      `\`${a.key}\` is an argument of ${a.takers}, but the optimizer is always ${a.choices}, so it would never be used`,
    (a) =>
      `search it inside the optimizer that takes it, e.g. \`optimizer in [${a.takers.split(/[`, ]+/).filter(Boolean)[0] ?? 'sgd'}(${a.key} in [...]), adam]\`, or drop it`,
  ),
  GridNeedsValues: define<{ key: string }>(
    'NN4109',
    'error',
    'Grid over a continuous range',
    (a) => `\`method = grid\` cannot enumerate the continuous range of \`${a.key}\``,
    () => 'list the values to try, e.g. `[1e-3, 1e-2, 1e-1]`, or use `method = random(…)`',
  ),
  UnmonitoredSearchMetric: define<{ metric: string; expected: string; suggestion?: string }>(
    'NN4110',
    'error',
    'Search metric the run does not compute',
    (a) => `the run does not compute \`${a.metric}\`; it can report ${a.expected}`,
    (a) =>
      a.suggestion
        ? `did you mean \`${a.suggestion}\`?`
        : 'add the metric to the run (`metrics = [accuracy]`), or pick one it reports',
  ),
  RepeatsWithPruning: define<{ seeds: number; pruner: string }>(
    'NN4111',
    'error',
    'Repeated seeds with pruning',
    (a) =>
      `\`seeds = ${a.seeds}\` runs each trial's seeds one after the other and reports their mean, but \`prune = ${a.pruner}\` stops a trial on one run's curve`,
    () => 'drop `prune` to compare means over seeds, or use `seeds = 1` (the default) to prune',
  ),
  DuplicateSearchKey: define<{ key: string; first: string; line: number; nested: boolean }>(
    'NN4121',
    'error',
    'Key given twice in a search',
    (a) =>
      `\`${a.key}\` is already ${a.first} on line ${a.line}; a trial can take only one value for it`,
    (a) =>
      a.nested
        ? `search \`${a.key}\` in one place: inside the choice that takes it (used when that choice is drawn) or at the top level (used by every choice that takes it)`
        : 'keep one of the two: remove this line',
  ),
} as const;
