// The values of a search, checked by checking the run with them: each value (each end of a range)
// alone, so a rejected one is reported at itself (NN4107); then the grid of the values that shape
// the model, for the range of parameter counts the editor shows. Takes the checked program's entry
// file and the CheckedSearch; fills `paramRange` and reports into the file's bag.

import type { Catalogue } from '../catalogue/types.js';
import type { DiagnosticBag, Diagnostic } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import type { Program } from '../program.js';
import type { Span } from '../syntax/source.js';
import { summarize } from '../summary/summary.js';
import {
  gridConfigurations,
  gridSize,
  sampleConfiguration,
  seededRandom,
  type Configuration,
  type Dimension,
  type Distribution,
} from '../search/space.js';
import { trialOverrides, variantProgram } from '../search/trials.js';
import { checkSearchDecl, type CheckedSearch } from './search.js';
import type { TrainRun } from './train.js';
import type { CheckedProgram } from './index.js';

/** How many grid points of the model's shape are checked for the parameter range at most. */
const MAX_SHAPE_CHECKS = 48;

type CheckVariant = (program: Program) => CheckedProgram;

export function checkSearchValues(
  search: CheckedSearch,
  program: Program,
  run: TrainRun,
  catalogue: Catalogue,
  bag: DiagnosticBag,
  check: CheckVariant,
  timeIsUp: () => boolean,
): void {
  const runOptimizer = run.optimizer?.name ?? 'sgd';
  const tryOverrides = (configuration: Configuration) => {
    // The editor's time budget: past it, the values are not checked (the range stays unknown).
    if (timeIsUp()) return undefined;
    const overrides = trialOverrides(search, configuration, runOptimizer, catalogue);
    const variant = variantProgram(program, search.run, overrides, catalogue);
    if (!variant) return undefined;
    const checked = check(variant.program);
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    const graph = checked.models.find(
      (m) => m.name === run.model && m.location.file === program.entry,
    );
    const params = graph?.complete
      ? summarize(graph, catalogue, 'keras', checked.runs).totals.total
      : undefined;
    return { errors, params };
  };

  // Each value alone (the others as the file has them): a rejection is reported at the value.
  const rejected = new Set<number>();
  search.dimensions.forEach((dimension, index) => {
    const source = search.sources[index];
    for (const probe of probes(dimension, source.valueSpans)) {
      const result = tryOverrides(probe.configuration);
      if (!result || result.errors.length === 0) continue;
      rejected.add(index);
      reportRejected(bag, probe.span, probe.configuration, result.errors[0]);
      break;
    }
  });

  // The values that shape the model, together: the parameter count's range over the space.
  const shaping = search.dimensions.filter(
    (_d, i) =>
      !rejected.has(i) &&
      (search.sources[i].target === 'model-parameter' || search.sources[i].target === 'const'),
  );
  const points = shapePoints(shaping);
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    const result = tryOverrides(point);
    if (!result) continue;
    if (result.errors.length > 0) {
      if (rejected.size === 0) reportRejected(bag, search.nameSpan, point, result.errors[0]);
      break;
    }
    if (result.params === undefined) continue;
    (search.shapeParams ??= []).push({ values: point.values, params: result.params });
    min = Math.min(min, result.params);
    max = Math.max(max, result.params);
  }
  if (Number.isFinite(min)) search.paramRange = [min, max];
}

function reportRejected(
  bag: DiagnosticBag,
  span: Span,
  configuration: Configuration,
  error: Diagnostic,
): void {
  const values = Object.entries(configuration.values)
    .map(([key, value]) => `\`${key} = ${value}\``)
    .join(', ');
  bag.report(Messages.SearchValueRejected, span, {
    values: values || 'the file as written',
    problem: `${error.code} ${error.message}`,
    ...(error.help ? { help: error.help } : {}),
  });
}

/** The values to try alone: every choice (each nested value with it), both ends of a range. */
function probes(
  dimension: Dimension,
  spans: readonly Span[],
): { configuration: Configuration; span: Span }[] {
  const { key, distribution } = dimension;
  if (distribution.kind !== 'choice') {
    return endpoints(distribution).map((n) => ({
      configuration: {
        overrides: [{ key, value: String(n) }],
        values: { [key]: n },
        point: { [key]: n },
      },
      span: spans[0],
    }));
  }
  return distribution.values.flatMap((value, i) =>
    gridConfigurations([{ key, distribution: { kind: 'choice', values: [value] } }])
      .slice(0, 16)
      .map((configuration) => ({ configuration, span: spans[i] ?? spans[0] })),
  );
}

function endpoints(distribution: Exclude<Distribution, { kind: 'choice' }>): number[] {
  return distribution.low === distribution.high
    ? [distribution.low]
    : [distribution.low, distribution.high];
}

/** The grid of the shaping dimensions (ranges by their ends), or a seeded sample of it. */
function shapePoints(dimensions: readonly Dimension[]): Configuration[] {
  const discrete: Dimension[] = dimensions.map((d) =>
    d.distribution.kind === 'choice'
      ? d
      : {
          key: d.key,
          distribution: {
            kind: 'choice',
            values: endpoints(d.distribution).map((n) => ({
              text: String(n),
              label: String(n),
              number: n,
              nested: [],
            })),
          },
        },
  );
  if (gridSize(discrete) <= MAX_SHAPE_CHECKS) return gridConfigurations(discrete);
  const random = seededRandom(1);
  return Array.from({ length: MAX_SHAPE_CHECKS }, () => sampleConfiguration(discrete, random));
}

/** Every `search` of the entry file, checked (values too when the file has no other error). */
export function checkSearches(
  program: Program,
  runs: readonly TrainRun[],
  catalogue: Catalogue,
  bag: DiagnosticBag,
  check: CheckVariant,
  timeIsUp: () => boolean,
  fileHasErrors: boolean,
): CheckedSearch[] {
  const parsed = program.files.get(program.entry);
  if (!parsed) return [];
  const searches: CheckedSearch[] = [];
  const names = new Set<string>();
  for (const decl of parsed.ast.declarations) {
    if (decl.kind !== 'Search') continue;
    const search = checkSearchDecl(decl, parsed.ast, parsed.source.text, runs, catalogue, bag);
    if (!search) continue;
    if (names.has(search.name))
      bag.report(Messages.DuplicateName, decl.name.span, { name: search.name, what: 'the search' });
    names.add(search.name);
    const run = runs.find((r) => r.name === search.run && r.file === program.entry);
    if (run && !search.hasErrors && !fileHasErrors)
      checkSearchValues(search, program, run, catalogue, bag, check, timeIsUp);
    search.hasErrors ||= bag.items.some(
      (d) =>
        d.severity === 'error' && d.span.start >= decl.span.start && d.span.end <= decl.span.end,
    );
    searches.push(search);
  }
  return searches;
}
