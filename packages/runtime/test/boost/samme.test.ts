// SAMME against scikit-learn: the weak learners' predictions recorded from AdaBoostClassifier
// (algorithm='SAMME', scripts/sklearn-adaboost-fixtures.py) are replayed round by round, and
// ε_t, α_t, the weights each learner saw, staged and final predictions must match sklearn's; the
// case where sklearn silently stops early must be reported by round and reason.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  deckAlpha,
  ensemblePredictions,
  runSamme,
  sammeAlpha,
  updateWeights,
} from '../../src/boost/samme.js';
import { expectClose } from '../helpers.js';

interface Fixture {
  name: string;
  classes: number;
  rounds: number;
  learning_rate: number;
  labels: number[];
  fits: { predictions: number[]; weights: number[] }[];
  sklearn: {
    fitted: number;
    estimator_errors: number[];
    estimator_weights: number[];
    predict: number[];
    staged_predict: number[][];
  };
}

const fixtures = (
  JSON.parse(readFileSync(new URL('./fixtures/adaboost-samme.json', import.meta.url), 'utf8')) as {
    cases: Fixture[];
  }
).cases;

/** Replays the recorded learners in order, checking each saw sklearn's weights. */
function replay(fixture: Fixture, onWeak: 'stop' | 'skip' = 'stop') {
  const seen: Float64Array[] = [];
  let next = 0;
  const result = runSamme(
    fixture.labels,
    {
      rounds: fixture.rounds,
      classes: fixture.classes,
      onWeak,
      learningRate: fixture.learning_rate,
    },
    (weights) => {
      seen.push(Float64Array.from(weights));
      const fit = fixture.fits[next++ % fixture.fits.length];
      return { learner: next, predictions: fit.predictions };
    },
  );
  return { result, seen };
}

describe('SAMME against scikit-learn', () => {
  for (const fixture of fixtures.filter((f) => f.sklearn.fitted === f.rounds)) {
    it(`${fixture.name}: ε_t, α_t, weights and predictions match`, () => {
      const { result, seen } = replay(fixture);
      expect(result.stopped).toBeUndefined();
      expect(result.alphas.length).toBe(fixture.rounds);
      expectClose(
        result.rounds.map((r) => r.error),
        fixture.sklearn.estimator_errors,
        { relative: 1e-9 },
      );
      expectClose(result.alphas, fixture.sklearn.estimator_weights, { relative: 1e-9 });
      fixture.fits.forEach((fit, t) =>
        expectClose(seen[t], fit.weights, { relative: 1e-7, absolute: 1e-15 }),
      );
      const final = ensemblePredictions(result.predictions, result.alphas, fixture.classes);
      expect(Array.from(final)).toEqual(fixture.sklearn.predict);
      fixture.sklearn.staged_predict.forEach((staged, t) =>
        expect(
          Array.from(
            ensemblePredictions(result.predictions, result.alphas, fixture.classes, t + 1),
          ),
        ).toEqual(staged),
      );
    });
  }

  const early = fixtures.find((f) => f.sklearn.fitted < f.rounds)!;
  it(`${early.name}: nnet reports the round and the reason where sklearn stops silently`, () => {
    const { result } = replay(early);
    const fitted = early.sklearn.fitted;
    expect(result.alphas.length).toBe(fitted);
    expect(result.stopped?.round).toBe(fitted + 1);
    expect(result.stopped?.reason).toMatch(/≥ 1 − 1\/K = 0\.5000: no better than chance/);
    expect(result.stopped?.reason).toMatch(/on_weak = stop: boosting stops/);
    expectClose(result.alphas, early.sklearn.estimator_weights.slice(0, fitted), {
      relative: 1e-9,
    });
    // sklearn pads the rounds it never fitted with α = 0 and ε = 1, and says nothing.
    expect(early.sklearn.estimator_weights.slice(fitted).every((w) => w === 0)).toBe(true);
    const final = ensemblePredictions(result.predictions, result.alphas, early.classes);
    expect(Array.from(final)).toEqual(early.sklearn.predict);
  });

  it('on_weak = skip drops the weak learner, keeps the weights and goes on', () => {
    const { result, seen } = replay(early, 'skip');
    const refused = result.rounds.find((r) => !r.kept)!;
    expect(refused.note).toMatch(/on_weak = skip/);
    const index = result.rounds.indexOf(refused);
    expectClose(seen[index + 1], seen[index], { absolute: 0 });
    expect(result.rounds.length).toBe(early.rounds);
  });
});

describe('the binary deck form agrees with SAMME', () => {
  it('α_SAMME = 2·α_deck for K = 2, the same weights after renormalising, the same H', () => {
    const labels = [0, 1, 1, 0, 1, 0, 0, 1];
    const rounds = [
      [0, 1, 0, 0, 1, 0, 1, 1],
      [1, 1, 1, 0, 0, 0, 0, 1],
      [0, 0, 1, 0, 1, 1, 0, 1],
    ];
    const sammeWeights = new Float64Array(labels.length).fill(1 / labels.length);
    const deckWeights = Float64Array.from(sammeWeights);
    const alphas: number[] = [];
    const deck: number[] = [];
    for (const h of rounds) {
      let error = 0;
      h.forEach((p, i) => (error += p !== labels[i] ? sammeWeights[i] : 0));
      alphas.push(sammeAlpha(error, 2));
      deck.push(deckAlpha(error));
      expect(alphas.at(-1)).toBeCloseTo(2 * deck.at(-1)!, 12);
      updateWeights(sammeWeights, h, labels, alphas.at(-1)!);
      // The deck: w ← w·exp(−α·y·h) with y, h ∈ {−1, +1}, then normalise.
      let total = 0;
      h.forEach((p, i) => {
        deckWeights[i] *= Math.exp(-deck.at(-1)! * (2 * labels[i] - 1) * (2 * p - 1));
        total += deckWeights[i];
      });
      deckWeights.forEach((w, i) => (deckWeights[i] = w / total));
      expectClose(sammeWeights, deckWeights, { relative: 1e-12 });
    }
    const signs = labels.map((_, i) =>
      Math.sign(rounds.reduce((s, h, t) => s + deck[t] * (2 * h[i] - 1), 0)) > 0 ? 1 : 0,
    );
    expect(Array.from(ensemblePredictions(rounds, alphas, 2))).toEqual(signs);
  });
});
