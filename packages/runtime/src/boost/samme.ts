// AdaBoost SAMME (Zhu et al. 2009) for K ≥ 2 classes: takes class labels and, per round, a weak
// learner's predicted classes on the weighted sample; gives ε_t, α_t = ln((1−ε_t)/ε_t) + ln(K−1),
// renormalised weights and H(x) = argmax_k Σ_t α_t·[h_t(x) = k]. Pure: no files, no models.

/** What happens after a round whose weighted error is no better than chance (ε_t ≥ 1 − 1/K). */
export type OnWeakLearner = 'stop' | 'retry' | 'skip';

export const onWeakLearnerChoices: readonly OnWeakLearner[] = ['stop', 'retry', 'skip'];

/** ε_t = Σ_i w_i·[h(x_i) ≠ y_i] / Σ_i w_i. */
export function weightedError(
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
): number {
  let wrong = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    total += weights[i];
    if (predictions[i] !== labels[i]) wrong += weights[i];
  }
  return total > 0 ? wrong / total : 0;
}

/** SAMME's learner weight α_t = ln((1 − ε)/ε) + ln(K − 1); for K = 2 twice the deck's α. */
export function sammeAlpha(error: number, classes: number): number {
  return Math.log((1 - error) / error) + Math.log(classes - 1);
}

/** The deck's binary ±1 form α_t = ½·ln((1 − ε)/ε), with H = sign(Σ α_t h_t), h_t ∈ {−1, +1}. */
export function deckAlpha(error: number): number {
  return 0.5 * Math.log((1 - error) / error);
}

/**
 * The chance level SAMME refuses: ε_t ≥ 1 − 1/K (0.5 for two classes), within 1e-9: a sum of
 * renormalised weights that is 0.5 in exact arithmetic may come out 0.49999999999, and such a
 * learner would join with α ≈ 0 and change nothing.
 */
export function isNoBetterThanChance(error: number, classes: number): boolean {
  return error >= 1 - 1 / classes - 1e-9;
}

/**
 * w_i ← w_i·exp(α·[h(x_i) ≠ y_i]), then w ← w / Σ w, in place. For K = 2 this equals the deck's
 * w_i ← w_i·exp(−α_deck·y_i·h_i) after renormalising (both multiply the misclassified points'
 * weights by e^α relative to the rest).
 */
export function updateWeights(
  weights: Float64Array,
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  alpha: number,
): void {
  const factor = Math.exp(alpha);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (predictions[i] !== labels[i]) weights[i] *= factor;
    total += weights[i];
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= total;
}

/**
 * H(x_i) = argmax_k Σ_t α_t·[h_t(x_i) = k] over the first `rounds` learners (default all); ties go
 * to the lower class, as scikit-learn's binary decision (class 1 only when its score is higher).
 */
export function ensemblePredictions(
  learnerPredictions: readonly ArrayLike<number>[],
  alphas: readonly number[],
  classes: number,
  rounds = learnerPredictions.length,
): Int32Array {
  const count = learnerPredictions.length > 0 ? learnerPredictions[0].length : 0;
  const out = new Int32Array(count);
  const scores = new Float64Array(classes);
  for (let i = 0; i < count; i++) {
    scores.fill(0);
    for (let t = 0; t < rounds; t++) scores[learnerPredictions[t][i]] += alphas[t];
    let best = 0;
    for (let k = 1; k < classes; k++) if (scores[k] > scores[best]) best = k;
    out[i] = best;
  }
  return out;
}

export function errorRate(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] !== labels[i]) wrong++;
  return labels.length > 0 ? wrong / labels.length : 0;
}

/** One attempt at one round, as the per-round table prints it. */
export interface SammeRound {
  /** The ensemble's round, 1-based; a retry repeats the round's number. */
  round: number;
  /** 1 for the first learner trained for this round, 2… for retries. */
  attempt: number;
  /** ε_t, the weighted error on the sample it was trained on. */
  error: number;
  /** α_t when the learner was kept, else undefined. */
  alpha?: number;
  /** Whether the learner joined the ensemble. */
  kept: boolean;
  /** Training error of H_t (the ensemble after this round), when kept. */
  ensembleError?: number;
  /** Σ w_{t+1}(i) over the points H_t misclassifies: where the next learner is pushed, when kept. */
  massOnEnsembleErrors?: number;
  /** Why the learner was refused, and what happens next (set for every refused attempt). */
  note?: string;
}

export interface SammeOptions {
  rounds: number;
  classes: number;
  onWeak: OnWeakLearner;
  /** With `retry`: new learners tried for one round before boosting stops (default 5). */
  retries?: number;
  /** η, scaling every α_t (scikit-learn's learning_rate; default 1). */
  learningRate?: number;
  /** Called with each attempt once it is decided (kept or refused), as it happens. */
  onRound?(round: SammeRound): void;
}

/** What the caller's weak learner gives back for one round: the learner and its training predictions. */
export interface TrainedLearner<L> {
  learner: L;
  predictions: ArrayLike<number>;
}

export interface SammeResult<L> {
  learners: L[];
  alphas: number[];
  /** Every attempt in order, kept or not. */
  rounds: SammeRound[];
  /** Each kept learner's predictions on the training set (for staged curves). */
  predictions: ArrayLike<number>[];
  /** The final sample weights. */
  weights: Float64Array;
  /** Set when boosting ended before `rounds`: the round and why. */
  stopped?: { round: number; reason: string };
}

/**
 * Runs SAMME for `options.rounds` rounds. `train(weights, round, attempt)` fits a fresh weak learner
 * on the sample weighted by `weights` (summing to 1) and returns its predicted classes there.
 */
export function runSamme<L>(
  labels: ArrayLike<number>,
  options: SammeOptions,
  train: (weights: Float64Array, round: number, attempt: number) => TrainedLearner<L>,
): SammeResult<L> {
  const { classes } = options;
  const count = labels.length;
  const weights = new Float64Array(count).fill(1 / count);
  const result: SammeResult<L> = { learners: [], alphas: [], rounds: [], predictions: [], weights };
  const chance = `1 − 1/K = ${(1 - 1 / classes).toFixed(4)}`;
  const maxAttempts = options.onWeak === 'retry' ? 1 + (options.retries ?? 5) : 1;
  for (let round = 1; round <= options.rounds; round++) {
    let kept = false;
    for (let attempt = 1; attempt <= maxAttempts && !kept; attempt++) {
      const trained = train(weights, round, attempt);
      const error = weightedError(trained.predictions, labels, weights);
      const entry: SammeRound = { round, attempt, error, kept: false };
      result.rounds.push(entry);
      if (isNoBetterThanChance(error, classes)) {
        const why = `ε_t = ${error.toFixed(4)} ≥ ${chance}: no better than chance`;
        if (options.onWeak === 'skip') {
          entry.note = `${why}; on_weak = skip: learner dropped, weights unchanged, next round`;
          options.onRound?.(entry);
          break;
        }
        if (options.onWeak === 'retry' && attempt < maxAttempts) {
          entry.note = `${why}; on_weak = retry: training a new learner with another seed (attempt ${attempt + 1} of ${maxAttempts})`;
          options.onRound?.(entry);
          continue;
        }
        const reason =
          options.onWeak === 'retry'
            ? `${why} after ${maxAttempts} attempts; on_weak = retry: boosting stops`
            : `${why}; on_weak = stop: boosting stops`;
        entry.note = reason;
        result.stopped = { round, reason };
        options.onRound?.(entry);
        return result;
      }
      const perfect = error <= 0;
      // A perfect learner would get α = ∞: ε is clamped so it outvotes everything before it.
      const alpha = (options.learningRate ?? 1) * sammeAlpha(Math.max(error, 1e-10), classes);
      entry.alpha = alpha;
      entry.kept = true;
      kept = true;
      result.learners.push(trained.learner);
      result.alphas.push(alpha);
      result.predictions.push(Int32Array.from(trained.predictions));
      updateWeights(weights, trained.predictions, labels, alpha);
      const ensemble = ensemblePredictions(result.predictions, result.alphas, classes);
      entry.ensembleError = errorRate(ensemble, labels);
      let mass = 0;
      for (let i = 0; i < count; i++) if (ensemble[i] !== labels[i]) mass += weights[i];
      entry.massOnEnsembleErrors = mass;
      if (perfect) {
        entry.note = 'ε_t = 0: this learner classifies every training point; boosting stops';
        result.stopped = { round, reason: entry.note };
      }
      options.onRound?.(entry);
      if (perfect) return result;
    }
  }
  return result;
}
