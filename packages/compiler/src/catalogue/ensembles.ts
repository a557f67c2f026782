// The ensemble methods an `ensemble` declaration may name (`adaboost(…)`): each with its arguments,
// types, defaults and documentation. The checker binds a declaration's arguments against these;
// the runtime's boosting reads the values (rounds, on_weak, retries), never the words here.

import type { ArgSpec } from './types.js';

/** An ensemble method: `ensemble Name = adaboost(rounds = 20) of Learner`. */
export interface EnsembleMethodSpec {
  name: string;
  /** One line, then the formula. */
  summary: string;
  doc: string;
  args: readonly ArgSpec[];
}

export const adaboost: EnsembleMethodSpec = {
  name: 'adaboost',
  summary: 'AdaBoost SAMME: weak learners trained in turn on reweighted samples, voting with α_t',
  doc:
    'Each round t trains a fresh copy of the learner on the sample weighted by w_t (a weighted ' +
    'loss), measures its weighted error ε_t, gives it the vote α_t = ln((1 − ε_t)/ε_t) + ln(K − 1) ' +
    '(K classes; for K = 2 twice the binary ½·ln((1 − ε_t)/ε_t)), multiplies the weights of the ' +
    'points it got wrong by e^α_t and renormalises. The ensemble predicts ' +
    'H(x) = argmax_k Σ_t α_t·[h_t(x) = k]. A learner with ε_t ≥ 1 − 1/K is no better than chance: ' +
    '`on_weak` says what happens then.',
  args: [
    {
      name: 'rounds',
      type: { kind: 'int', min: 1, max: 10000 },
      doc: 'Boosting rounds: the number of weak learners at most.',
      default: 20,
    },
    {
      name: 'on_weak',
      type: { kind: 'enum', values: ['stop', 'retry', 'skip'] },
      doc:
        'After a learner no better than chance: `stop` boosting (scikit-learn does, silently), ' +
        '`retry` the round with a new learner and seed, or `skip` it (weights unchanged).',
      default: 'stop',
    },
    {
      name: 'learning_rate',
      type: { kind: 'number', min: 0, minExclusive: true },
      doc: "Shrinks every vote: α_t = learning_rate · (ln((1 − ε_t)/ε_t) + ln(K − 1)) (scikit-learn's).",
      default: 1,
      namedOnly: true,
    },
    {
      name: 'retries',
      type: { kind: 'int', min: 0, max: 100 },
      doc: 'With `on_weak = retry`: new learners tried for one round before boosting stops.',
      default: 5,
    },
  ],
};

export const ensembleMethods: readonly EnsembleMethodSpec[] = [adaboost];
