// Which trial runs next: takes a checked search and its trial budget, gives trials on demand (the
// grid or seeded random samples, fixed in advance and started largest first; or TPE, drawn when a
// worker frees up from the trials finished by then) and keeps what the results folder's plan.json records, so a
// resumed search can tell whether it is the same search. Every trial has its own seed (trialSeed).

import type { CheckedSearch } from '../check/search.js';
import type { TrialPlan, TrialRecord } from './runner.js';
import {
  gridConfigurations,
  sampleConfiguration,
  seededRandom,
  trialSeed,
  type Configuration,
  type Dimension,
} from './space.js';
import { defaultTpeOptions, sampleTpe, type Observation } from './tpe.js';

export interface SearchPlanner {
  /** What plan.json holds: the fixed plan, or what determines TPE's draws. */
  plan: Record<string, unknown>;
  /** Trials 1..trialCount make up the search. */
  trialCount: number;
  /** Every key a trial may set (nested ones after their parent), in the order of the search. */
  keys: string[];
  /** Values like the trials' (for the table's column widths). */
  typicalValues: Configuration['values'][];
  /** A finished trial (resumed, or just ended): never planned again, and TPE learns from it. */
  observe(record: TrialRecord): void;
  /**
   * The next trial, or undefined when every one has started. A fixed plan takes, among the
   * largest trials left, the first that `prefer` scores highest (the runner scores trials whose
   * model the asking worker already compiled above those no worker has); TPE ignores it.
   */
  next(prefer?: (plan: TrialPlan) => number): TrialPlan | undefined;
}

/** The keys of the dimensions, each nested key after the key whose choice holds it. */
export function dimensionKeys(dimensions: readonly Dimension[]): string[] {
  const keys: string[] = [];
  for (const { key, distribution } of dimensions) {
    keys.push(key);
    if (distribution.kind === 'choice')
      for (const value of distribution.values) keys.push(...dimensionKeys(value.nested));
  }
  return [...new Set(keys)];
}

export function searchPlanner(search: CheckedSearch, trialCount: number): SearchPlanner {
  const keys = dimensionKeys(search.dimensions);
  const finished = new Map<number, TrialRecord>();
  const started = new Set<number>();
  const nextNumber = () => {
    for (let trial = 1; trial <= trialCount; trial++)
      if (!finished.has(trial) && !started.has(trial)) return trial;
    return undefined;
  };
  const observe = (record: TrialRecord) => void finished.set(record.trial, record);

  if (search.method === 'tpe') {
    const options = search.tpe ?? defaultTpeOptions;
    const random = seededRandom(search.seed);
    return {
      plan: {
        method: 'tpe',
        options,
        dimensions: search.dimensions,
        fixed: search.fixed,
        metric: search.metric,
        maximize: search.maximize,
        seed: search.seed,
        trials: trialCount,
      },
      trialCount,
      keys,
      typicalValues: Array.from(
        { length: 64 },
        () => sampleConfiguration(search.dimensions, random).values,
      ),
      observe,
      next() {
        const trial = nextNumber();
        if (trial === undefined) return undefined;
        started.add(trial);
        const seed = trialSeed(search.seed, trial);
        // The draws of trial n come from its own generator: with one worker, the same results
        // give the same trials on every run.
        const configuration = sampleTpe(
          search.dimensions,
          [...finished.values()].map(observation).filter((o) => o !== undefined),
          search.maximize,
          options,
          seededRandom((seed ^ 0x5bd1e995) >>> 0),
        );
        return { trial, configuration, seed };
      },
    };
  }

  const configurations =
    search.method === 'grid'
      ? gridConfigurations(search.dimensions)
      : (() => {
          const random = seededRandom(search.seed);
          return Array.from({ length: search.trials }, () =>
            sampleConfiguration(search.dimensions, random),
          );
        })();
  const plans = configurations.slice(0, trialCount).map((configuration, i) => ({
    trial: i + 1,
    configuration,
    seed: trialSeed(search.seed, i + 1),
  }));
  // Largest first, so the trials that finish last are small and no worker idles long at the end.
  const cost = (plan: TrialPlan) => estimatedCost(search, plan.configuration.values);
  const order = [...plans].sort((a, b) => cost(b) - cost(a) || a.trial - b.trial);
  return {
    plan: { plans },
    trialCount: plans.length,
    keys,
    typicalValues: plans.map((p) => p.configuration.values),
    observe,
    next(prefer) {
      const left = order.filter((p) => !finished.has(p.trial) && !started.has(p.trial));
      if (!left.length) return undefined;
      const largest = cost(left[0]);
      let plan = left[0];
      if (prefer)
        for (const candidate of left)
          if (cost(candidate) === largest && prefer(candidate) > prefer(plan)) plan = candidate;
      started.add(plan.trial);
      return plan;
    },
  };
}

/**
 * A trial's work, roughly: the parameter count the check found for its shaping values (the
 * smallest count when unknown) times its epochs when the search sets them.
 */
function estimatedCost(search: CheckedSearch, values: Configuration['values']): number {
  const points = search.shapeParams ?? [];
  const match = points.find((p) => Object.entries(p.values).every(([k, v]) => values[k] === v));
  const params = match?.params ?? search.paramRange?.[0] ?? 1;
  return params * (typeof values.epochs === 'number' ? values.epochs : 1);
}

/** A finished trial as TPE sees it; undefined for one written by a version without `point`. */
function observation(record: TrialRecord): Observation | undefined {
  if (!record.point) return undefined;
  return {
    trial: record.trial,
    point: record.point,
    status: record.status,
    metric: record.metric,
    epochs: record.curve.length,
  };
}
