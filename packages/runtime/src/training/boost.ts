// AdaBoost of compiled models: takes a factory of fresh weak learners and a classification data set,
// trains each round's learner on the weighted sample (per-sample weighted loss, not resampling),
// runs SAMME's bookkeeping (boost/samme.ts), and gives the learners, their α and every round.

import type { CompiledModel, TensorData } from '../core/compiled-model.js';
import { Batcher } from '../data/batcher.js';
import type { Dataset } from '../data/dataset.js';
import { Prng } from '../core/prng.js';
import { argmax } from '../metrics/metrics.js';
import {
  ensemblePredictions,
  errorRate,
  runSamme,
  type OnWeakLearner,
  type SammeResult,
  type SammeRound,
} from '../boost/samme.js';

export interface WeightedFitOptions {
  epochs: number;
  batch: number;
  shuffle?: boolean;
  seed?: number;
}

/**
 * Trains `model` for `epochs` epochs with per-sample loss weights: sample i's loss term is scaled
 * by `scales[i]` (boosting passes N·w_i, so uniform weights are plain training). Returns the last
 * epoch's mean weighted loss.
 */
export function fitWeighted(
  model: CompiledModel,
  data: Dataset,
  scales: Float32Array,
  options: WeightedFitOptions,
): number {
  if (scales.length !== data.count)
    throw new RangeError(`${scales.length} sample weights for ${data.count} samples`);
  const shuffle = options.shuffle ?? true;
  const batcher = new Batcher(data, {
    batchSize: options.batch,
    shuffle,
    ...(shuffle ? { prng: new Prng(options.seed ?? 0) } : {}),
  });
  const batchWeights = new Float32Array(batcher.batchSize);
  let last = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    batcher.startEpoch();
    let sum = 0;
    for (let size = batcher.nextBatch(); size > 0; size = batcher.nextBatch()) {
      for (let b = 0; b < size; b++) batchWeights[b] = scales[batcher.order[batcher.start + b]];
      const x = batcher.inputs.subarray(0, size * (batcher.inputs.length / batcher.batchSize));
      const y = batcher.targets.subarray(0, size * (batcher.targets.length / batcher.batchSize));
      sum += model.trainStep(x as TensorData, y as TensorData, size, batchWeights) * size;
    }
    last = sum / data.count;
  }
  return last;
}

/** Classes a model's outputs stand for: > 0.5 for one output (as binary_accuracy), else argmax. */
export function predictClasses(model: CompiledModel, data: Dataset, batch = 256): Int32Array {
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const out = new Int32Array(data.count);
  for (let start = 0; start < data.count; start += batch) {
    const size = Math.min(batch, data.count - start);
    const x = data.inputs.subarray(start * inputSize, (start + size) * inputSize) as TensorData;
    const outputs = model.predict(x, size);
    const k = outputs.length / size;
    for (let i = 0; i < size; i++)
      out[start + i] = k === 1 ? (outputs[i] > 0.5 ? 1 : 0) : argmax(outputs, i * k, k);
  }
  return out;
}

/** The class of every sample: indices as they are, one binary value > 0.5, or a one-hot row's argmax. */
export function datasetLabels(data: Dataset): Int32Array {
  const perSample = data.targets.length / Math.max(1, data.count);
  const out = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) {
    if (data.targets instanceof Int32Array && perSample === 1) out[i] = data.targets[i];
    else if (perSample === 1) out[i] = data.targets[i] > 0.5 ? 1 : 0;
    else out[i] = argmax(data.targets as Float32Array, i * perSample, perSample);
  }
  return out;
}

/** The number of classes a learner with these outputs separates: 2 for one output. */
export function classesOf(model: CompiledModel): number {
  const outputs = model.outputShape.reduce((a, b) => a * b, 1);
  return outputs === 1 ? 2 : outputs;
}

export interface AdaboostOptions extends WeightedFitOptions {
  rounds: number;
  onWeak: OnWeakLearner;
  retries?: number;
  learningRate?: number;
  onRound?(round: SammeRound): void;
}

/** The seed of round t's attempt a: distinct for every learner trained, reproducible from `seed`. */
export function learnerSeed(seed: number, round: number, attempt: number): number {
  return seed + (round - 1) + 1000 * (attempt - 1);
}

/** AdaBoost SAMME with fresh learners from `createLearner(seed)`, each trained by fitWeighted. */
export function adaboost(
  createLearner: (seed: number) => CompiledModel,
  data: Dataset,
  options: AdaboostOptions,
): SammeResult<CompiledModel> & {
  classes: number;
  labels: Int32Array;
  /** The weights (summing to 1) each kept learner was trained on, for the pictures. */
  trainedOn: Float64Array[];
} {
  const labels = datasetLabels(data);
  const probe = createLearner(options.seed ?? 0);
  const classes = classesOf(probe);
  const scales = new Float32Array(data.count);
  const attempts: Float64Array[] = [];
  const result = runSamme(
    labels,
    {
      rounds: options.rounds,
      classes,
      onWeak: options.onWeak,
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      ...(options.onRound ? { onRound: options.onRound } : {}),
    },
    (weights, round, attempt) => {
      const seed = learnerSeed(options.seed ?? 0, round, attempt);
      const learner = round === 1 && attempt === 1 ? probe : createLearner(seed);
      attempts.push(Float64Array.from(weights));
      for (let i = 0; i < data.count; i++) scales[i] = weights[i] * data.count;
      fitWeighted(learner, data, scales, { ...options, seed });
      return { learner, predictions: predictClasses(learner, data) };
    },
  );
  const trainedOn = attempts.filter((_, j) => result.rounds[j].kept);
  return { ...result, classes, labels, trainedOn };
}

/** Accuracy of H_1 … H_T on a data set: the staged curve (one value per kept learner). */
export function stagedAccuracy(
  learners: readonly CompiledModel[],
  alphas: readonly number[],
  classes: number,
  data: Dataset,
): number[] {
  const labels = datasetLabels(data);
  const predictions = learners.map((learner) => predictClasses(learner, data));
  return alphas.map(
    (_, t) => 1 - errorRate(ensemblePredictions(predictions, alphas, classes, t + 1), labels),
  );
}

/**
 * The ensemble's vote on every sample: count × classes scores Σ_t α_t·[h_t(x) = k] / Σ_t α_t (each
 * row sums to 1), and H(x), the class with the highest score (ties to the lower class).
 */
export function ensembleVote(
  learners: readonly CompiledModel[],
  alphas: readonly number[],
  classes: number,
  data: Dataset,
): { scores: Float32Array; classes: Int32Array } {
  const predictions = learners.map((learner) => predictClasses(learner, data));
  const total = alphas.reduce((a, b) => a + b, 0) || 1;
  const scores = new Float32Array(data.count * classes);
  predictions.forEach((h, t) => {
    for (let i = 0; i < data.count; i++) scores[i * classes + h[i]] += alphas[t] / total;
  });
  return { scores, classes: ensemblePredictions(predictions, alphas, classes) };
}

/**
 * Fills fresh learners from an ensemble checkpoint's tensors (`learner_<t>/<param>`, `alphas`);
 * throws a RangeError naming the missing or misshapen tensor.
 */
export function restoreEnsemble(
  create: () => CompiledModel,
  tensors: Readonly<Record<string, { shape: readonly number[]; data: Float32Array }>>,
  file: string,
): { learners: CompiledModel[]; alphas: number[] } {
  const alphaTensor = tensors.alphas;
  if (!alphaTensor)
    throw new RangeError(`${file}: no tensor "alphas"; is it an ensemble checkpoint?`);
  const alphas = Array.from(alphaTensor.data);
  const learners = alphas.map((_, t) => {
    const learner = create();
    for (const info of learner.paramInfo) {
      const name = `learner_${t + 1}/${info.name}`;
      const tensor = tensors[name];
      const size = info.shape.reduce((a, b) => a * b, 1);
      if (!tensor || tensor.data.length !== size)
        throw new RangeError(
          `${file}: ${tensor ? `tensor "${name}" holds ${tensor.data.length} values` : `no tensor "${name}"`}, expected [${info.shape.join(', ')}] for learner ${t + 1} of ${alphas.length}`,
        );
      learner.params[info.name].set(tensor.data);
    }
    return learner;
  });
  return { learners, alphas };
}
