// Shuffling and splitting a Dataset: a seeded permutation of sample indices, copies of chosen
// samples, and a train/validation/test split by fractions (shuffled once; every sample lands in
// exactly one part, part sizes differ from fraction × count by less than one).

import { Prng } from '../core/prng.js';
import { DataError, shapeSize, type Dataset } from './dataset.js';

/** A uniformly random permutation of 0 … n − 1. */
export function shuffleIndices(n: number, prng: Prng): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  prng.shuffle(indices);
  return indices;
}

/** A new Dataset holding copies of the samples at `indices`, in that order (no testSet). */
export function subsetDataset(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const inputSize = shapeSize(dataset.inputShape);
  const targetSize = shapeSize(dataset.targetShape);
  const inputs = new (
    dataset.inputs.constructor as Float32ArrayConstructor | Int32ArrayConstructor
  )(indices.length * inputSize);
  const targets = new (
    dataset.targets.constructor as Float32ArrayConstructor | Int32ArrayConstructor
  )(indices.length * targetSize);
  for (let k = 0; k < indices.length; k++) {
    const s = indices[k];
    inputs.set(dataset.inputs.subarray(s * inputSize, (s + 1) * inputSize), k * inputSize);
    targets.set(dataset.targets.subarray(s * targetSize, (s + 1) * targetSize), k * targetSize);
  }
  const { testSet: _testSet, sourceRows, ...rest } = dataset;
  return {
    ...rest,
    inputs,
    targets,
    count: indices.length,
    ...(sourceRows ? { sourceRows: Int32Array.from(indices, (s) => sourceRows[s]) } : {}),
  };
}

/**
 * One Dataset per fraction ([train, validation] or [train, validation, test], adding up to 1), from
 * one shuffle with `seed`. Part k holds the samples between round(count · (f₀ + … + f_{k−1})) and
 * round(count · (f₀ + … + f_k)) of the shuffled order. With `kept`, only the first `kept` parts are
 * copied out (the same samples as without it): a caller that never reads the test part skips it.
 */
export function splitDataset(
  dataset: Dataset,
  fractions: readonly number[],
  seed: number,
  kept = fractions.length,
): Dataset[] {
  const total = fractions.reduce((sum, fraction) => sum + fraction, 0);
  if (fractions.some((fraction) => !(fraction >= 0)) || Math.abs(total - 1) > 1e-6) {
    throw new DataError(
      `expected split fractions >= 0 adding up to 1, found [${fractions.join(', ')}]`,
    );
  }
  const order = shuffleIndices(dataset.count, new Prng(seed));
  const parts: Dataset[] = [];
  let cumulative = 0;
  let start = 0;
  fractions.forEach((fraction, k) => {
    cumulative += fraction;
    const end = k === fractions.length - 1 ? dataset.count : Math.round(dataset.count * cumulative);
    if (k < kept) parts.push(subsetDataset(dataset, order.subarray(start, end)));
    start = end;
  });
  return parts;
}
