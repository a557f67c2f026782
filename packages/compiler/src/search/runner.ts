// Runs a search's trials on worker threads: takes a source of trials (the fixed plan, or a sampler
// that asks for the next one as workers free up), a pruner and a results file; loads the data once
// for all workers, keeps each busy with one trial's overrides (it checks, compiles and trains the
// trial: this thread plans, prunes and writes) and appends each finished trial to the results file
// (JSON lines) at once, so a killed search loses only running trials.

import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Pruner } from './pruners.js';
import {
  Decision,
  processThreadSeconds,
  threadCpuSeconds,
  threadId,
  type TrialPhases,
  type TrialStatus,
  type SharedDataMessage,
  type WorkerMessage,
  type WorkerSetup,
} from './protocol.js';
import type { Override } from './overrides.js';
import type { Configuration } from './space.js';
import { trialKey } from './trial-cache.js';
import type { SharedData } from './shared-data.js';

export interface TrialPlan {
  trial: number;
  configuration: Configuration;
  /** The trial's own seed (trialSeed in space.ts), written into its file as `seed`. */
  seed: number;
}

/** One finished trial: a line of the results file. */
export interface TrialRecord {
  trial: number;
  values: Configuration['values'];
  overrides: Configuration['overrides'];
  /** The values as numbers for a sampler (choice indices); absent in files of older versions. */
  point?: Configuration['point'];
  seed: number;
  status: TrialStatus;
  metric: number | null;
  params: number | null;
  curve: (number | null)[];
  losses: number[];
  /** `seeds = N`: each training's seed and metric (`seed` and the first are the trial's own). */
  repeats?: { seed: number; metric: number | null }[];
  seconds: number;
  /** It trained on the data the main thread loaded once for all workers (shared-data.ts). */
  sharedData?: boolean;
  /** CPU seconds the trial's worker thread used (Linux), and which worker (0-based) ran it. */
  cpuSeconds?: number;
  worker?: number;
  /** Where the worker's CPU seconds went (Linux). */
  phases?: TrialPhases;
  message?: string;
}

export interface RunTrialsOptions {
  /**
   * The next trial to start, or undefined when there is none left; asked as a worker frees up,
   * with a score of each trial for that worker: 2 when it already compiled the trial's model, 1
   * when no worker did, 0 when another did (so each model is compiled in as few workers as can be).
   */
  nextPlan(prefer?: (plan: TrialPlan) => number): TrialPlan | undefined;
  /** How many trials there are at most (no more workers are started than that). */
  trialCount: number;
  /** The overrides a worker writes into the file for this trial. */
  overrides(plan: TrialPlan): Override[];
  /** `seeds = N`: the seeds of the trial's further trainings (none by default). */
  repeatSeeds?(plan: TrialPlan): number[];
  setup: WorkerSetup;
  /**
   * Loads the data of this trial (the first) once for all workers, while they still start; called
   * after the workers were given their setup, before any trial. Undefined: each loads its own.
   */
  sharedData?(plan: TrialPlan): SharedData | undefined;
  /** Workers from startTrialWorkers (started early, so they load while the file is checked). */
  workers: readonly TrialWorker[];
  pruner: Pruner;
  resultsFile: string;
  /** No trial starts after this time (ms since the epoch); running ones finish. */
  deadline?: number;
  onStart?(plan: TrialPlan): void;
  onEnd?(record: TrialRecord): void;
}

/** Reads a results file; a line cut short by a kill is skipped. */
export function readResults(file: string): TrialRecord[] {
  if (!fs.existsSync(file)) return [];
  const records: TrialRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as TrialRecord);
    } catch {
      // The last line of a killed search may be incomplete: that trial runs again.
    }
  }
  return records;
}

/**
 * When each worker was ready and ran each trial, in seconds since runTrials started (this run
 * only): the benchmark reads from it how long workers waited (start-up, dispatch, the tail).
 */
export interface RunTiming {
  /**
   * When this thread loaded the shared data (sharedData), its CPU seconds doing so (Linux), and
   * whether it did: the workers' first trials wait for it.
   */
  data?: { start: number; end: number; cpu?: number; shared: boolean };
  workers: { ready?: number; trials: { trial: number; start: number; end: number }[] }[];
  /**
   * CPU seconds over the same span (Linux): the main thread, each worker's thread (trials, and
   * whatever it did between them), and every other thread of the process (V8's compiler and
   * garbage collector threads, libuv's).
   */
  cpu?: { main: number; workers: number[]; other: number };
}

export async function runTrials(options: RunTrialsOptions): Promise<{
  records: TrialRecord[];
  outOfTime: boolean;
  mainThreadCpuSeconds?: number;
  timing: RunTiming;
}> {
  const mainCpuStarted = threadCpuSeconds();
  const origin = performance.now();
  const since = () => (performance.now() - origin) / 1000;
  const timing: RunTiming = { workers: [] };
  const threadsAtStart = processThreadSeconds();
  const workerThreads: (number | undefined)[] = [];
  const mainThread = threadId();
  /** timing.cpu from the thread times now against those at the start. */
  const measureThreads = () => {
    const now = processThreadSeconds();
    if (now.size === 0 || mainThread === undefined) return;
    const spent = (thread: number | undefined) =>
      thread === undefined ? 0 : (now.get(thread) ?? 0) - (threadsAtStart.get(thread) ?? 0);
    const main = spent(mainThread);
    const workers = workerThreads.map(spent);
    let total = 0;
    for (const thread of now.keys()) total += spent(thread);
    timing.cpu = { main, workers, other: total - main - workers.reduce((a, b) => a + b, 0) };
  };
  let exhausted = options.trialCount === 0;
  const records: TrialRecord[] = [];
  let outOfTime = false;
  const finish = (record: TrialRecord) => {
    fs.appendFileSync(options.resultsFile, JSON.stringify(record) + '\n');
    records.push(record);
    options.onEnd?.(record);
  };
  const failed = (plan: TrialPlan, message: string, status: TrialStatus = 'failed') =>
    finish({
      trial: plan.trial,
      values: plan.configuration.values,
      overrides: plan.configuration.overrides,
      point: plan.configuration.point,
      seed: plan.seed,
      status,
      metric: null,
      params: null,
      curve: [],
      losses: [],
      seconds: 0,
      message,
    });

  const count = Math.max(1, Math.min(options.workers.length, options.trialCount));
  // More workers than trials: the others go now.
  await Promise.all(options.workers.slice(count).map((w) => w.worker.terminate()));
  await new Promise<void>((resolve, reject) => {
    interface Slot extends TrialWorker {
      plan?: TrialPlan;
      started: number;
      /** The trialKeys of the trials it ran: it kept their modules (trial-cache.ts). */
      modules: Set<string>;
    }
    const learningRateKeys = new Set(options.setup.learningRateKeys);
    const moduleKeys = new Map<number, string | undefined>();
    const moduleKey = (plan: TrialPlan) => {
      if (!moduleKeys.has(plan.trial))
        moduleKeys.set(plan.trial, trialKey(options.overrides(plan), learningRateKeys)?.key);
      return moduleKeys.get(plan.trial);
    };
    const slots: Slot[] = [];
    // The first trial, taken now so that its data can be loaded while the workers start (no worker
    // has compiled anything yet, so which one asks does not matter).
    const first: TrialPlan[] = [];
    if (!exhausted && options.sharedData) {
      const plan = options.nextPlan();
      if (plan) first.push(plan);
      else exhausted = true;
    }
    let closed = false;
    const done = () => {
      if (closed || slots.some((s) => s.plan) || (!exhausted && !outOfTime)) return;
      closed = true;
      measureThreads();
      void Promise.all(slots.map((s) => s.worker.terminate())).then(() => resolve());
    };
    const next = (slot: Slot) => {
      if (slot.plan)
        timing.workers[slots.indexOf(slot)].trials.push({
          trial: slot.plan.trial,
          start: (slot.started - origin) / 1000,
          end: since(),
        });
      slot.plan = undefined;
      if (!exhausted && !outOfTime) {
        if (options.deadline !== undefined && Date.now() >= options.deadline) outOfTime = true;
        else {
          const plan =
            first.shift() ??
            options.nextPlan((p) => {
              const key = moduleKey(p);
              if (key === undefined) return 0;
              return slot.modules.has(key) ? 2 : slots.some((s) => s.modules.has(key)) ? 0 : 1;
            });
          if (plan) {
            const key = moduleKey(plan);
            if (key !== undefined) slot.modules.add(key);
            slot.plan = plan;
            slot.started = performance.now();
            options.onStart?.(plan);
            const repeatSeeds = options.repeatSeeds?.(plan) ?? [];
            slot.worker.postMessage({
              trial: plan.trial,
              overrides: options.overrides(plan),
              ...(repeatSeeds.length ? { repeatSeeds } : {}),
            });
            return;
          }
          exhausted = true;
        }
      }
      done();
    };
    if (exhausted) {
      void Promise.all(options.workers.map((w) => w.worker.terminate())).then(() => resolve());
      return;
    }
    for (const trialWorker of options.workers.slice(0, count)) {
      const slot: Slot = { ...trialWorker, started: 0, modules: new Set() };
      slots.push(slot);
      const slotTiming: RunTiming['workers'][number] = { trials: [] };
      timing.workers.push(slotTiming);
      if (trialWorker.failure) return reject(trialWorker.failure);
      slot.worker.on('message', (message: WorkerMessage) => {
        try {
          if (message.type === 'ready') {
            slotTiming.ready = since();
            workerThreads[slots.indexOf(slot)] = message.thread;
            return next(slot);
          }
          if (message.type === 'epoch') {
            const verdict = options.pruner.report(message.trial, message.epoch, message.value);
            Atomics.store(
              slot.decision,
              0,
              verdict === 'prune' ? Decision.Prune : Decision.Continue,
            );
            Atomics.notify(slot.decision, 0);
            return;
          }
          const plan = slot.plan!;
          if (message.type === 'failed') failed(plan, message.message);
          else
            finish({
              trial: plan.trial,
              values: plan.configuration.values,
              overrides: plan.configuration.overrides,
              point: plan.configuration.point,
              seed: plan.seed,
              status: message.status,
              metric: message.metric,
              params: message.params,
              curve: message.curve,
              losses: message.losses,
              ...(message.repeats
                ? {
                    repeats: message.repeats.map((metric, r) => ({
                      seed: r === 0 ? plan.seed : options.repeatSeeds!(plan)[r - 1],
                      metric,
                    })),
                  }
                : {}),
              seconds: message.seconds,
              ...(message.cpuSeconds !== undefined ? { cpuSeconds: message.cpuSeconds } : {}),
              ...(message.sharedData ? { sharedData: true } : {}),
              ...(message.phases ? { phases: message.phases } : {}),
              worker: slots.indexOf(slot),
            });
          next(slot);
        } catch (error) {
          reject(error);
        }
      });
      slot.worker.on('error', (error) => {
        if (slot.plan) failed(slot.plan, `the worker stopped: ${error.message}`);
        reject(error);
      });
      // The program to parse; the worker answers `ready`.
      slot.worker.postMessage(options.setup);
    }
    // While the workers parse, this thread loads the first trial's data once for all of them. No
    // message is handled before this ends, so every worker has the data before its first trial.
    if (options.sharedData && first.length) {
      const start = since();
      const cpuBefore = threadCpuSeconds();
      const shared = options.sharedData(first[0]);
      const cpuAfter = threadCpuSeconds();
      timing.data = {
        start,
        end: since(),
        ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpu: cpuAfter - cpuBefore } : {}),
        shared: shared !== undefined,
      };
      if (shared)
        for (const slot of slots) slot.worker.postMessage({ shared } satisfies SharedDataMessage);
    }
  });
  const mainCpu = threadCpuSeconds();
  return {
    records,
    outOfTime,
    timing,
    ...(mainCpu !== undefined && mainCpuStarted !== undefined
      ? { mainThreadCpuSeconds: mainCpu - mainCpuStarted }
      : {}),
  };
}

/** A started worker thread and the slot it blocks on after each epoch. */
export interface TrialWorker {
  worker: Worker;
  decision: Int32Array;
  /** An error the worker stopped with before it was given work. */
  failure?: Error;
}

/**
 * Starts `count` trial workers. They load the compiler and the runtime, then wait (blocked on a
 * message, not spinning) for their WorkerSetup: start them before checking the file, and the
 * loading overlaps the check. runTrials terminates them; so must whoever does not call it.
 */
export function startTrialWorkers(count: number): TrialWorker[] {
  return Array.from({ length: count }, () => {
    const buffer = new SharedArrayBuffer(4);
    const trialWorker: TrialWorker = {
      worker: spawnTrialWorker(buffer),
      decision: new Int32Array(buffer),
    };
    trialWorker.worker.once('error', (error) => (trialWorker.failure = error));
    return trialWorker;
  });
}

/**
 * Starts a trial worker: the bundle's `search-worker.js` beside `nnc`, the compiled
 * `trial-worker.js`, or — when the compiler runs from its TypeScript sources (tests, tsx) — the
 * source through tsx's loader with the `@nnet/source` condition.
 */
function spawnTrialWorker(decision: SharedArrayBuffer): Worker {
  const workerData = { decision };
  const bundled = new URL('./search-worker.js', import.meta.url);
  if (bundled.protocol === 'file:' && fs.existsSync(fileURLToPath(bundled)))
    return new Worker(bundled, { workerData });
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./trial-worker.js', import.meta.url), { workerData });
  const require = createRequire(import.meta.url);
  const tsx = path.join(
    path.dirname(require.resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  );
  const source = pathToFileURL(path.join(path.dirname(here), 'trial-worker.ts')).href;
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv: ['--conditions=@nnet/source'] });
}
