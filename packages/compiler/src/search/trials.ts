// From a configuration of a search to the file a trial trains: the overrides of the configuration
// (and the search's fixed settings), with searched optimizer arguments kept only where the chosen
// optimizer takes them, written into the entry file's text and parsed again as a Program.

import type { Catalogue } from '../catalogue/types.js';
import type { Program } from '../program.js';
import { parse } from '../syntax/parse.js';
import { SourceText } from '../syntax/source.js';
import type { CheckedSearch } from '../check/search.js';
import { applyOverrides, findRunDecl, type EditedText, type Override } from './overrides.js';
import type { Configuration } from './space.js';

/**
 * The overrides a trial applies: the search's fixed settings, then the configuration's values. An
 * optimizer argument searched at the top level (`momentum in …`) is left out when the optimizer of
 * this trial does not take it: the condition "momentum only for sgd" holds by itself. With `seeds`,
 * the trial's `seed` and `data_seed` are set last.
 */
export function trialOverrides(
  search: Pick<CheckedSearch, 'fixed' | 'sources'>,
  configuration: Pick<Configuration, 'overrides'>,
  runOptimizer: string,
  catalogue: Catalogue,
  seeds?: { seed: number; dataSeed: number },
): Override[] {
  const all = [...search.fixed, ...configuration.overrides];
  const dropped = droppedArguments(search, all, runOptimizer, catalogue);
  const kept = all.filter((o) => !dropped.has(o.key));
  // The trial's own seed (weights, shuffle, dropout) and the run's data seed (data and split), so
  // the trial's file — best.nnet for the best — trains exactly as the trial did.
  return seeds
    ? [
        ...kept,
        { key: 'seed', value: String(seeds.seed) },
        { key: 'data_seed', value: String(seeds.dataSeed) },
      ]
    : kept;
}

/**
 * The configuration's values as the trial used them: a top-level optimizer argument its optimizer
 * does not take (`momentum` of an `adam` trial) is left out, as trialOverrides leaves it out of
 * the file, so tables, results files and plots show `·` there instead of a value never used.
 */
export function valuesUsed(
  search: Pick<CheckedSearch, 'fixed' | 'sources'>,
  configuration: Pick<Configuration, 'overrides' | 'values'>,
  runOptimizer: string,
  catalogue: Catalogue,
): Configuration['values'] {
  const all = [...search.fixed, ...configuration.overrides];
  const dropped = droppedArguments(search, all, runOptimizer, catalogue);
  if (dropped.size === 0) return configuration.values;
  return Object.fromEntries(
    Object.entries(configuration.values).filter(([key]) => !dropped.has(key)),
  );
}

/** The searched optimizer arguments among `overrides` that the trial's optimizer does not take. */
function droppedArguments(
  search: Pick<CheckedSearch, 'sources'>,
  overrides: readonly Override[],
  runOptimizer: string,
  catalogue: Catalogue,
): Set<string> {
  const optimizerText = [...overrides].reverse().find((o) => o.key === 'optimizer')?.value;
  const optimizer = optimizerText ? /^\s*([A-Za-z_]\w*)/.exec(optimizerText)?.[1] : runOptimizer;
  const spec = optimizer ? catalogue.optimizers.get(optimizer) : undefined;
  const dropped = new Set<string>();
  if (!spec) return dropped;
  for (const source of search.sources)
    if (source.target === 'optimizer-argument' && !spec.args.some((a) => a.name === source.key))
      dropped.add(source.key);
  return dropped;
}

/** The entry file with the overrides written in, as text and as a Program (searches left out). */
export function variantProgram(
  program: Program,
  runName: string,
  overrides: readonly Override[],
  catalogue: Catalogue,
): { program: Program; edited: EditedText } | undefined {
  const parsed = program.files.get(program.entry);
  const run = parsed && findRunDecl(parsed.ast, runName);
  if (!parsed || !run) return undefined;
  const { edited } = applyOverrides(parsed.source.text, parsed.ast, run, overrides, catalogue);
  if (!edited) return undefined;
  const source = new SourceText(program.entry, edited.text);
  const reparsed = parse(source);
  const ast = {
    ...reparsed.value,
    declarations: reparsed.value.declarations.filter((d) => d.kind !== 'Search'),
  };
  const files = new Map(program.files);
  files.set(program.entry, { source, ast, imports: parsed.imports });
  return {
    program: { entry: program.entry, files, diagnostics: reparsed.diagnostics },
    edited,
  };
}
