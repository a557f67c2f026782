// Loss and accuracy of a model on some samples of the playground's data, in inference mode, a
// chunk at a time with `giveWay` between chunks (the trainer handles its commands there and stops
// when one came). Each chunk's products take the kernels one batch of the whole set would.

import { AUTO_MULTIPLY_ADDS, type CompiledModel } from '@nnet/runtime';
import type { PlaygroundData } from './datasets.js';

/** Samples per chunk of a large set, at least: a CNN's chunk takes a fraction of a second. */
export const EVALUATION_CHUNK = 32;
/** Sets of at most this many samples (the generated toy sets) are evaluated in one batch. */
export const ONE_PIECE = 512;

export interface Figures {
  loss: number;
  accuracy: number | undefined;
}

/** The inputs and targets of samples indices[from..to) as one batch. */
export function gather(
  data: PlaygroundData,
  model: CompiledModel,
  indices: Int32Array,
  from: number,
  to: number,
) {
  const n = to - from;
  const x = new Float32Array(n * data.inputSize);
  const indexTargets = model.loss?.targetsAreIndices ?? false;
  const y = indexTargets
    ? new Int32Array(n * data.targetSize)
    : new Float32Array(n * data.targetSize);
  for (let i = 0; i < n; i++) {
    const sample = indices[from + i];
    x.set(
      data.inputs.subarray(sample * data.inputSize, (sample + 1) * data.inputSize),
      i * data.inputSize,
    );
    for (let t = 0; t < data.targetSize; t++)
      y[i * data.targetSize + t] = data.targets[sample * data.targetSize + t];
  }
  return { x, y, n };
}

/**
 * Samples per chunk: EVALUATION_CHUNK, more when a weight matrix is so small that a chunk's product
 * with it would fall under the runtime's AUTO_MULTIPLY_ADDS, where 'auto' multiplies in JavaScript
 * instead of WebAssembly, whose last bits differ (a sample's share of a product is at least its
 * weights: k · n for a dense layer, more for a convolution's positions).
 */
export function chunkSamples(model: CompiledModel): number {
  let smallest = Infinity;
  for (const info of model.paramInfo)
    if (info.shape.length >= 2)
      smallest = Math.min(
        smallest,
        info.shape.reduce((a, b) => a * b, 1),
      );
  return Math.max(
    EVALUATION_CHUNK,
    Number.isFinite(smallest) ? Math.ceil(AUTO_MULTIPLY_ADDS / smallest) : 0,
  );
}

/** How many of the n outputs pick the target's class (multiclass, or binary at 0.5). */
function countCorrect(
  task: string | undefined,
  outputs: Float32Array,
  y: Float32Array | Int32Array,
  n: number,
): number {
  const width = outputs.length / n;
  let correct = 0;
  if (task === 'multiclass') {
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < width; c++)
        if (outputs[i * width + c] > outputs[i * width + best]) best = c;
      if (best === y[i]) correct++;
    }
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) if ((outputs[i * width] >= 0.5 ? 1 : 0) === y[i]) correct++;
  }
  return correct;
}

/**
 * The mean loss and the accuracy (multiclass and binary tasks) over `indices`. A large set goes
 * in chunks of chunkSamples(model) samples, the last one taking the rest (no small tail), the loss
 * the chunks' means weighted by their sizes; before every chunk but the first `giveWay()` runs,
 * and when it answers true (interrupted) the evaluation stops and gives undefined.
 */
export async function evaluateInChunks(
  model: CompiledModel,
  data: PlaygroundData,
  indices: Int32Array,
  giveWay: () => Promise<boolean>,
): Promise<Figures | undefined> {
  const total = indices.length;
  if (total === 0) return { loss: NaN, accuracy: undefined };
  const task = model.loss?.task;
  const chunk = total <= ONE_PIECE ? total : Math.min(total, chunkSamples(model));
  let lossSum = 0;
  let correct = 0;
  for (let from = 0; from < total; from += chunk) {
    if (from > 0 && (await giveWay())) return undefined;
    const to = total - from < 2 * chunk ? total : from + chunk;
    const { x, y, n } = gather(data, model, indices, from, to);
    const { loss, outputs } = model.evaluateBatch(x, y, n);
    // One batch: its mean as it is (n · mean / n need not give back the same bits).
    lossSum += chunk === total ? loss : loss * n;
    correct += countCorrect(task, outputs, y, n);
    if (to === total) break;
  }
  const loss = chunk === total ? lossSum : lossSum / total;
  const scored = task === 'multiclass' || task === 'binary';
  return { loss, accuracy: scored ? correct / total : undefined };
}
