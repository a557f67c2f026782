// What the search's main thread and its workers say to each other (plain, structured-clonable
// data): the setup a worker starts with (the program's texts, parsed once per worker), the trial
// requests (only overrides: the worker checks and compiles), the reports; and the metric read from
// an epoch's record. Shared by both sides so they cannot drift apart.

import type { EpochRecord } from '@nnet/runtime/train';
export { threadCpuSeconds } from '@nnet/runtime/train';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Override } from './overrides.js';
import type { SharedData } from './shared-data.js';

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
  /**
   * The search's keys that set the optimizer's learning rate (`lr`): trials that differ only in
   * these and in their seeds share one compiled module in a worker (see trial-cache.ts).
   */
  learningRateKeys: string[];
}

/**
 * The data the main thread loaded once (shared-data.ts), sent to every worker after its setup and
 * before its first trial; a trial whose data key differs loads its own.
 */
export interface SharedDataMessage {
  shared: SharedData;
}

/** One trial: its overrides (seed included) written into the program's text by the worker. */
export interface TrialRequest {
  trial: number;
  overrides: Override[];
  /** `seeds = N`: the seeds of the trial's further trainings (the first is in `overrides`). */
  repeatSeeds?: number[];
}

/**
 * Where a worker's CPU time for one trial went: checking and compiling the trial's file, turning
 * the code into a module, create() (weights), reading the data and the split, fit(), and the final
 * evaluation of the metric. The benchmark adds them up to show what is not training.
 */
export interface TrialPhases {
  compile: number;
  module: number;
  create: number;
  data: number;
  train: number;
  evaluate: number;
}

export type TrialStatus = 'complete' | 'pruned' | 'diverged' | 'failed';

export type WorkerMessage =
  | {
      type: 'ready';
      /** The worker's thread id (Linux), for processThreadSeconds. */ thread?: number;
    }
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
      /** `seeds = N`: each training's metric, in the order of the seeds (`metric` is their mean). */
      repeats?: (number | null)[];
      /** Every training used the data the main thread shared. */
      sharedData?: true;
      seconds: number;
      /** CPU seconds of the worker's thread for this trial, where the system tells. */
      cpuSeconds?: number;
      /** The same CPU seconds by phase (see TrialPhases), where the system tells. */
      phases?: TrialPhases;
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

/** This thread's id (Linux: the task /proc/thread-self links to); undefined elsewhere. */
export function threadId(): number | undefined {
  try {
    const id = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    return Number.isSafeInteger(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of every thread of this process by thread id (Linux: /proc/self/task/N/schedstat);
 * empty elsewhere. Besides the main thread and the workers, V8's own threads (optimizing compiler,
 * garbage collector) and libuv's show here: the benchmark counts their share.
 */
export function processThreadSeconds(): Map<number, number> {
  const times = new Map<number, number>();
  try {
    for (const task of fs.readdirSync('/proc/self/task')) {
      try {
        const text = fs.readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8');
        times.set(Number(task), Number(text.split(' ')[0]) / 1e9);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // Not Linux.
  }
  return times;
}
