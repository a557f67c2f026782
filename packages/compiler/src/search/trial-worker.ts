// A search's worker thread: loads, then parses the program once (its first message, WorkerSetup),
// then for each trial request
// (overrides only) checks and compiles the trial's file here, evaluates the module without loading
// a file, trains it with one kernel thread exactly as `nnc train` would the trial's file, and reports
// back. With a pruner it reports every epoch's metric, then blocks (Atomics.wait) until the main
// thread says continue or prune; between trials it waits for a message. It never spins.

import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, fit, loadTensorInto, setThreads, type EpochRecord } from '@nnet/runtime/train';
import { importGeneratedModule, runtimeFileUrl } from '../targets/js/load.js';
import { loadProgram, type Program } from '../program.js';
import { loadSplits } from '../cli/train.js';
import { fitSettings, numberSetting } from '../cli/fit-settings.js';
import type { TrialRequest, WorkerMessage, WorkerSetup } from './protocol.js';
import { Decision, epochMetric, threadCpuSeconds } from './protocol.js';
import { compileTrial } from './trial-compile.js';
import { evaluateGeneratedModule } from './generated-module.js';

const decision = new Int32Array(workerData.decision as SharedArrayBuffer);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// One kernel thread per worker: the workers are the parallelism.
setThreads(1);

const runtimeUrl = runtimeFileUrl();
// The very runtime a generated module would import (same URL, so the same instance as `fit`'s).
const runtime: unknown = await import(runtimeUrl);

interface Search {
  setup: WorkerSetup;
  program: Program;
  display(file: string): string;
}
let search: Search | undefined;

parentPort!.on('message', (message: WorkerSetup | TrialRequest) => {
  if ('entry' in message) {
    // The program as the main thread checked it, parsed once for all of this worker's trials.
    const texts = new Map(message.texts);
    search = {
      setup: message,
      program: loadProgram(message.entry, { readFile: (file) => texts.get(file) }),
      display: (file) => path.relative(message.cwd, file) || file,
    };
    post({ type: 'ready' });
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

async function runTrial(request: TrialRequest, search: Search): Promise<WorkerMessage> {
  const { setup, program, display } = search;
  const started = performance.now();
  const cpuStarted = threadCpuSeconds();
  const compiled = compileTrial(program, setup.run, request.overrides, runtimeUrl, display);
  if ('error' in compiled) return { type: 'failed', trial: request.trial, message: compiled.error };
  const { run } = compiled;
  const module =
    evaluateGeneratedModule(compiled.js, runtime, loadTensorInto) ??
    (await importGeneratedModule(compiled.js));
  // As `nnc train` reads the trial's file: `seed` for the weights, the shuffle and dropout;
  // `data_seed` (else `seed`) for generated data and the split.
  const seed = numberSetting(run, 'seed', 0);
  const model = module.create({ seed });
  const splits = loadSplits(run, model, path.dirname(setup.entry), seed);
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
          post({ type: 'epoch', trial: request.trial, epoch: record.epoch, value });
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
  const metrics = settings.metrics;
  const final = setup.metric.startsWith('val_')
    ? splits.validation && evaluate(model, splits.validation, metrics)
    : evaluate(model, splits.train, metrics);
  const name = setup.metric.replace(/^val_/, '');
  const value = final ? (name === 'loss' ? final.loss : final.metrics[name]) : undefined;
  return {
    type: 'done',
    trial: request.trial,
    status: result.nan ? 'diverged' : pruned ? 'pruned' : 'complete',
    metric: value ?? null,
    params: model.paramInfo.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0),
    curve: history.map((r) => epochMetric(r, setup.metric)),
    losses: history.map((r) => r.loss),
    seconds: (performance.now() - started) / 1000,
    ...(cpuStarted !== undefined ? { cpuSeconds: threadCpuSeconds()! - cpuStarted } : {}),
  };
}
