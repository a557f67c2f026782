// A worker's compiled trials, kept by what shapes the generated code: takes a trial's overrides and
// the search's learning-rate keys, gives the key (the overrides without the seeds and the learning
// rate) and the numbers those set, so trials that differ only in them share one check and compile.

import type { TrainRun } from '../check/train.js';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import type { Override } from './overrides.js';

/** A trial's overrides split into what the generated code depends on and what is set at run time. */
export interface TrialKey {
  key: string;
  seed: number;
  dataSeed: number;
  /** The learning rate the trial sets, when it sets one. */
  learningRate?: number;
}

/**
 * The trial's key, or undefined when it cannot share a module: a seed or learning rate that is not
 * a plain number, or a trial without its two seeds (every trial of a search has them, last).
 */
export function trialKey(
  overrides: readonly Override[],
  learningRateKeys: ReadonlySet<string>,
): TrialKey | undefined {
  const kept: Override[] = [];
  let seed: number | undefined;
  let dataSeed: number | undefined;
  let learningRate: number | undefined;
  for (const override of overrides) {
    const value = Number(override.value);
    const number = override.value.trim() !== '' && Number.isFinite(value) ? value : undefined;
    if (override.key === 'seed') seed = number;
    else if (override.key === 'data_seed') dataSeed = number;
    else if (learningRateKeys.has(override.key)) {
      if (number === undefined) return undefined;
      learningRate = number;
      // The key stays (a trial with the run's own rate is compiled apart); its value goes.
      kept.push({ key: override.key, value: '' });
    } else kept.push(override);
  }
  if (seed === undefined || dataSeed === undefined) return undefined;
  return {
    key: JSON.stringify(kept),
    seed,
    dataSeed,
    ...(learningRate !== undefined ? { learningRate } : {}),
  };
}

/**
 * Whether a module compiled for `learningRate` may take another rate through its `learningRate`
 * setter: every optimizer in the generated code was given exactly that rate (so the setter, which
 * sets them all, gives what compiling with the other rate would).
 */
export function learningRateIsSettable(js: string, learningRate: number | undefined): boolean {
  if (learningRate === undefined) return true;
  const rates = [...js.matchAll(/\blearningRate: ([^,}\s]+)/g)].map((m) => Number(m[1]));
  return rates.length > 0 && rates.every((rate) => rate === learningRate);
}

/** What a worker keeps per key: the module, and the checked run it was compiled with. */
export interface CompiledTrial {
  module: CompiledModule;
  run: TrainRun;
}

/** The run as the trial's own file would check: the kept run with this trial's two seeds. */
export function runWithSeeds(run: TrainRun, key: TrialKey): TrainRun {
  return { ...run, settings: { ...run.settings, seed: key.seed, data_seed: key.dataSeed } };
}

/**
 * What a trial's data depends on (loadSplits): the data sources and their arguments, the split,
 * the shuffle, the data seed, and what the model makes of samples and targets. Trials with the same
 * key get the same datasets, so a worker loads them once (fit reads them, never writes them).
 */
export function dataKey(run: TrainRun, dataSeed: number, model: CompiledModel): string {
  const call = (c: TrainRun['data']) => c && { name: c.name, args: c.args };
  return JSON.stringify([
    call(run.data),
    call(run.validation),
    run.settings.split ?? null,
    run.settings.shuffle ?? null,
    dataSeed,
    model.inputShape,
    model.inputParts ?? null,
    model.inputDtype,
    model.outputShape,
    model.loss ?? null,
  ]);
}
