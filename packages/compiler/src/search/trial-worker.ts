// A search's worker thread: loads, then parses the program once (its first message, WorkerSetup),
// takes the data the main thread shared (SharedDataMessage), then for each trial request
// (overrides only) checks and compiles the trial's file here, evaluates the module without loading
// a file, trains it with one kernel thread exactly as `nnc train` would the trial's file, and reports
// back. With a pruner it reports every epoch's metric, then blocks (Atomics.wait) until the main
// thread says continue or prune; between trials it waits for a message. It never spins.

import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, fit, loadTensorInto, setThreads, type EpochRecord } from '@nnet/runtime/train';
import { importGeneratedModule, runtimeFileUrl } from '../targets/js/load.js';
import { loadProgram, type Program } from '../program.js';
import { fitSettings, numberSetting } from '../run/fit-settings.js';
import type {
  SharedDataMessage,
  TrialPhases,
  TrialRequest,
  WorkerMessage,
  WorkerSetup,
} from './protocol.js';
import { Decision, epochMetric, threadCpuSeconds, threadId } from './protocol.js';
import { compileTrial } from './trial-compile.js';
import { evaluateGeneratedModule } from './generated-module.js';
import {
  dataKey,
  learningRateIsSettable,
  runWithSeeds,
  trialKey,
  type CompiledTrial,
} from './trial-cache.js';
import { trialData, type SharedData } from './shared-data.js';

const decision = new Int32Array(workerData.decision as SharedArrayBuffer);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// One kernel thread per worker: the workers are the parallelism.
setThreads(1);

const runtimeUrl = runtimeFileUrl();
// The very runtime a generated module would import (same URL, so the same instance as `fit`'s).
const runtime: unknown = await import(runtimeUrl);

/**
 * Parses, checks and compiles a small model once while the main thread is still checking the file,
 * so the parser and checker are built (and partly compiled by V8) before the first trial: the
 * worker's first parse of the search's file then takes milliseconds, not a tenth of a second.
 */
function warmUp(): void {
  const file = '/warm-up.nnet';
  const text = [
    'model WarmUp(width = 4) {',
    '  input x: [2]',
    '  dense(width, relu)',
    '  dense(3, softmax)',
    '}',
    'train WarmUp {',
    '  data = spiral(points = 4, classes = 3)',
    '  loss = cross_entropy',
    '  optimizer = adam(lr = 0.01)',
    '  epochs = 1',
    '}',
    '',
  ].join('\n');
  const program = loadProgram(file, { readFile: (f) => (f === file ? text : undefined) });
  compileTrial(program, 'WarmUp', [{ key: 'width', value: '8' }], runtimeUrl, (f) => f);
}
warmUp();

interface Search {
  setup: WorkerSetup;
  program: Program;
  display(file: string): string;
  learningRateKeys: ReadonlySet<string>;
  /** Modules compiled for earlier trials, by trialKey (same code, other seeds or learning rate). */
  compiled: Map<string, CompiledTrial>;
  /** The datasets the main thread loaded for all workers, in shared memory, by dataKey. */
  shared?: SharedData;
  /** The last datasets this worker loaded itself, for a trial whose data key is not the shared. */
  own?: SharedData;
}
let search: Search | undefined;

parentPort!.on('message', (message: WorkerSetup | SharedDataMessage | TrialRequest) => {
  if ('shared' in message) {
    // The data the main thread loaded once for all workers (sent before any trial).
    search!.shared = message.shared;
    return;
  }
  if ('entry' in message) {
    // The program as the main thread checked it, parsed once for all of this worker's trials.
    const texts = new Map(message.texts);
    search = {
      setup: message,
      program: loadProgram(message.entry, { readFile: (file) => texts.get(file) }),
      display: (file) => path.relative(message.cwd, file) || file,
      learningRateKeys: new Set(message.learningRateKeys),
      compiled: new Map(),
    };
    const thread = threadId();
    post({ type: 'ready', ...(thread !== undefined ? { thread } : {}) });
    return;
  }
  const request = message;
  void runTrial(request, search!).then(
    (message) => post(message),
    (error: unknown) =>
      post({
        type: 'failed',
        trial: request.trial,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});

const phaseNames = ['compile', 'module', 'create', 'data', 'train', 'evaluate'] as const;

/** One training of a trial (one of its seeds), as the done message reports it. */
interface Training {
  status: 'complete' | 'pruned' | 'diverged';
  metric: number | null;
  params: number;
  curve: (number | null)[];
  losses: number[];
  /** Trained on the data the main thread loaded for all workers. */
  sharedData: boolean;
}

async function runTrial(request: TrialRequest, search: Search): Promise<WorkerMessage> {
  const started = performance.now();
  const cpuStarted = threadCpuSeconds();
  const phases: Record<string, number> = Object.fromEntries(phaseNames.map((p) => [p, 0]));
  let measured = cpuStarted !== undefined;
  // `seeds = N`: the same trial again with each further seed in place of its own.
  const seeds = request.repeatSeeds ?? [];
  const runs: Training[] = [];
  for (const seed of [undefined, ...seeds]) {
    const overrides =
      seed === undefined
        ? request.overrides
        : request.overrides.map((o) =>
            o.key === 'seed' ? { key: 'seed', value: String(seed) } : o,
          );
    const marks: (number | undefined)[] = [threadCpuSeconds()];
    const training = await trainOnce(request.trial, overrides, search, () =>
      marks.push(threadCpuSeconds()),
    );
    if ('error' in training)
      return { type: 'failed', trial: request.trial, message: training.error };
    runs.push(training);
    if (marks.length !== phaseNames.length + 1 || marks.some((m) => m === undefined))
      measured = false;
    else phaseNames.forEach((phase, i) => (phases[phase] += marks[i + 1]! - marks[i]!));
    if (training.status !== 'complete') break;
  }
  const first = runs[0];
  const repeated = runs.length > 1;
  const mean = (values: (number | null)[]) =>
    values.some((v) => v === null)
      ? null
      : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  return {
    type: 'done',
    trial: request.trial,
    status: runs.find((r) => r.status !== 'complete')?.status ?? 'complete',
    // One seed: its own numbers. Several: the mean over the seeds, epoch by epoch.
    metric: repeated ? mean(runs.map((r) => r.metric)) : first.metric,
    params: first.params,
    curve: repeated
      ? first.curve.map((_, epoch) => mean(runs.map((r) => r.curve[epoch] ?? null)))
      : first.curve,
    losses: repeated
      ? first.losses.map((_, epoch) => mean(runs.map((r) => r.losses[epoch] ?? null)) ?? NaN)
      : first.losses,
    ...(seeds.length ? { repeats: runs.map((r) => r.metric) } : {}),
    ...(runs.every((r) => r.sharedData) ? { sharedData: true } : {}),
    seconds: (performance.now() - started) / 1000,
    ...(cpuStarted !== undefined ? { cpuSeconds: threadCpuSeconds()! - cpuStarted } : {}),
    ...(measured ? { phases: phases as unknown as TrialPhases } : {}),
  };
}

/**
 * Checks, compiles (or takes the kept module), loads the data (or takes the kept data), trains and
 * evaluates one trial with these overrides; calls `mark` after each phase of TrialPhases.
 */
async function trainOnce(
  trial: number,
  overrides: TrialRequest['overrides'],
  search: Search,
  mark: () => void,
): Promise<Training | { error: string }> {
  const { setup, program, display } = search;
  const key = trialKey(overrides, search.learningRateKeys);
  let compiled = key && search.compiled.get(key.key);
  if (!compiled) {
    const fresh = compileTrial(program, setup.run, overrides, runtimeUrl, display);
    if ('error' in fresh) return { error: fresh.error };
    mark();
    const module =
      evaluateGeneratedModule(fresh.js, runtime, loadTensorInto) ??
      (await importGeneratedModule(fresh.js));
    compiled = { module, run: fresh.run };
    // Kept only when another learning rate can be set on it exactly (every optimizer got this one).
    if (key && learningRateIsSettable(fresh.js, key.learningRate))
      search.compiled.set(key.key, compiled);
  } else mark();
  mark();
  // As `nnc train` reads the trial's file: `seed` for the weights, the shuffle and dropout;
  // `data_seed` (else `seed`) for generated data and the split.
  const run = key ? runWithSeeds(compiled.run, key) : compiled.run;
  const seed = numberSetting(run, 'seed', 0);
  const model = compiled.module.create({ seed });
  if (key?.learningRate !== undefined) model.learningRate = key.learningRate;
  mark();
  // The same data for every trial with the same sources, split and data seed: loaded once (by the
  // main thread for all workers, or here when this trial needs other data).
  const dataCacheKey = key && dataKey(run, key.dataSeed, model);
  const sharedData = dataCacheKey !== undefined && search.shared?.key === dataCacheKey;
  const kept = sharedData
    ? search.shared
    : dataCacheKey !== undefined && search.own?.key === dataCacheKey
      ? search.own
      : undefined;
  const splits = kept?.splits ?? trialData(run, model, path.dirname(setup.entry));
  if (dataCacheKey && !kept) search.own = { key: dataCacheKey, splits };
  mark();
  const settings = fitSettings(run, seed);
  const history: EpochRecord[] = [];
  let pruned = false;
  const result = await fit(
    model,
    { train: splits.train, ...(splits.validation ? { validation: splits.validation } : {}) },
    {
      ...settings,
      reporter: {
        onEpochEnd(record) {
          history.push(record);
          if (!setup.prune) return undefined;
          const value = epochMetric(record, setup.metric);
          Atomics.store(decision, 0, Decision.Waiting);
          post({ type: 'epoch', trial, epoch: record.epoch, value });
          // Blocks this thread (not the process) until the main thread decides.
          Atomics.wait(decision, 0, Decision.Waiting);
          // After the last epoch there is nothing left to save: the trial is complete.
          if (Atomics.load(decision, 0) === Decision.Prune && record.epoch < settings.epochs) {
            pruned = true;
            return 'stop';
          }
          return undefined;
        },
      },
    },
  );
  mark();
  const metrics = settings.metrics;
  const final = setup.metric.startsWith('val_')
    ? splits.validation && evaluate(model, splits.validation, metrics)
    : evaluate(model, splits.train, metrics);
  const name = setup.metric.replace(/^val_/, '');
  const value = final ? (name === 'loss' ? final.loss : final.metrics[name]) : undefined;
  mark();
  return {
    status: result.nan ? 'diverged' : pruned ? 'pruned' : 'complete',
    metric: value ?? null,
    params: model.paramInfo.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0),
    curve: history.map((r) => epochMetric(r, setup.metric)),
    losses: history.map((r) => r.loss),
    sharedData,
  };
}
