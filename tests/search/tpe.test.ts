// TPE (search/tpe.ts) against hand-worked answers and SciPy: the Parzen estimators' bandwidths
// worked out by hand as Optuna computes them, their densities against scipy.stats.truncnorm and
// norm.cdf (values printed by /usr/bin/python3, quoted below), the good/bad split and weights;
// then, on known synthetic objectives, TPE beats random sampling with the same budget, seed by seed.

import { describe, expect, it } from 'vitest';
import {
  erfc,
  goodCount,
  logDensity,
  normalMass,
  observationWeights,
  parzenEstimator,
  sampleEstimator,
  sampleTpe,
  splitObservations,
  defaultTpeOptions,
  type NumericEstimator,
  type Observation,
} from '../../packages/compiler/src/search/tpe.js';
import {
  sampleConfiguration,
  seededRandom,
  type Configuration,
  type Dimension,
} from '../../packages/compiler/src/search/space.js';

const choice = (...values: string[]) => ({
  kind: 'choice' as const,
  values: values.map((v) => ({ text: v, label: v, nested: [] })),
});

describe('the normal distribution pieces', () => {
  it('gives the masses SciPy gives, in the tails too', () => {
    // norm.cdf(-6); norm.cdf(3) - norm.cdf(-1); norm.cdf(-5) - norm.cdf(-7)
    expect(normalMass(-Infinity, -6) / 9.865876450376946e-10).toBeCloseTo(1, 6);
    expect(normalMass(-1, 3)).toBeCloseTo(0.8399948480369128, 7);
    expect(normalMass(-7, -5) / 2.866502920666494e-7).toBeCloseTo(1, 6);
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 12);
  });
});

describe('the Parzen estimator', () => {
  it("sets each kernel's width from its neighbours, as Optuna: clipped, the prior the whole range", () => {
    // uniform(0, 100), observed 10, 12, 40, 90; the prior kernel at 50. Sorted with the ends:
    // 0 | 10 12 40 50 90 | 100. Gaps to the larger neighbour: 10, 28, 28, 40, 40; the outermost
    // take their inner gap instead (12 − 10 = 2 and 90 − 50 = 40); the floor is 100 / min(100, 1 + 5).
    const estimator = parzenEstimator(
      { kind: 'uniform', low: 0, high: 100 },
      [10, 12, 40, 90],
      1,
    ) as NumericEstimator;
    expect(estimator.mus).toEqual([10, 12, 40, 90, 50]);
    expect(estimator.sigmas[0]).toBeCloseTo(100 / 6, 12);
    expect(estimator.sigmas.slice(1)).toEqual([28, 28, 40, 100]);
    expect(estimator.weights).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    // log Σ ⅕ truncnorm.pdf(30, …) over the five kernels on [0, 100] (SciPy).
    expect(logDensity(estimator, 30)).toBeCloseTo(-4.359189658995612, 6);
  });

  it('measures whole numbers by the mass of their unit interval', () => {
    // integers(1, 3), observed 2: the interval is [0.5, 3.5]; both kernels sit at 2, so both gaps
    // are 0 and the floor 3 / min(100, 3) = 1 applies; the prior's σ is 3.
    const estimator = parzenEstimator(
      { kind: 'integers', low: 1, high: 3 },
      [2],
      1,
    ) as NumericEstimator;
    expect(estimator.sigmas).toEqual([1, 3]);
    // log(½·P(1.5..2.5 | N(2, 1)) / P(0.5..3.5 | N(2, 1)) + ½·(the same with σ = 3)) (SciPy).
    expect(logDensity(estimator, 2)).toBeCloseTo(-0.9318422450957352, 6);
    const total = [1, 2, 3].reduce((sum, x) => sum + Math.exp(logDensity(estimator, x)), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('works in log space for a log range', () => {
    // loguniform(1e-4, 0.1), observed 1e-3: in log space the kernel's σ is the floor ln(1000) / 3.
    const estimator = parzenEstimator(
      { kind: 'loguniform', low: 1e-4, high: 0.1 },
      [Math.log(1e-3)],
      1,
    ) as NumericEstimator;
    expect(estimator.sigmas[0]).toBeCloseTo(Math.log(1000) / 3, 12);
    expect(logDensity(estimator, Math.log(0.01))).toBeCloseTo(-1.9764724198107475, 6);
  });

  it('mixes one row per observed choice with a uniform prior row', () => {
    // 3 choices, observed 0, 0, 2, prior weight 1: 4 kernels, an observed row is
    // (¼ + [k = c]) / (1 + ¾); p(0) = ¼(5/7 + 5/7 + 1/7 + 1/3) = 10/21, p(1) = 4/21, p(2) = 7/21.
    const estimator = parzenEstimator(choice('a', 'b', 'c'), [0, 0, 2], 1);
    expect(Math.exp(logDensity(estimator, 0))).toBeCloseTo(10 / 21, 12);
    expect(Math.exp(logDensity(estimator, 1))).toBeCloseTo(4 / 21, 12);
    expect(Math.exp(logDensity(estimator, 2))).toBeCloseTo(7 / 21, 12);
  });

  it('draws from the density it states', () => {
    const estimator = parzenEstimator(choice('a', 'b', 'c'), [0, 0, 2], 1);
    const random = seededRandom(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 21_000; i++) counts[sampleEstimator(estimator, random)]++;
    // 10/21, 4/21, 7/21 of 21,000, within 4 standard deviations.
    expect(Math.abs(counts[0] - 10_000)).toBeLessThan(
      4 * Math.sqrt(21_000 * (10 / 21) * (11 / 21)),
    );
    expect(Math.abs(counts[1] - 4_000)).toBeLessThan(4 * Math.sqrt(21_000 * (4 / 21) * (17 / 21)));
    const numeric = parzenEstimator({ kind: 'uniform', low: 0, high: 100 }, [10, 12, 40, 90], 1);
    const draws = Array.from({ length: 20_000 }, () => sampleEstimator(numeric, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(100);
    // The share below 30 against the density's integral over [0, 30] (midpoint rule).
    let mass = 0;
    for (let x = 0.05; x < 30; x += 0.1) mass += Math.exp(logDensity(numeric, x)) * 0.1;
    const share = draws.filter((x) => x < 30).length / draws.length;
    expect(Math.abs(share - mass)).toBeLessThan(4 * Math.sqrt((mass * (1 - mass)) / draws.length));
  });
});

describe('splitting the trials', () => {
  const observation = (
    trial: number,
    status: Observation['status'],
    metric: number | null,
    epochs = 10,
  ): Observation => ({ trial, point: {}, status, metric, epochs });

  it('takes the best ⌈γ·n⌉ (at most 25) as good: complete by metric, then pruned by epochs reached', () => {
    expect([1, 10, 11, 100, 300].map((n) => goodCount(n, 0.1))).toEqual([1, 1, 2, 10, 25]);
    const trials = [
      observation(1, 'complete', 0.5),
      observation(2, 'pruned', 0.1, 3),
      observation(3, 'complete', 0.2),
      observation(4, 'pruned', 0.3, 6),
      observation(5, 'diverged', null),
      observation(6, 'failed', null),
      observation(7, 'complete', 0.9),
    ];
    // Minimizing: 3 (0.2), 1 (0.5), 7 (0.9), then pruned 4 (6 epochs), 2 (3 epochs), then 5.
    const minimizing = splitObservations(trials, false, 0.4);
    expect(minimizing.good.map((o) => o.trial)).toEqual([1, 3, 7]);
    expect(minimizing.bad.map((o) => o.trial)).toEqual([2, 4, 5]);
    const maximizing = splitObservations(trials, true, 0.2);
    expect(maximizing.good.map((o) => o.trial)).toEqual([1, 7]);
  });

  it('weighs observations as Optuna: equally below 25, older ones ramped down after', () => {
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const weights = observationWeights(28);
    expect(weights.slice(0, 3).map((w) => Number(w.toFixed(12)))).toEqual([
      Number((1 / 28).toFixed(12)),
      Number((1 / 28 + (1 - 1 / 28) / 2).toFixed(12)),
      1,
    ]);
    expect(weights.slice(3)).toEqual(new Array(25).fill(1));
  });
});

/** A sequential search: `budget` trials, each sampled from the ones before, the best value found. */
function bestFound(
  dimensions: Dimension[],
  objective: (configuration: Configuration) => number,
  budget: number,
  seed: number,
  sampler: 'tpe' | 'random',
): number {
  const observations: Observation[] = [];
  const random = seededRandom(seed);
  let best = Infinity;
  for (let trial = 1; trial <= budget; trial++) {
    const configuration =
      sampler === 'tpe'
        ? sampleTpe(dimensions, observations, false, defaultTpeOptions, random)
        : sampleConfiguration(dimensions, random);
    const value = objective(configuration);
    best = Math.min(best, value);
    observations.push({
      trial,
      point: configuration.point,
      status: 'complete',
      metric: value,
      epochs: 1,
    });
  }
  return best;
}

describe('TPE against random sampling', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

  it('finds a lower value of a 1-D quadratic with the same 30 trials, seed by seed', () => {
    const dimensions: Dimension[] = [
      { key: 'x', distribution: { kind: 'uniform', low: -10, high: 10 } },
    ];
    const objective = (c: Configuration) => (c.point.x - 3.3) ** 2;
    const tpe = seeds.map((s) => bestFound(dimensions, objective, 30, s, 'tpe'));
    const random = seeds.map((s) => bestFound(dimensions, objective, 30, s, 'random'));
    const wins = seeds.filter((_, i) => tpe[i] < random[i]).length;
    // Both start with the same 10 random trials, so a tie is possible (seed 6 ties).
    expect(wins, `TPE ${tpe.join(', ')}; random ${random.join(', ')}`).toBeGreaterThanOrEqual(6);
    expect(median(tpe)).toBeLessThan(median(random) / 4);
  });

  it('finds a lower value over a log range, a whole number and a choice (2-D and more)', () => {
    const dimensions: Dimension[] = [
      { key: 'lr', distribution: { kind: 'loguniform', low: 1e-5, high: 1 } },
      { key: 'depth', distribution: { kind: 'integers', low: 1, high: 8 } },
      { key: 'act', distribution: choice('relu', 'tanh', 'sigmoid', 'elu') },
    ];
    // Best at lr = 3e-3, depth 3, tanh.
    const objective = (c: Configuration) =>
      (Math.log10(c.point.lr) - Math.log10(3e-3)) ** 2 +
      0.3 * (c.point.depth - 3) ** 2 +
      (c.point.act === 1 ? 0 : 1);
    const tpe = seeds.map((s) => bestFound(dimensions, objective, 40, s, 'tpe'));
    const random = seeds.map((s) => bestFound(dimensions, objective, 40, s, 'random'));
    const wins = seeds.filter((_, i) => tpe[i] < random[i]).length;
    expect(wins, `TPE ${tpe.join(', ')}; random ${random.join(', ')}`).toBeGreaterThanOrEqual(6);
    expect(median(tpe)).toBeLessThan(median(random));
  });

  it('samples at random for the first startup trials, then only within the range', () => {
    const dimensions: Dimension[] = [
      { key: 'x', distribution: { kind: 'uniform', low: -10, high: 10 } },
    ];
    const observations: Observation[] = Array.from({ length: 9 }, (_, i) => ({
      trial: i + 1,
      point: { x: 3 },
      status: 'complete',
      metric: i,
      epochs: 1,
    }));
    // Fewer than 10 finished trials: a random draw, the same as random sampling with that generator.
    const early = sampleTpe(dimensions, observations, false, defaultTpeOptions, seededRandom(9));
    const plain = sampleConfiguration(dimensions, seededRandom(9));
    expect(early.point.x).toBe(plain.point.x);
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
