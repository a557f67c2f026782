// The bootstrap interval of the AUC against a naive bootstrap (materialize each resample with the
// same random draws, recompute the AUC from scratch), and the binary report's histograms and
// overtraining test against direct counts.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/core/prng.js';
import {
  aucConfidenceInterval,
  buildBinaryReport,
  kolmogorovSmirnovTest,
  quantile,
  rocAucScore,
  weightedAuc,
  decreasingOrder,
} from '../../src/report/index.js';

function sample(count: number, seed: number) {
  const random = new Prng(seed);
  const labels = Float32Array.from({ length: count }, () => (random.nextFloat() < 0.4 ? 1 : 0));
  // Scores rounded to 0.05 so that many are tied.
  const scores = Float32Array.from(
    labels,
    (l) => Math.round(Math.min(1, Math.max(0, 0.35 + 0.25 * l + 0.2 * random.normal())) * 20) / 20,
  );
  return { scores, labels };
}

describe('AUC bootstrap', () => {
  const { scores, labels } = sample(150, 3);

  it('weights a resample as if its samples were repeated', () => {
    const weights = Int32Array.from({ length: scores.length }, (_, i) => (i * 7) % 3);
    const repeatedScores: number[] = [];
    const repeatedLabels: number[] = [];
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        repeatedScores.push(scores[i]);
        repeatedLabels.push(labels[i]);
      }
    });
    expect(weightedAuc(scores, labels, decreasingOrder(scores), weights)).toBeCloseTo(
      rocAucScore(repeatedScores, repeatedLabels),
      12,
    );
  });

  it('equals a naive bootstrap that materializes each resample with the same draws', () => {
    const resamples = 200;
    const interval = aucConfidenceInterval(scores, labels, { resamples, seed: 11 });
    const random = new Prng(11);
    const values: number[] = [];
    for (let r = 0; r < resamples; r++) {
      const picked = Array.from({ length: scores.length }, () => random.nextInt(scores.length));
      const auc = rocAucScore(
        picked.map((i) => scores[i]),
        picked.map((i) => labels[i]),
      );
      if (!Number.isNaN(auc)) values.push(auc);
    }
    values.sort((a, b) => a - b);
    expect(interval.low).toBeCloseTo(quantile(values, 0.025), 12);
    expect(interval.high).toBeCloseTo(quantile(values, 0.975), 12);
    const auc = rocAucScore(scores, labels);
    expect(interval.low).toBeLessThan(auc);
    expect(interval.high).toBeGreaterThan(auc);
  });

  it('is the same for the same seed and narrows with more data', () => {
    const once = aucConfidenceInterval(scores, labels, { seed: 5 });
    expect(aucConfidenceInterval(scores, labels, { seed: 5 })).toEqual(once);
    const big = sample(2000, 3);
    const wide = once.high - once.low;
    const narrow = aucConfidenceInterval(big.scores, big.labels, { seed: 5 });
    expect(narrow.high - narrow.low).toBeLessThan(wide / 2);
  });

  it('interpolates quantiles as numpy does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.025)).toBeCloseTo(0.25, 12);
  });
});

describe('binary report', () => {
  const training = sample(300, 1);
  const test = sample(200, 2);
  const report = buildBinaryReport({ training, test }, { resamples: 50 });

  it('histograms every score of each class of each split once', () => {
    for (const [name, data] of Object.entries({ training, test })) {
      const counts = report.histograms.counts[name];
      const positives = Array.from(data.labels).filter((l) => l > 0.5).length;
      expect(counts.signal.reduce((a, b) => a + b, 0)).toBe(positives);
      expect(counts.background.reduce((a, b) => a + b, 0)).toBe(data.labels.length - positives);
    }
    // Probabilities get the bins of [0, 1]; a score of exactly 1 lands in the last bin.
    expect(report.histograms.edges[0]).toBe(0);
    expect(report.histograms.edges.at(-1)).toBe(1);
    const ones = Array.from(test.scores).filter((s, i) => s === 1 && test.labels[i] > 0.5).length;
    expect(report.histograms.counts.test.signal.at(-1)).toBeGreaterThanOrEqual(ones);
  });

  it('compares training with test scores per class for overtraining', () => {
    const signal = (d: typeof training) => Array.from(d.scores).filter((_, i) => d.labels[i] > 0.5);
    expect(report.overtraining!.signal).toEqual(
      kolmogorovSmirnovTest(signal(training), signal(test)),
    );
    expect(report.main).toBe('test');
    expect(report.splits.test.auc).toBeCloseTo(rocAucScore(test.scores, test.labels), 14);
  });

  it('counts the confusion at the threshold as binary_accuracy does (score > 0.5)', () => {
    const at = report.splits.test.atThreshold;
    let right = 0;
    test.scores.forEach((s, i) => {
      if ((s > 0.5 ? 1 : 0) === test.labels[i]) right++;
    });
    expect(at.threshold).toBe(0.5);
    expect(at.accuracy).toBeCloseTo(right / test.scores.length, 14);
    expect(at.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.scores.length);
  });
});
