// A search's `method = …` and `prune = …`: reads `grid`, `random`, `asha(reduction, min_epochs)`
// and `tpe(startup_trials, ei_candidates, gamma, prior_weight)`, and `none`, `median(warmup)`,
// `asha(min_epochs, reduction)`, into the CheckedSearch; every unknown name or argument and every
// value outside its domain is NN4106 at the argument, with the names it takes.

import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type * as ast from '../syntax/ast.js';
import { defaultTpeOptions, type TpeOptions } from '../search/tpe.js';
import type { CheckedSearch } from './search.js';
import { numberOf } from './literal-number.js';
import { suggestName } from './suggest.js';

interface ArgumentRule {
  /** Whole numbers ≥ min, or numbers > min (exclusive) / ≤ max. */
  whole: boolean;
  min: number;
  max?: number;
  exclusiveMin?: boolean;
  apply(search: CheckedSearch, value: number): void;
  /** Optuna's name for it, answered with a did-you-mean. */
  optunaName?: string;
}

const tpe = (search: CheckedSearch): TpeOptions => (search.tpe ??= { ...defaultTpeOptions });

const methodArguments: Record<string, Record<string, ArgumentRule>> = {
  grid: {},
  random: {},
  asha: {
    reduction: { whole: true, min: 2, apply: (s, v) => (s.reduction = v) },
    min_epochs: { whole: true, min: 1, apply: (s, v) => (s.warmup = v) },
  },
  tpe: {
    startup_trials: {
      whole: true,
      min: 0,
      apply: (s, v) => (tpe(s).startupTrials = v),
      optunaName: 'n_startup_trials',
    },
    ei_candidates: {
      whole: true,
      min: 1,
      apply: (s, v) => (tpe(s).candidates = v),
      optunaName: 'n_ei_candidates',
    },
    gamma: {
      whole: false,
      min: 0,
      exclusiveMin: true,
      max: 1,
      apply: (s, v) => (tpe(s).gamma = v),
    },
    prior_weight: {
      whole: false,
      min: 0,
      exclusiveMin: true,
      apply: (s, v) => (tpe(s).priorWeight = v),
    },
  },
};

const prunerArguments: Record<string, Record<string, ArgumentRule>> = {
  none: {},
  median: {
    warmup: { whole: true, min: 1, apply: (s, v) => (s.warmup = v), optunaName: 'n_warmup_steps' },
  },
  asha: {
    min_epochs: {
      whole: true,
      min: 1,
      apply: (s, v) => (s.warmup = v),
      optunaName: 'min_resource',
    },
    reduction: {
      whole: true,
      min: 2,
      apply: (s, v) => (s.reduction = v),
      optunaName: 'reduction_factor',
    },
  },
};

const methodExample =
  '`grid`, `random`, `tpe(startup_trials = 10, ei_candidates = 24, gamma = 0.1, prior_weight = 1)` or `asha(reduction = 3, min_epochs = 1)`';
const prunerExample = '`median(warmup = 1)`, `asha(min_epochs = 1, reduction = 3)` or `none`';

export function readMethod(
  entry: ast.SearchEntry,
  search: CheckedSearch,
  bag: DiagnosticBag,
): void {
  const name = readCall(entry, search, bag, methodArguments, methodExample);
  if (name === 'tpe') tpe(search);
  if (name) search.method = name as CheckedSearch['method'];
}

export function readPruner(
  entry: ast.SearchEntry,
  search: CheckedSearch,
  bag: DiagnosticBag,
): void {
  // `median` also accepts `min_epochs`, as it did before `warmup` was its name.
  const name = readCall(entry, search, bag, prunerArguments, prunerExample, {
    median: { min_epochs: 'warmup' },
  });
  if (name) search.pruner = name as CheckedSearch['pruner'];
}

/** The call's name when it is one of `table`'s, its arguments applied; else a diagnostic. */
function readCall(
  entry: ast.SearchEntry,
  search: CheckedSearch,
  bag: DiagnosticBag,
  table: Record<string, Record<string, ArgumentRule>>,
  example: string,
  aliases: Record<string, Record<string, string>> = {},
): string | undefined {
  const expr = entry.value;
  const name =
    expr.kind === 'Name' ? expr.name.name : expr.kind === 'Call' ? expr.callee.name : undefined;
  const args = expr.kind === 'Call' ? expr.args : [];
  const rules = name !== undefined ? table[name] : undefined;
  if (name === undefined || !rules) {
    const suggestion = name ? suggestName(name, Object.keys(table)) : undefined;
    bag.report(Messages.BadSearchValue, expr.span, {
      key: entry.name.name,
      expected: example,
      found: name ? `\`${name}\`` : 'an expression',
      ...(suggestion ? { help: `did you mean \`${suggestion}\`?` } : {}),
    });
    return undefined;
  }
  for (const arg of args) {
    const written = arg.name?.name;
    const argName = written && (aliases[name]?.[written] ?? written);
    const rule = argName ? rules[argName] : undefined;
    const names = Object.keys(rules);
    if (!rule) {
      const optuna = Object.entries(rules).find(([, r]) => r.optunaName === written)?.[0];
      const suggestion = optuna ?? (written ? suggestName(written, names) : undefined);
      bag.report(Messages.BadSearchValue, arg.span, {
        key: `${entry.name.name} = ${name}`,
        expected: names.length ? names.map((n) => `\`${n} = …\``).join(', ') : 'no arguments',
        found: `\`${written ?? 'a positional argument'}\``,
        help: suggestion
          ? `did you mean \`${suggestion}\`?`
          : names.length
            ? `name the argument, e.g. \`${name}(${names[0]} = …)\``
            : 'give the number of trials as `trials = N` in the search',
      });
      continue;
    }
    const value = numberOf(arg.value);
    const inDomain =
      value !== undefined &&
      (rule.whole ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
      (rule.exclusiveMin ? value > rule.min : value >= rule.min) &&
      (rule.max === undefined || value <= rule.max);
    if (inDomain) rule.apply(search, value);
    else
      bag.report(Messages.BadSearchValue, arg.value.span, {
        key: argName!,
        expected: `${rule.whole ? 'a whole number' : 'a number'} ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''}`,
        found: value === undefined ? 'an expression' : String(value),
      });
  }
  return name;
}
