// Ensemble summaries: from a CheckedEnsemble to what `nnc summary` prints for it: the method and
// its settings, the learner's parameters, and the total of rounds × learner parameters + one α per
// round (an upper bound: a run that stops early keeps fewer learners).

import type { Catalogue, Convention } from '../catalogue/types.js';
import type { CheckedEnsemble } from '../check/ensemble.js';
import type { TrainRun } from '../check/train.js';
import { summarize, type ParamCounts } from './summary.js';
import { formatCount } from './render.js';

export interface EnsembleSummary {
  ensemble: string;
  /** `adaboost(rounds = 20, on_weak = stop, retries = 5)` with defaults filled. */
  method: string;
  learner: string;
  rounds: number;
  classes?: number;
  learnerParams: ParamCounts;
  /** rounds × learner parameters + rounds α's. */
  totals: ParamCounts;
  complete: boolean;
}

export function summarizeEnsemble(
  ensemble: CheckedEnsemble,
  catalogue: Catalogue,
  convention: Convention = 'keras',
  runs: readonly TrainRun[] = [],
): EnsembleSummary {
  const rounds = typeof ensemble.args.rounds === 'number' ? ensemble.args.rounds : 0;
  const learner = ensemble.graph
    ? summarize(ensemble.graph, catalogue, convention, runs).totals
    : { total: 0, trainable: 0, nonTrainable: 0 };
  const args = Object.entries(ensemble.args).map(([k, v]) => `${k} = ${String(v)}`);
  return {
    ensemble: ensemble.name,
    method: `${ensemble.method ?? '?'}(${args.join(', ')})`,
    learner: ensemble.learnerText ?? ensemble.learner,
    rounds,
    ...(ensemble.classes !== undefined ? { classes: ensemble.classes } : {}),
    learnerParams: learner,
    totals: {
      total: rounds * learner.total + rounds,
      trainable: rounds * learner.trainable + rounds,
      nonTrainable: rounds * learner.nonTrainable,
    },
    complete: ensemble.complete,
  };
}

export function renderEnsembleSummaryText(summary: EnsembleSummary): string {
  const l = summary.learnerParams;
  const t = summary.totals;
  const lines = [
    `Ensemble: "${summary.ensemble}" = ${summary.method} of ${summary.learner}`,
    `Weak learner: ${summary.learner}, ${formatCount(l.total)} params (trainable ${formatCount(l.trainable)}, non-trainable ${formatCount(l.nonTrainable)})` +
      (summary.classes !== undefined ? `, voting for ${summary.classes} classes` : ''),
    `Learner weights α_t: 1 per round`,
    `Total params: ${formatCount(summary.rounds)} × ${formatCount(l.total)} + ${formatCount(summary.rounds)} α = ${formatCount(t.total)} (trainable ${formatCount(t.trainable)}, non-trainable ${formatCount(t.nonTrainable)}); fewer if boosting stops early`,
  ];
  if (!summary.complete) lines.push('(incomplete: errors above; the counts show what is known)');
  return lines.join('\n') + '\n';
}
