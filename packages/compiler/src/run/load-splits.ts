// A train run's data as `nnc train`, `nnc eval`, `nnc data` and a search's trials all read it: loads
// the run's source, fits its shape and targets to the compiled model, checks them (class indices,
// target ranges), and splits it into training, validation and test sets by the run's settings.

import {
  DataError,
  checkSampleShapes,
  loadDataSource,
  prepareTabularSplits,
  splitDataset,
  subsetDataset,
  type Dataset,
} from '@nnet/runtime/train';
import type { CompiledModel } from '@nnet/runtime';
import type { TrainRun } from '../check/train.js';
import { withTrainingStatistics } from './tabular-splits.js';
import { checkTargets } from './target-checks.js';

/**
 * Loads the run's data and splits it into training, validation and test sets, seeded by the run's
 * `data_seed` when it has one, else by `seed` (the run's seed or `--seed`). `withTest = false`
 * (a search's trials) leaves the test set out, and does not copy a split's test part.
 */
export function loadSplits(
  run: TrainRun,
  model: CompiledModel,
  baseDir: string,
  runSeed: number,
  withTest = true,
): { train: Dataset; validation?: Dataset; test?: Dataset } {
  const seed = typeof run.settings.data_seed === 'number' ? run.settings.data_seed : runSeed;
  const load = (call: { name: string; args: Record<string, unknown> }) => {
    const data = withModelShape(
      loadDataSource(call.name, call.args as never, { baseDir, seed }),
      model,
    );
    // Errors name the source with its file: `csv("points.csv"): expected samples of [2], …`.
    const files = Object.values(call.args).filter(
      (v): v is string => typeof v === 'string' && /[./]/.test(v),
    );
    const source = `${call.name}(${files.map((f) => JSON.stringify(f)).join(', ')})`;
    checkSampleShapes(data, { input: [...model.inputShape] }, source);
    checkClassIndices(data, model, source);
    const fitted = fitTargets(data, model);
    const csvPath =
      call.name === 'csv' && typeof call.args.path === 'string' ? call.args.path : undefined;
    checkTargets(
      fitted,
      model,
      csvPath ?? `data ${files.length > 0 ? source : `${call.name}(…)`}`,
      csvPath && call.args.header !== false ? (n) => `data row ${n} (after the header)` : undefined,
    );
    return fitted;
  };
  const data = load(run.data!);
  const test = data.testSet && withTest ? fitTargets(data.testSet, model) : undefined;
  // A graph source chooses its own validation nodes.
  const chosen = data.validationSet ? fitTargets(data.validationSet, model) : undefined;
  const split = run.settings.split as number[] | undefined;
  let parts: Dataset[] = [data];
  const kept = withTest ? split?.length : Math.min(2, split?.length ?? 0);
  if (split)
    parts =
      run.settings.shuffle === false
        ? splitInOrder(data, split).slice(0, kept)
        : splitDataset(data, split, seed, kept);
  // CSV: missing numbers filled and scaling fitted on the training part only (tabular-splits.ts).
  const [train, validation, heldOut] = prepareTabularSplits(parts);
  const validationData = run.validation
    ? withTrainingStatistics(load(run.validation), train)
    : validation && validation.count > 0
      ? validation
      : chosen;
  const testData = heldOut && heldOut.count > 0 ? heldOut : test;
  return {
    train,
    ...(validationData ? { validation: validationData } : {}),
    ...(testData ? { test: testData } : {}),
  };
}

/**
 * Images without a channel axis fit a model that has one of size 1 (and the other way round), as
 * the checker allows: `mnist` gives [28, 28], a CNN takes [28, 28, 1]. Only the shape changes.
 */
function withModelShape(data: Dataset, model: CompiledModel): Dataset {
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  const wanted = [...model.inputShape];
  const trailingChannel =
    same([...data.inputShape, 1], wanted) || same(data.inputShape, [...wanted, 1]);
  if (!trailingChannel || size(data.inputShape) !== size(wanted)) return data;
  return {
    ...data,
    inputShape: wanted,
    ...(data.testSet ? { testSet: withModelShape(data.testSet, model) } : {}),
  };
}

/** With `shuffle = false` the samples keep their order: each part is a contiguous range. */
function splitInOrder(data: Dataset, fractions: readonly number[]): Dataset[] {
  let start = 0;
  let cumulative = 0;
  return fractions.map((fraction) => {
    cumulative += fraction;
    const end = Math.round(cumulative * data.count);
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    start = end;
    return subsetDataset(data, indices);
  });
}

/** Converts targets to what the model's loss reads: class indices, one-hot rows or values. */
function fitTargets(data: Dataset, model: CompiledModel): Dataset {
  const loss = model.loss!;
  const outputs = model.outputShape.reduce((a, b) => a * b, 1);
  if (loss.targetsAreIndices) {
    // A CSV or JSON label column arrives as floats (0, 1, 2…): class indices for the loss. Other
    // values stay as they are, and checkTargets refuses them with the row.
    const targets = data.targets;
    const whole = targets.length === data.count && targets.every((t) => Number.isInteger(t));
    if (targets instanceof Int32Array || !whole) return data;
    return { ...data, targets: Int32Array.from(targets), targetShape: [1] };
  }
  if (!(data.targets instanceof Int32Array)) return data;
  if (outputs === 1) {
    return { ...data, targets: Float32Array.from(data.targets), targetShape: [1] };
  }
  const oneHot = new Float32Array(data.count * outputs);
  for (let i = 0; i < data.count; i++) oneHot[i * outputs + data.targets[i]] = 1;
  return { ...data, targets: oneHot, targetShape: [outputs] };
}

/** Every class index must name one of the model's outputs, or the loss would read past them. */
function checkClassIndices(data: Dataset, model: CompiledModel, source: string): void {
  // A class per output row (graph nodes): indices into the last axis, −1 for an unlabelled row.
  const rows = model.loss?.targetsAreIndices
    ? model.loss.targetShape.reduce((a, b) => a * b, 1)
    : 1;
  const outputs = model.outputShape.reduce((a, b) => a * b, 1) / rows;
  const targets = data.targets;
  if (!(targets instanceof Int32Array) || outputs <= 1) return;
  for (let i = 0; i < targets.length; i++) {
    if ((targets[i] >= 0 && targets[i] < outputs) || (rows > 1 && targets[i] === -1)) continue;
    throw new DataError(
      `${source}, sample ${i + 1}: expected a class index from 0 to ${outputs - 1} (the model has ${outputs} outputs), found ${targets[i]}`,
    );
  }
}
