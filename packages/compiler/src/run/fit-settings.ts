// The fit options of a train run, read once for `nnc train` and for every `nnc search` trial:
// epochs, batch, shuffle, metrics and early stopping, with the runtime's names.

import type { FitOptions, MetricRequest } from '@nnet/runtime/train';
import type { TrainRun } from '../check/train.js';

/** A run's number setting, or `fallback` when the run does not set it. */
export function numberSetting(run: TrainRun, name: string, fallback: number): number {
  const value = run.settings[name];
  return typeof value === 'number' ? value : fallback;
}

/** The fit options of a run, read as `nnc train` reads them (epochs, batch, early stopping…). */
export function fitSettings(
  run: TrainRun,
  seed: number,
): Omit<FitOptions, 'reporter'> & { metrics: MetricRequest[] } {
  const metrics: MetricRequest[] = run.metrics.map((m) => ({
    name: m.name,
    ...(typeof m.args.k === 'number' ? { k: m.args.k } : {}),
  }));
  const earlyStop = run.settings.early_stop as
    { monitor?: string; patience?: number; min_delta?: number } | undefined;
  return {
    epochs: numberSetting(run, 'epochs', 10),
    batch: numberSetting(run, 'batch', 32),
    shuffle: run.settings.shuffle !== false,
    seed,
    metrics,
    ...(earlyStop?.monitor
      ? {
          earlyStop: {
            monitor: earlyStop.monitor,
            patience: earlyStop.patience ?? 5,
            minDelta: earlyStop.min_delta ?? 0,
          },
        }
      : {}),
  };
}
