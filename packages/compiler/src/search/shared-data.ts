// A search's data, loaded once on the main thread for all workers: takes the first trial's
// overrides, compiles its model (the data's shape depends on it), reads and splits the data as
// `nnc train` does, and copies training and validation into shared memory the workers only read.

import * as path from 'node:path';
import { loadTensorInto, type CompiledModel, type Dataset } from '@nnet/runtime/train';
import { loadSplits } from '../run/load-splits.js';
import { numberSetting } from '../run/fit-settings.js';
import type { TrainRun } from '../check/train.js';
import type { Program } from '../program.js';
import type { Override } from './overrides.js';
import { evaluateGeneratedModule } from './generated-module.js';
import { compileTrial } from './trial-compile.js';
import { dataKey, runWithSeeds, trialKey } from './trial-cache.js';

/** The parts of a trial's data a worker trains and scores on. */
export interface TrialSplits {
  train: Dataset;
  validation?: Dataset;
}

/** Data loaded once for the trials whose dataKey is `key` (arrays in SharedArrayBuffers). */
export interface SharedData {
  key: string;
  splits: TrialSplits;
}

/**
 * A trial's data as `nnc train` reads its file: the run (with the trial's seeds), the model it
 * compiled to, the folder of the program. The test part is left out: a search does not score it.
 */
export function trialData(run: TrainRun, model: CompiledModel, folder: string): TrialSplits {
  const seed = numberSetting(run, 'seed', 0);
  const { train, validation } = loadSplits(run, model, folder, seed, false);
  return { train, ...(validation ? { validation } : {}) };
}

/**
 * Loads the data of the trial with these overrides into shared memory; undefined when the trial
 * does not compile or its data does not load (each worker then loads its own, and a trial that
 * fails reports why as it always did).
 */
export function loadSharedData(
  program: Program,
  runName: string,
  overrides: readonly Override[],
  learningRateKeys: ReadonlySet<string>,
  runtime: unknown,
  runtimeUrl: string,
): SharedData | undefined {
  const key = trialKey(overrides, learningRateKeys);
  if (!key) return undefined;
  try {
    const compiled = compileTrial(program, runName, overrides, runtimeUrl, (file) => file);
    if ('error' in compiled) return undefined;
    const module = evaluateGeneratedModule(compiled.js, runtime, loadTensorInto);
    if (!module) return undefined;
    const run = runWithSeeds(compiled.run, key);
    const model = module.create({ seed: numberSetting(run, 'seed', 0) });
    const { train, validation } = trialData(run, model, path.dirname(program.entry));
    return {
      key: dataKey(run, key.dataSeed, model),
      splits: {
        train: inSharedMemory(train),
        ...(validation ? { validation: inSharedMemory(validation) } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

/**
 * The dataset with its samples and targets copied into SharedArrayBuffers: posted to a worker,
 * the worker sees these very bytes (the other fields, small, are copied). Training only reads them.
 */
export function inSharedMemory(dataset: Dataset): Dataset {
  const { testSet: _testSet, validationSet: _validationSet, ...rest } = dataset;
  return { ...rest, inputs: shared(dataset.inputs), targets: shared(dataset.targets) };
}

function shared<T extends Float32Array | Int32Array>(array: T): T {
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = new (array.constructor as { new (buffer: ArrayBufferLike): T })(buffer);
  copy.set(array);
  return copy;
}
