// The CSV encoding between `nnc train` and the commands that read its checkpoint: the statistics
// fitted on the training split go into the checkpoint's metadata (`tabular`), and a separate
// validation file is filled and scaled with the training split's statistics, never its own.

import {
  DataError,
  applyTabular,
  tabularInputNames,
  tabularToJson,
  type Dataset,
} from '@nnet/runtime/train';

/** The checkpoint metadata that carries the training split's CSV encoding, if any. */
export function checkpointMetadata(training: Dataset): Record<string, string> {
  return training.tabular?.statistics ? { tabular: tabularToJson(training.tabular) } : {};
}

/** `data` (a `validation = csv(…)` file) filled and scaled with the statistics of `training`. */
export function withTrainingStatistics(data: Dataset, training: Dataset): Dataset {
  const statistics = training.tabular?.statistics;
  if (!data.tabular || !statistics) return data;
  const names = tabularInputNames(data.tabular).join(', ');
  const expected = tabularInputNames(training.tabular!).join(', ');
  if (names !== expected) {
    throw new DataError(
      `the validation file's columns become the inputs ${names}, but the training data's become ${expected}; give both files the same columns and categories`,
    );
  }
  return applyTabular(data.tabular, statistics, data);
}
