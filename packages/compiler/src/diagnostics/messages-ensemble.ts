// The messages of `ensemble` declarations, part of the one catalogue: messages.ts spreads them into
// `Messages`, so codes stay unique (a test checks) and docs/diagnostics.md lists them. Codes NN204x
// (names) and NN304x (shapes) are kept for ensembles.

import type { MessageSpec } from './diagnostic.js';

export const EnsembleMessages = {
  UnknownEnsembleMethod: {
    code: 'NN2040',
    severity: 'error',
    title: 'Unknown ensemble method',
    message: (a) => `unknown ensemble method \`${a.name}\`; expected ${a.expected}`,
    help: (a) =>
      a.suggestion ? `did you mean \`${a.suggestion}\`?` : 'write e.g. `adaboost(rounds = 20)`',
  } satisfies MessageSpec<{ name: string; expected: string; suggestion?: string }>,
  LearnerNotModel: {
    code: 'NN2041',
    severity: 'error',
    title: 'Weak learner is not a model',
    message: (a) =>
      a.what
        ? `the weak learner of ensemble \`${a.ensemble}\` must be a model; \`${a.name}\` is ${a.what}`
        : `unknown model \`${a.name}\` as the weak learner of ensemble \`${a.ensemble}\``,
    help: (a) =>
      a.suggestion
        ? `did you mean \`${a.suggestion}\`?`
        : a.what?.startsWith('an ensemble')
          ? 'boost its learner instead, with more `rounds` if needed'
          : a.what
            ? 'declare a `model` that uses it and boost that model'
            : 'declare the learner with `model Name { … }` in this file or import it',
  } satisfies MessageSpec<{ name: string; ensemble: string; what?: string; suggestion?: string }>,
  LearnerOutputNotClasses: {
    code: 'NN3040',
    severity: 'error',
    title: 'Weak learner does not output classes',
    message: (a) =>
      `the weak learner \`${a.name}\` of ensemble \`${a.ensemble}\` outputs ${a.shape}; boosting needs one output (two classes) or one score per class [K]`,
    help: () => 'end the learner with e.g. `dense(K)` or `perceptron(1)`',
  } satisfies MessageSpec<{ name: string; ensemble: string; shape: string }>,
} as const;
