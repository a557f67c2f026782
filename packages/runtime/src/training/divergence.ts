// Signs that training diverges, checked at the end of each epoch: a weight that became NaN or
// infinite (a full-batch step can overflow after its loss was measured), and a loss that grew by
// orders of magnitude over its best without reaching NaN. Reads the model; changes nothing.

import type { CompiledModel } from '../core/compiled-model.js';
import type { EpochRecord } from './fit.js';

/** The first parameter holding a NaN or an infinity, or undefined when all are finite. */
export function firstNonFiniteParam(model: CompiledModel): string | undefined {
  for (const info of model.paramInfo) {
    const values = model.params[info.name];
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return info.name;
  }
  return undefined;
}

/** How many times the best loss the latest epoch's may grow before the run is warned. */
export const LOSS_GROWTH_WARNING = 1000;

/** A learning rate as a person writes it: 0.16, 10, 1e+15 (not 1000000000000000), 3 digits. */
export function formatRate(rate: number): string {
  const rounded = Number(rate.toPrecision(3));
  return Math.abs(rounded) >= 1e6 || (rounded !== 0 && Math.abs(rounded) < 1e-4)
    ? rounded.toExponential()
    : String(rounded);
}

/**
 * A warning when the last epoch's loss is LOSS_GROWTH_WARNING times its best so far (a run whose
 * loss grows 10^5× otherwise finishes silently), with the likely cause.
 */
export function lossGrowthWarning(
  history: readonly EpochRecord[],
  learningRate: number,
): string | undefined {
  const last = history[history.length - 1];
  if (!last || history.length < 2 || !Number.isFinite(last.loss)) return undefined;
  let best = history[0];
  for (const record of history.slice(0, -1)) if (record.loss < best.loss) best = record;
  if (!(best.loss > 0) || last.loss < LOSS_GROWTH_WARNING * best.loss) return undefined;
  const factor = last.loss / best.loss;
  const times =
    factor >= 1e6 ? factor.toExponential(1) : Math.round(factor).toLocaleString('en-US');
  return (
    `warning: the loss grew ${times} times, from ${best.loss.toPrecision(4)} at epoch ${best.epoch} ` +
    `to ${last.loss.toPrecision(4)} at epoch ${last.epoch}: training diverges; the learning rate ` +
    `${formatRate(learningRate)} is probably too high — try ${formatRate(learningRate / 10)}`
  );
}
