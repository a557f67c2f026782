// A percentile bootstrap confidence interval for the ROC AUC: resample the samples with
// replacement (seeded, so the same data and seed give the same interval), recompute the exact AUC
// of each resample, take the quantiles. Sorts once; each resample is one O(n) weighted pass.

import { Prng } from '../core/prng.js';
import { decreasingOrder, isPositive } from './curves.js';

export interface ConfidenceInterval {
  low: number;
  high: number;
  /** 0.95 for a 95 % interval. */
  level: number;
  resamples: number;
  seed: number;
}

/**
 * AUC of the samples weighted by `weights` (how often each appears in a resample), walking the
 * samples in decreasing score order: a positive scores over every negative below it and ½ over
 * each tied negative. NaN when a class has zero weight.
 */
export function weightedAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  order: Int32Array,
  weights: Int32Array,
): number {
  let positivesAbove = 0;
  let negativesAbove = 0;
  let pairs = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    let positives = 0;
    let negatives = 0;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      const index = order[end];
      if (isPositive(labels[index])) positives += weights[index];
      else negatives += weights[index];
      end++;
    }
    // Negatives in this block are outscored by every positive above them, and tie with these.
    pairs += negatives * positivesAbove + 0.5 * negatives * positives;
    positivesAbove += positives;
    negativesAbove += negatives;
    start = end;
  }
  if (positivesAbove === 0 || negativesAbove === 0) return Number.NaN;
  return pairs / (positivesAbove * negativesAbove);
}

/** The q-quantile of sorted values with linear interpolation (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function aucConfidenceInterval(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: { resamples?: number; level?: number; seed?: number } = {},
): ConfidenceInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 0;
  const count = scores.length;
  const order = decreasingOrder(scores);
  const weights = new Int32Array(count);
  const random = new Prng(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples && count > 0; r++) {
    weights.fill(0);
    for (let i = 0; i < count; i++) weights[random.nextInt(count)]++;
    const auc = weightedAuc(scores, labels, order, weights);
    // A resample without one of the classes has no AUC; it is left out, as is usual.
    if (!Number.isNaN(auc)) values.push(auc);
  }
  values.sort((a, b) => a - b);
  return {
    low: quantile(values, (1 - level) / 2),
    high: quantile(values, 1 - (1 - level) / 2),
    level,
    resamples,
    seed,
  };
}
