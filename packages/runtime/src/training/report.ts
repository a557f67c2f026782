// The JSON report of a training run (`nnc train --report FILE`): per-epoch values, the final
// loss and metrics on each split (`final.test.accuracy`), parameters and throughput.

import type { Evaluation } from './evaluate.js';
import type { FitResult } from './fit.js';

export interface TrainingReport {
  model: string;
  source: string;
  run: string;
  params: number;
  epochs: { epoch: number; loss: number; seconds: number; [quantity: string]: number }[];
  final: Record<string, { loss: number; [metric: string]: number }>;
  samplesPerSecond: number;
  trainingSeconds: number;
  stoppedEarly: boolean;
  bestEpoch?: number;
  nan?: FitResult['nan'];
  /** With `log_every = N`: the mean training loss of each N steps; `step` counts from the start. */
  steps?: { step: number; epoch: number; loss: number }[];
  /** With `--record weights`: the snapshots written and the CPU seconds taking them cost. */
  recording?: { snapshots: number; cpuSeconds: number };
}

export function buildReport(
  info: { model: string; source: string; run: string; params: number },
  result: FitResult,
  final: Record<string, Evaluation | undefined>,
): TrainingReport {
  const flatten = (evaluation: Evaluation) => ({ loss: evaluation.loss, ...evaluation.metrics });
  return {
    ...info,
    epochs: result.history.map((r) => ({
      epoch: r.epoch,
      loss: r.loss,
      ...r.metrics,
      ...(r.validation
        ? {
            val_loss: r.validation.loss,
            ...Object.fromEntries(
              Object.entries(r.validation.metrics).map(([k, v]) => [`val_${k}`, v]),
            ),
          }
        : {}),
      seconds: r.seconds,
    })),
    final: Object.fromEntries(
      Object.entries(final)
        .filter(([, e]) => e)
        .map(([split, e]) => [split, flatten(e!)]),
    ),
    samplesPerSecond: result.samplesPerSecond,
    trainingSeconds: result.trainingSeconds,
    stoppedEarly: result.stoppedEarly,
    ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}),
    ...(result.nan ? { nan: result.nan } : {}),
  };
}
