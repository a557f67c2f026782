// `search` declarations: takes one with its file and the checked runs, produces a CheckedSearch
// (dimensions, method, metric and direction, budgets, the number of trials) and diagnostics for
// unknown keys, bad values, empty and log ranges through 0, grids over continuous ranges, metrics
// the run does not compute and optimizer arguments no choice takes. Values themselves are checked
// by checking the run with them (search-variants.ts).

import type { Catalogue } from '../catalogue/types.js';
import { monitoredQuantities } from '../catalogue/train-settings.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type * as ast from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import {
  findRunDecl,
  isKeyProblem,
  resolveKey,
  type Override,
  type OverrideTarget,
} from '../search/overrides.js';
import { gridSize, type ChoiceValue, type Dimension, type Distribution } from '../search/space.js';
import type { TpeOptions } from '../search/tpe.js';
import { numberOf } from './literal-number.js';
import { readMethod, readPruner } from './search-method.js';
import { listNames, suggestName } from './suggest.js';
import type { TrainRun } from './train.js';

export type SearchMethod = 'grid' | 'random' | 'asha' | 'tpe';
export type Pruner = 'none' | 'median' | 'asha';

/** Where a dimension (and each of its values) is written, for diagnostics and hover. */
export interface DimensionSource {
  key: string;
  target: OverrideTarget['kind'];
  span: Span;
  /** The span of each choice value, or of the whole range. */
  valueSpans: Span[];
}

export interface CheckedSearch {
  name: string;
  file: string;
  span: Span;
  nameSpan: Span;
  /** The run searched over, by its name. */
  run: string;
  dimensions: Dimension[];
  sources: DimensionSource[];
  /** `epochs = 5` inside the search: set for every trial. */
  fixed: Override[];
  method: SearchMethod;
  pruner: Pruner;
  /** Pruning starts after this many epochs (median) / the first rung's epochs (asha). */
  warmup: number;
  /** Successive halving keeps the best 1/reduction at each rung. */
  reduction: number;
  metric: string;
  maximize: boolean;
  /** The trials the search runs: the grid's size (capped by `trials`) or `trials`. */
  trials: number;
  minutes?: number;
  seed: number;
  /** `seeds = N`: each trial trains N times with its own seeds; its metric is their mean. */
  seeds: number;
  /** The TPE sampler's settings (method = tpe). */
  tpe?: TpeOptions;
  /** The parameter count at each point checked for paramRange (its shaping values). */
  shapeParams?: { values: Record<string, string | number>; params: number }[];
  /** Min and max parameter counts over the space (set by search-variants.ts). */
  paramRange?: [number, number];
  /** True when the declaration has errors: it is not run. */
  hasErrors: boolean;
}

const settingNames = [
  'method',
  'trials',
  'minutes',
  'maximize',
  'minimize',
  'prune',
  'seed',
  'seeds',
];
const distributionNames = ['uniform', 'loguniform', 'integers'];

export function checkSearchDecl(
  decl: ast.SearchDecl,
  file: ast.SourceFile,
  text: string,
  runs: readonly TrainRun[],
  catalogue: Catalogue,
  bag: DiagnosticBag,
): CheckedSearch | undefined {
  const errorsBefore = bag.items.filter((d) => d.severity === 'error').length;
  const runDecl = findRunDecl(file, decl.run.name);
  const run = runs.find((r) => r.name === decl.run.name && r.file === bag.file);
  if (!runDecl || !run) {
    const names = runs.filter((r) => r.file === bag.file).map((r) => r.name);
    const suggestion = suggestName(decl.run.name, names);
    bag.report(Messages.UnknownSearchRun, decl.run.span, {
      name: decl.run.name,
      runs: listNames(names, 'and'),
      ...(suggestion ? { suggestion } : {}),
    });
    return undefined;
  }
  const search: CheckedSearch = {
    name: decl.name.name,
    file: bag.file,
    span: decl.span,
    nameSpan: decl.name.span,
    run: run.name,
    dimensions: [],
    sources: [],
    fixed: [],
    method: 'random',
    pruner: 'none',
    warmup: 1,
    reduction: 3,
    metric: '',
    maximize: false,
    trials: 0,
    seed: 0,
    seeds: 1,
    hasErrors: false,
  };
  const slice = (span: Span) => text.slice(span.start, span.end);
  let trialsSetting: number | undefined;
  let metricEntry: ast.SearchEntry | undefined;
  let seedsEntry: ast.SearchEntry | undefined;
  reportDuplicateKeys(decl, text, bag);

  for (const entry of decl.entries) {
    const key = entry.name.name;
    if (entry.operator === '=' && settingNames.includes(key)) {
      switch (key) {
        case 'method':
          readMethod(entry, search, bag);
          break;
        case 'prune':
          readPruner(entry, search, bag);
          break;
        case 'trials':
          trialsSetting = wholeNumber(entry, 1, bag);
          break;
        case 'seed':
          search.seed = wholeNumber(entry, 0, bag) ?? 0;
          break;
        case 'seeds':
          search.seeds = wholeNumber(entry, 1, bag) ?? 1;
          seedsEntry = entry;
          break;
        case 'minutes': {
          const minutes = numberOf(entry.value);
          if (minutes === undefined || !(minutes > 0))
            bag.report(Messages.BadSearchValue, entry.value.span, {
              key,
              expected: 'a number of minutes above 0',
              found: `\`${slice(entry.value.span)}\``,
            });
          else search.minutes = minutes;
          break;
        }
        default:
          metricEntry = entry;
      }
      continue;
    }
    const target = resolveKey(key, file, runDecl, catalogue);
    if (isKeyProblem(target)) {
      bag.report(Messages.UnknownSearchKey, entry.name.span, {
        key,
        model: runDecl.model.name,
        ...(target.suggestion ? { suggestion: target.suggestion } : {}),
      });
      continue;
    }
    if (entry.operator === '=') {
      search.fixed.push({ key, value: slice(entry.value.span) });
      continue;
    }
    const read = readDistribution(key, entry.value, text, bag);
    if (!read) continue;
    search.dimensions.push({ key, distribution: read.distribution });
    search.sources.push({ key, target: target.kind, span: entry.span, valueSpans: read.spans });
  }

  readMetric(metricEntry, run, search, bag);
  if (search.method === 'grid') {
    for (const [i, dimension] of search.dimensions.entries()) {
      if (gridSize([dimension]) === Infinity)
        bag.report(Messages.GridNeedsValues, search.sources[i].span, { key: dimension.key });
    }
  }
  checkOptimizerArguments(search, run, catalogue, bag);
  const size = gridSize(search.dimensions);
  search.trials =
    search.method === 'grid'
      ? Math.min(size, trialsSetting ?? size)
      : (trialsSetting ?? Math.min(20, size));
  if (search.method === 'grid' && !Number.isFinite(search.trials)) search.trials = 0;
  if (search.method === 'asha' && search.pruner === 'none') search.pruner = 'asha';
  if (seedsEntry && search.seeds > 1 && search.pruner !== 'none')
    bag.report(Messages.RepeatsWithPruning, seedsEntry.span, {
      seeds: search.seeds,
      pruner: search.pruner,
    });
  search.hasErrors = bag.items.filter((d) => d.severity === 'error').length > errorsBefore;
  return search;
}

function readMetric(
  entry: ast.SearchEntry | undefined,
  run: TrainRun,
  search: CheckedSearch,
  bag: DiagnosticBag,
): void {
  const reported = monitoredQuantities(run.metrics.map((m) => m.name));
  const hasValidation = Array.isArray(run.settings.split)
    ? (run.settings.split as number[]).length > 1 && (run.settings.split as number[])[1] > 0
    : run.validation !== undefined;
  if (!entry) {
    search.metric = hasValidation ? 'val_loss' : 'loss';
    search.maximize = false;
    return;
  }
  search.maximize = entry.name.name === 'maximize';
  const name = entry.value.kind === 'Name' ? entry.value.name.name : undefined;
  const available = hasValidation ? reported : reported.filter((q) => !q.startsWith('val_'));
  if (name && available.includes(name)) {
    search.metric = name;
    return;
  }
  const suggestion = name ? suggestName(name, available) : undefined;
  bag.report(Messages.UnmonitoredSearchMetric, entry.value.span, {
    metric: name ?? 'this expression',
    expected: listNames(available),
    ...(suggestion ? { suggestion } : {}),
  });
}

/**
 * A key may be set once per trial: `width in …` twice, `width in …` beside `width = …`, or
 * `momentum in …` both at the top level and inside `sgd(momentum in …)` is one error, at the later
 * of the two (the trial would silently take one of them); a second top-level line gets a fix that
 * removes it. Search settings (`method`, `trials`, …) are read once each by their own rules.
 */
function reportDuplicateKeys(decl: ast.SearchDecl, text: string, bag: DiagnosticBag): void {
  const lineOf = (span: Span) => text.slice(0, span.start).split('\n').length;
  const topLevel = new Map<string, { what: string; span: Span; nameSpan: Span }>();
  for (const entry of decl.entries) {
    const key = entry.name.name;
    if (entry.operator === '=' && settingNames.includes(key)) continue;
    const first = topLevel.get(key);
    if (!first) {
      topLevel.set(key, {
        what: entry.operator === '=' ? 'set' : 'searched',
        span: entry.span,
        nameSpan: entry.name.span,
      });
      continue;
    }
    bag.report(
      Messages.DuplicateSearchKey,
      entry.name.span,
      { key, first: first.what, line: lineOf(first.span), nested: false },
      { fixes: [{ title: `remove this \`${key}\` line`, edits: [removeLine(entry.span, text)] }] },
    );
  }
  // Keys searched inside a choice (`sgd(momentum in …)`) against the top level; two choices may
  // each search the same argument (`[sgd(momentum in …), rmsprop(momentum in …)]`).
  for (const entry of decl.entries) {
    if (entry.operator !== 'in' || entry.value.kind !== 'List') continue;
    for (const item of entry.value.items) {
      if (item.kind !== 'Call') continue;
      for (const arg of item.args) {
        const top = arg.searched && arg.name ? topLevel.get(arg.name.name) : undefined;
        if (!top || !arg.name) continue;
        const nestedFirst = arg.span.start < top.span.start;
        bag.report(Messages.DuplicateSearchKey, nestedFirst ? top.nameSpan : arg.name.span, {
          key: arg.name.name,
          first: nestedFirst
            ? `searched inside \`${item.callee.name}(…)\``
            : `${top.what} at the top level`,
          line: lineOf(nestedFirst ? arg.span : top.span),
          nested: true,
        });
      }
    }
  }
}

/** An edit removing the whole line(s) of `span`, its line break included. */
function removeLine(span: Span, text: string): { span: Span; newText: string } {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  return { span: { start, end: newline < 0 ? span.end : newline + 1 }, newText: '' };
}

/** A whole number ≥ min, or a diagnostic. */
function wholeNumber(entry: ast.SearchEntry, min: number, bag: DiagnosticBag): number | undefined {
  const value = numberOf(entry.value);
  if (value !== undefined && Number.isSafeInteger(value) && value >= min) return value;
  bag.report(Messages.BadSearchValue, entry.value.span, {
    key: entry.name.name,
    expected: `a whole number ≥ ${min}`,
    found: value === undefined ? 'an expression' : String(value),
  });
  return undefined;
}

/** `[a, b]`, `uniform(lo, hi)`, `loguniform(lo, hi)` or `integers(lo, hi)`, with its checks. */
function readDistribution(
  key: string,
  expr: ast.Expr,
  text: string,
  bag: DiagnosticBag,
): { distribution: Distribution; spans: Span[] } | undefined {
  if (expr.kind === 'List') {
    if (expr.items.length === 0) {
      bag.report(Messages.EmptySearchRange, expr.span, { key, what: 'the list is empty' });
      return undefined;
    }
    const values: ChoiceValue[] = [];
    for (const item of expr.items) {
      const value = choiceValue(key, item, text, bag);
      if (!value) return undefined;
      values.push(value);
    }
    return { distribution: { kind: 'choice', values }, spans: expr.items.map((i) => i.span) };
  }
  if (expr.kind === 'Call' && distributionNames.includes(expr.callee.name)) {
    const kind = expr.callee.name as 'uniform' | 'loguniform' | 'integers';
    const numbers = expr.args.map((a) => numberOf(a.value));
    const [low, high] = numbers;
    if (expr.args.length !== 2 || low === undefined || high === undefined) {
      bag.report(Messages.BadSearchValue, expr.span, {
        key,
        expected: `\`${kind}(low, high)\` with two numbers`,
        found: `\`${text.slice(expr.span.start, expr.span.end)}\``,
      });
      return undefined;
    }
    if (kind === 'integers' && (!Number.isInteger(low) || !Number.isInteger(high))) {
      bag.report(Messages.BadSearchValue, expr.span, {
        key,
        expected: 'whole numbers for `integers(low, high)`',
        found: `${low} and ${high}`,
        help: 'use `uniform(low, high)` for a range of real numbers',
      });
      return undefined;
    }
    if (kind === 'loguniform' && low <= 0) {
      bag.report(Messages.LogRangeThroughZero, expr.args[0].span, {
        key,
        low: String(low),
        high: String(high),
      });
      return undefined;
    }
    if (kind === 'integers' ? low > high : low >= high) {
      bag.report(Messages.EmptySearchRange, expr.span, {
        key,
        what: `the low end ${low} is not below the high end ${high}`,
      });
      return undefined;
    }
    return { distribution: { kind, low, high }, spans: [expr.span] };
  }
  const suggestion =
    expr.kind === 'Call' ? suggestName(expr.callee.name, distributionNames) : undefined;
  bag.report(Messages.BadSearchValue, expr.span, {
    key,
    expected:
      'a list of values `[a, b, c]` or a range `uniform(low, high)`, `loguniform(low, high)` or `integers(low, high)`',
    found: `\`${text.slice(expr.span.start, expr.span.end)}\``,
    ...(suggestion ? { help: `did you mean \`${suggestion}\`?` } : {}),
  });
  return undefined;
}

/** One value of a list; a call's `name in …` arguments become dimensions nested in it. */
function choiceValue(
  key: string,
  item: ast.Expr,
  text: string,
  bag: DiagnosticBag,
): ChoiceValue | undefined {
  const written = text.slice(item.span.start, item.span.end);
  const number = numberOf(item);
  if (item.kind !== 'Call' || !item.args.some((a) => a.searched)) {
    return {
      text: written,
      label: item.kind === 'Call' ? item.callee.name : written,
      ...(number !== undefined ? { number } : {}),
      nested: [],
    };
  }
  const nested: Dimension[] = [];
  const kept: string[] = [];
  for (const arg of item.args) {
    if (!arg.searched || !arg.name) {
      kept.push(text.slice(arg.span.start, arg.span.end));
      continue;
    }
    const read = readDistribution(arg.name.name, arg.value, text, bag);
    if (!read) return undefined;
    nested.push({ key: arg.name.name, distribution: read.distribution });
  }
  return {
    text: `${item.callee.name}(${kept.join(', ')})`.replace('()', ''),
    label: item.callee.name,
    nested,
  };
}

/**
 * A searched optimizer argument (`momentum in …`) must be taken by some optimizer the trials use:
 * the run's own, or one of the `optimizer in […]` choices. Otherwise it would never be used.
 */
function checkOptimizerArguments(
  search: CheckedSearch,
  run: TrainRun,
  catalogue: Catalogue,
  bag: DiagnosticBag,
): void {
  const optimizerDimension = search.dimensions.find((d) => d.key === 'optimizer');
  const used =
    optimizerDimension?.distribution.kind === 'choice'
      ? optimizerDimension.distribution.values.map((v) => v.label)
      : [run.optimizer?.name ?? 'sgd'];
  for (const source of search.sources) {
    if (source.target !== 'optimizer-argument') continue;
    const takers = [...catalogue.optimizers.values()]
      .filter((o) => o.args.some((a) => a.name === source.key))
      .map((o) => o.name);
    if (used.some((name) => takers.includes(name))) continue;
    bag.report(Messages.ConditionNeverHolds, source.span, {
      key: source.key,
      takers: listNames(takers),
      choices: listNames(used),
    });
  }
}
