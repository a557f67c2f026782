// What the search's main thread and its workers say to each other (plain, structured-clonable
// data): the setup a worker starts with (the program's texts, parsed once per worker), the trial
// requests (only overrides: the worker checks and compiles), the reports; and the metric read from
// an epoch's record. Shared by both sides so they cannot drift apart.

import type { EpochRecord } from '@nnet/runtime/train';
import * as fs from 'node:fs';
import type { Override } from './overrides.js';

/** The decision slot each worker blocks on after reporting an epoch. */
export const Decision = { Waiting: 0, Continue: 1, Prune: 2 } as const;

/** What every worker is given once, as its first message. */
export interface WorkerSetup {
  /** The entry file and the text of every file of the program, as the main thread checked them. */
  entry: string;
  texts: [file: string, text: string][];
  /** The train run the search is over. */
  run: string;
  metric: string;
  /** False without a pruner: the worker then neither reports epochs nor waits for an answer. */
  prune: boolean;
  /** The folder file names in error messages are shown relative to (the command's). */
  cwd: string;
}

/** One trial: its overrides (seed included) written into the program's text by the worker. */
export interface TrialRequest {
  trial: number;
  overrides: Override[];
}

export type TrialStatus = 'complete' | 'pruned' | 'diverged' | 'failed';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'epoch'; trial: number; epoch: number; value: number | null }
  | {
      type: 'done';
      trial: number;
      status: TrialStatus;
      metric: number | null;
      params: number;
      /** The metric after each epoch (the learning curve the pruners saw). */
      curve: (number | null)[];
      losses: number[];
      seconds: number;
      /** CPU seconds of the worker's thread for this trial, where the system tells. */
      cpuSeconds?: number;
    }
  | { type: 'failed'; trial: number; message: string };

/** `val_accuracy` → the validation accuracy of this epoch; null when the epoch has none. */
export function epochMetric(record: EpochRecord, quantity: string): number | null {
  const validation = quantity.startsWith('val_');
  const name = quantity.replace(/^val_/, '');
  const source = validation ? record.validation : { loss: record.loss, metrics: record.metrics };
  if (!source) return null;
  const value = name === 'loss' ? source.loss : source.metrics[name];
  return value === undefined || !Number.isFinite(value) ? null : value;
}

/**
 * CPU seconds this thread has used (Linux: /proc/thread-self/stat, read by this thread itself);
 * undefined elsewhere. The benchmark reads it to tell work from waiting on a shared machine.
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
