// The tree-structured Parzen estimator (TPE), as Optuna's default univariate TPESampler: takes the
// search space and the finished trials, splits them into the best `gamma` part and the rest, fits
// a Parzen estimator per key to each, and picks the candidate (drawn from the good one) with the
// highest ratio l(x)/g(x). Keys nested in a choice are fitted on the trials that chose it.

import { configurationFrom, type Configuration, type Dimension } from './space.js';

export interface TpeOptions {
  /** Trials drawn at random before TPE starts (Optuna's n_startup_trials). */
  startupTrials: number;
  /** Candidates drawn from l(x) for each key (n_ei_candidates). */
  candidates: number;
  /** The good part is ⌈gamma·n⌉ of the n finished trials, at most 25 (Optuna's default_gamma). */
  gamma: number;
  /** The weight of the prior (a kernel over the whole range, or uniform over the choices). */
  priorWeight: number;
}

export const defaultTpeOptions: TpeOptions = {
  startupTrials: 10,
  candidates: 24,
  gamma: 0.1,
  priorWeight: 1,
};

/** A finished trial as the sampler sees it. */
export interface Observation {
  trial: number;
  /** key → choice index or number (Configuration.point). */
  point: Record<string, number>;
  status: 'complete' | 'pruned' | 'diverged' | 'failed';
  metric: number | null;
  /** Epochs the trial reported (a pruned trial that went further ranks before one that stopped). */
  epochs: number;
}

/** The size of the good part: ⌈gamma·n⌉, at most 25. */
export function goodCount(n: number, gamma: number): number {
  return Math.min(Math.ceil(gamma * n), 25);
}

/** Optuna's default weights, oldest first: 1 each below 25; else a ramp up to the last 25 at 1. */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const weights: number[] = [];
  for (let i = 0; i < ramp; i++)
    weights.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  return [...weights, ...new Array<number>(25).fill(1)];
}

/**
 * Splits the finished trials into good and bad, as Optuna's TPE: complete trials by their metric,
 * then pruned ones (further first, then by their metric), then diverged ones; failed trials are
 * left out. The first ⌈gamma·n⌉ are good. Each part is in trial order.
 */
export function splitObservations(
  observations: readonly Observation[],
  maximize: boolean,
  gamma: number,
): { good: Observation[]; bad: Observation[] } {
  const usable = observations.filter((o) => o.status !== 'failed');
  const score = (o: Observation) =>
    o.metric === null ? Infinity : maximize ? -o.metric : o.metric;
  const group = (o: Observation) =>
    o.status === 'complete' && o.metric !== null ? 0 : o.status === 'diverged' ? 2 : 1;
  const ranked = [...usable].sort(
    (a, b) =>
      group(a) - group(b) ||
      (group(a) === 1 ? b.epochs - a.epochs : 0) ||
      score(a) - score(b) ||
      a.trial - b.trial,
  );
  const cut = goodCount(ranked.length, gamma);
  const byTrial = (a: Observation, b: Observation) => a.trial - b.trial;
  return { good: ranked.slice(0, cut).sort(byTrial), bad: ranked.slice(cut).sort(byTrial) };
}

/** A mixture of truncated normals on [low, high] (numbers, in log space for log ranges). */
export interface NumericEstimator {
  kind: 'numeric';
  low: number;
  high: number;
  /** Whole numbers: a value's probability is the mass of [x − ½, x + ½]. */
  discrete: boolean;
  weights: number[];
  mus: number[];
  sigmas: number[];
}

/** A mixture over the choices: one row of probabilities per kernel. */
export interface ChoiceEstimator {
  kind: 'choice';
  weights: number[];
  rows: number[][];
}

export type ParzenEstimator = NumericEstimator | ChoiceEstimator;

/**
 * Optuna's univariate Parzen estimator of one key from the observed values (already in log space
 * for a log range): a kernel at each observation and a prior kernel. Numbers: the prior is centred
 * on the range with σ = its width; each observation's σ is the larger gap to its sorted neighbours
 * (the range's ends count as neighbours, except for the outermost observations), clipped to
 * [width / min(100, 1 + kernels), width]. Choices: an observed choice c gives the row
 * (prior/kernels + [k = c]) normalised; the prior row is uniform.
 */
export function parzenEstimator(
  dimension: Dimension['distribution'],
  observed: readonly number[],
  priorWeight: number,
): ParzenEstimator {
  const weights = [...observationWeights(observed.length), priorWeight];
  const total = weights.reduce((a, b) => a + b, 0);
  const normalised = weights.map((w) => w / total);
  if (dimension.kind === 'choice') {
    const count = dimension.values.length;
    const kernels = observed.length + 1;
    const rows = observed.map((c) => {
      const row = new Array<number>(count).fill(priorWeight / kernels);
      row[c] += 1;
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((p) => p / sum);
    });
    rows.push(new Array<number>(count).fill(1 / count));
    return { kind: 'choice', weights: normalised, rows };
  }
  const discrete = dimension.kind === 'integers';
  const log = dimension.kind === 'loguniform';
  const low = discrete ? dimension.low - 0.5 : log ? Math.log(dimension.low) : dimension.low;
  const high = discrete ? dimension.high + 0.5 : log ? Math.log(dimension.high) : dimension.high;
  const width = high - low;
  const mus = [...observed, (low + high) / 2];
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const sorted = [low, ...order.map((i) => mus[i]), high];
  const sortedSigmas = order.map((_, j) =>
    Math.max(sorted[j + 1] - sorted[j], sorted[j + 2] - sorted[j + 1]),
  );
  if (sorted.length >= 4) {
    sortedSigmas[0] = sorted[2] - sorted[1];
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2] - sorted[sorted.length - 3];
  }
  const minSigma = width / Math.min(100, 1 + mus.length);
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, j) => (sigmas[i] = Math.min(width, Math.max(minSigma, sortedSigmas[j]))));
  sigmas[mus.length - 1] = width;
  return { kind: 'numeric', low, high, discrete, weights: normalised, mus, sigmas };
}

/** The log of the estimator's density (probability for choices and whole numbers) at x. */
export function logDensity(estimator: ParzenEstimator, x: number): number {
  if (estimator.kind === 'choice')
    return Math.log(estimator.rows.reduce((sum, row, i) => sum + estimator.weights[i] * row[x], 0));
  const { low, high, mus, sigmas, weights, discrete } = estimator;
  let total = 0;
  for (let i = 0; i < mus.length; i++) {
    const [mu, sigma] = [mus[i], sigmas[i]];
    const mass = normalMass((low - mu) / sigma, (high - mu) / sigma);
    const value = discrete
      ? normalMass((x - 0.5 - mu) / sigma, (x + 0.5 - mu) / sigma)
      : Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
    total += (weights[i] * value) / mass;
  }
  return Math.log(total);
}

/** A draw from the estimator (a choice's index, or a number in its space) using `random`. */
export function sampleEstimator(estimator: ParzenEstimator, random: () => number): number {
  const kernel = pickIndex(estimator.weights, random());
  if (estimator.kind === 'choice') return pickIndex(estimator.rows[kernel], random());
  const { low, high } = estimator;
  const [mu, sigma] = [estimator.mus[kernel], estimator.sigmas[kernel]];
  // Rejection from the normal: μ lies in the range and σ ≥ width/100, so most draws land inside.
  for (let attempt = 0; attempt < 1000; attempt++) {
    const x = mu + sigma * standardNormal(random);
    if (x >= low && x <= high) return estimator.discrete ? Math.round(x) : x;
  }
  return Math.min(high, Math.max(low, mu));
}

/**
 * The next configuration by TPE (after `startupTrials` finished trials; before, a random sample):
 * each key on its own, from the observations of the trials that have it.
 */
export function sampleTpe(
  dimensions: readonly Dimension[],
  observations: readonly Observation[],
  maximize: boolean,
  options: TpeOptions,
  random: () => number,
): Configuration {
  const usable = observations.filter((o) => o.status !== 'failed');
  const startup = usable.length < options.startupTrials;
  const { good, bad } = splitObservations(usable, maximize, options.gamma);
  return configurationFrom(dimensions, ({ key, distribution }) => {
    if (startup) return uniformDraw(distribution, random);
    const toSpace = (value: number) =>
      distribution.kind === 'loguniform' ? Math.log(value) : value;
    const valuesOf = (part: Observation[]) =>
      part.filter((o) => key in o.point).map((o) => toSpace(o.point[key]));
    const below = parzenEstimator(distribution, valuesOf(good), options.priorWeight);
    const above = parzenEstimator(distribution, valuesOf(bad), options.priorWeight);
    let best = sampleEstimator(below, random);
    let bestScore = -Infinity;
    for (let i = 0; i < options.candidates; i++) {
      const candidate = i === 0 ? best : sampleEstimator(below, random);
      const score = logDensity(below, candidate) - logDensity(above, candidate);
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    return distribution.kind === 'loguniform' ? Math.exp(best) : best;
  });
}

/** A uniform draw over a key's values (log-uniform for log ranges), as `method = random`. */
function uniformDraw(distribution: Dimension['distribution'], random: () => number): number {
  const u = random();
  switch (distribution.kind) {
    case 'choice':
      return Math.floor(u * distribution.values.length);
    case 'integers':
      return distribution.low + Math.floor(u * (distribution.high - distribution.low + 1));
    case 'uniform':
      return distribution.low + u * (distribution.high - distribution.low);
    case 'loguniform': {
      const [a, b] = [Math.log(distribution.low), Math.log(distribution.high)];
      return Math.exp(a + u * (b - a));
    }
  }
}

function pickIndex(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / total;
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/** Box–Muller from two uniforms of `random`. */
function standardNormal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** P(a ≤ Z ≤ b) for a standard normal Z, accurate in the tails (through erfc on the same side). */
export function normalMass(a: number, b: number): number {
  if (a >= 0) return 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2));
  if (b <= 0) return 0.5 * (erfc(-b / Math.SQRT2) - erfc(-a / Math.SQRT2));
  return 1 - 0.5 * (erfc(-a / Math.SQRT2) + erfc(b / Math.SQRT2));
}

/** The complementary error function (Numerical Recipes' erfcc: relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
