// The one message for `--split NAME` when a run's data has no such split (`nnc eval`, `nnc evaluate`,
// `nnc data`): it names the .nnet file, the run, its data source, the splits it has and how to get
// the one asked for.

export type SplitName = 'training' | 'validation' | 'test';

/** `present`: the splits the run's data gives, in training, validation, test order. */
export function missingSplitMessage(
  fileShown: string,
  runName: string,
  dataName: string,
  requested: string,
  present: readonly SplitName[],
): string {
  const known = ['training', 'validation', 'test'].includes(requested);
  const what = known
    ? `run ${runName} has no ${requested} split; its data ${dataName}(…) gives`
    : `there is no split "${requested}" (expected training, validation or test); the data ${dataName}(…) of run ${runName} gives`;
  const fix = !known
    ? ''
    : requested === 'test'
      ? '; add a third part to `split = [...]` for a test set (e.g. `split = [0.6, 0.2, 0.2]`)'
      : requested === 'validation'
        ? '; give `split = [...]` a second part for a validation set (e.g. `split = [0.8, 0.2]`)'
        : '';
  const instead = present.length > 0 ? `; or pass --split ${present[present.length - 1]}` : '';
  return `nnc: ${fileShown}: ${what}: ${present.join(', ')}${fix}${instead}\n`;
}
