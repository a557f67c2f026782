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
  LearnerArgumentTwice: {
    code: 'NN2042',
    severity: 'error',
    title: 'Learner argument given twice',
    message: (a) => `\`${a.name}\` is given twice to the weak learner \`${a.model}\``,
    help: () => 'give each parameter of the learner once',
  } satisfies MessageSpec<{ model: string; name: string }>,
  LearnerArity: {
    code: 'NN3041',
    severity: 'error',
    title: 'Too many learner arguments',
    message: (a) =>
      `model \`${a.model}\` takes ${a.expected} argument${a.expected === 1 ? '' : 's'} (${a.params}), found ${a.found}, as the weak learner of ensemble \`${a.ensemble}\``,
    help: (a) =>
      a.expected === 0
        ? `write \`of ${a.model}\`, or give the model parameters with defaults: \`model ${a.model}(width = 4) { … }\``
        : 'name the arguments, e.g. `of Mlp(width = 4)`',
  } satisfies MessageSpec<{
    model: string;
    ensemble: string;
    expected: number;
    params: string;
    found: number;
  }>,
  LearnerVariantInvalid: {
    code: 'NN3042',
    severity: 'error',
    title: 'Weak learner invalid with its arguments',
    message: (a) =>
      `the weak learner \`${a.learner}\` of ensemble \`${a.ensemble}\` is not a valid model with these arguments (see the errors in model \`${a.model}\`)`,
    help: () => 'change the arguments, or the model so that it accepts them',
  } satisfies MessageSpec<{ learner: string; ensemble: string; model: string }>,
} as const;
