// Sanity checks of a run's targets against what its loss reads, before training: binary
// cross-entropy on targets outside [0, 1] (which gives a negative loss, silently), softmax
// cross-entropy on multi-hot rows, and class labels that are continuous values or out of range.
// Each failure is a DataError naming the data, the sample and the fix.

import { DataError, type CompiledModel, type Dataset } from '@nnet/runtime/train';

/**
 * `where`: the data as the user wrote it, e.g. `csv("titanic.csv", …)`; `sampleName` says where
 * sample n (1-based) is, e.g. `line 3` of a CSV file with a header.
 */
export function checkTargets(
  data: Dataset,
  model: CompiledModel,
  where: string,
  sampleName: (sample: number) => string = (sample) => `sample ${sample}`,
): void {
  const loss = model.loss;
  if (!loss) return;
  const outputs = model.outputShape.reduce((a, b) => a * b, 1);
  const perSample = Math.max(1, data.targets.length / Math.max(1, data.count));
  const sampleOf = (index: number) => sampleName(Math.floor(index / perSample) + 1);
  const show = (value: number) => String(Number(value.toPrecision(6)));
  const fail = (detail: string): never => {
    throw new DataError(`${where}: ${detail}`);
  };
  if (loss.task === 'binary') {
    // Hinge losses take labels −1/+1 (0/1 are mapped); cross-entropy takes probabilities.
    const [low, high] = loss.name.includes('hinge') ? [-1, 1] : [0, 1];
    const bad = data.targets.findIndex((t) => !(t >= low && t <= high));
    if (bad >= 0)
      fail(
        `${sampleOf(bad)} has target ${show(data.targets[bad])}, but ${loss.name} expects targets in [${low}, ${high}]${low === 0 ? ' (labels 0/1 or probabilities); outside it the loss goes negative and training is meaningless' : ''}. Is this a regression target? Then use mse`,
      );
    return;
  }
  if (loss.task !== 'multiclass') return;
  // A class per output row (graph nodes, −1 unlabelled): checked by train.ts's checkClassIndices.
  if (data.targets instanceof Int32Array && loss.targetShape.reduce((a, b) => a * b, 1) > 1) return;
  if (data.targets instanceof Int32Array) {
    const bad = data.targets.findIndex((t) => t < 0 || t >= outputs);
    if (bad >= 0)
      fail(
        `${sampleName(bad + 1)} has class ${data.targets[bad]}, but the model has ${outputs} outputs (classes 0…${outputs - 1}); give the last layer as many units as there are classes`,
      );
    return;
  }
  if (perSample === 1) {
    const bad = data.targets.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= outputs);
    if (bad >= 0)
      fail(
        `${sampleName(bad + 1)} has target ${show(data.targets[bad])}, but ${loss.name} expects a class index 0…${outputs - 1}: the data gives continuous values. For a regression target use mse and one linear output`,
      );
    return;
  }
  for (let s = 0; s < data.count; s++) {
    let sum = 0;
    let set = 0;
    for (let k = 0; k < perSample; k++) {
      const t = data.targets[s * perSample + k];
      sum += t;
      if (t > 0) set++;
    }
    if (Math.abs(sum - 1) > 1e-3)
      fail(
        `${sampleName(s + 1)} has ${set} classes set (its target row sums to ${Number(sum.toPrecision(4))}), but ${loss.name} with softmax expects one class per sample. For several labels per sample (multilabel), end the model in sigmoid, use binary_cross_entropy and the metric binary_accuracy`,
      );
  }
}
