// Metrics on small known cases: argmax accuracy (indices and one-hot), binary accuracy, top-k with
// ties, mse/mae, and exact ROC AUC (known values, ties as ½, against a brute-force pair count).

import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryAccuracy,
  meanAbsoluteErrorMetric,
  meanSquaredErrorMetric,
  metricNames,
  rocAuc,
  topKAccuracy,
} from '../src/metrics/metrics.js';
import { Prng } from './helpers.js';

describe('metrics', () => {
  const pred = Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4]); // 3 samples × 3
  it('accuracy by argmax, with class indices or one-hot targets', () => {
    expect(accuracy(pred, Int32Array.from([1, 0, 2]), 3, 3)).toBeCloseTo(1, 12);
    expect(accuracy(pred, Int32Array.from([1, 1, 0]), 3, 3)).toBeCloseTo(1 / 3, 12);
    expect(accuracy(pred, Float32Array.from([0, 1, 0, 0, 0, 1, 0, 0, 1]), 3, 3)).toBeCloseTo(
      2 / 3,
      12,
    );
    // a tie goes to the first maximum
    expect(accuracy(Float32Array.from([0.5, 0.5]), Int32Array.from([0]), 2, 1)).toBe(1);
  });

  it('binary accuracy thresholds at 0.5 (or the given threshold)', () => {
    const scores = Float32Array.from([0.2, 0.6, 0.5, 0.9]);
    const labels = Float32Array.from([0, 1, 1, 0]);
    expect(binaryAccuracy(scores, labels, 1, 4)).toBe(0.5);
    expect(binaryAccuracy(scores, labels, 2, 2, 0.4)).toBe(0.75);
  });

  it('top_k counts the target in when fewer than k scores beat it', () => {
    // target scores 0.7 (best), 0.2 (third), 0.3 (tied second under 0.4)
    expect(topKAccuracy(pred, Int32Array.from([1, 2, 0]), 3, 3, 1)).toBeCloseTo(1 / 3, 12);
    expect(topKAccuracy(pred, Int32Array.from([1, 2, 0]), 3, 3, 2)).toBeCloseTo(2 / 3, 12);
    expect(topKAccuracy(pred, Int32Array.from([1, 2, 0]), 3, 3, 3)).toBe(1);
    // sample 3 has a tie 0.3/0.3 under 0.4: class 0 is in the top 2
    expect(topKAccuracy(pred.subarray(6), Int32Array.from([0]), 3, 1, 2)).toBe(1);
  });

  it('mse and mae are means over all values', () => {
    const target = Float32Array.from([1, 2, 3, 4]);
    const guess = Float32Array.from([1, 3, 1, 4]);
    expect(meanSquaredErrorMetric(guess, target, 2, 2)).toBe(1.25);
    expect(meanAbsoluteErrorMetric(guess, target, 2, 2)).toBe(0.75);
  });

  it('AUC on known cases: perfect, reversed, random-tie, and textbook', () => {
    expect(
      rocAuc(Float32Array.from([0.1, 0.2, 0.8, 0.9]), Float32Array.from([0, 0, 1, 1]), 4),
    ).toBe(1);
    expect(
      rocAuc(Float32Array.from([0.9, 0.8, 0.2, 0.1]), Float32Array.from([0, 0, 1, 1]), 4),
    ).toBe(0);
    expect(
      rocAuc(Float32Array.from([0.5, 0.5, 0.5, 0.5]), Float32Array.from([0, 1, 0, 1]), 4),
    ).toBe(0.5);
    // sklearn's roc_auc_score example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] → 0.75
    expect(rocAuc(Float32Array.from([0.1, 0.4, 0.35, 0.8]), Int32Array.from([0, 0, 1, 1]), 4)).toBe(
      0.75,
    );
    // one tie between a positive and a negative counts ½: pairs (+0.5 vs −0.5) = ½, others win
    expect(
      rocAuc(Float32Array.from([0.5, 0.5, 0.9, 0.1]), Float32Array.from([0, 1, 1, 0]), 4),
    ).toBe(0.875);
    expect(rocAuc(Float32Array.from([0.3, 0.4]), Float32Array.from([1, 1]), 2)).toBeNaN();
  });

  it('AUC equals the brute-force fraction of correctly ordered pairs', () => {
    const prng = new Prng(31);
    const count = 300;
    const scores = Float32Array.from(
      { length: count },
      () => Math.round(prng.nextFloat() * 20) / 20,
    );
    const labels = Float32Array.from(scores, (s) => (prng.nextFloat() < 0.3 + 0.4 * s ? 1 : 0));
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < count; j++) {
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
      }
    }
    expect(rocAuc(scores, labels, count, new Int32Array(count))).toBeCloseTo(wins / pairs, 12);
  });

  it('the table holds the language’s metric names', () => {
    expect([...metricNames].sort()).toEqual([
      'accuracy',
      'auc',
      'binary_accuracy',
      'mae',
      'mse',
      'top_k',
    ]);
  });
});
