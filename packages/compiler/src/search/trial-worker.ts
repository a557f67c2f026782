// A search's worker thread: takes trials (a generated module's code and its train run) from the
// main thread, trains each in this thread with one kernel thread, and reports every epoch's metric,
// then blocks (Atomics.wait) until the main thread says whether the trial goes on or is pruned.
// Between trials it waits for a message; it never spins.

import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, fit, setThreads, type EpochRecord } from '@nnet/runtime/train';
import { importGeneratedModule } from '../targets/js/load.js';
import { loadSplits } from '../cli/train.js';
import type { TrialRequest, WorkerMessage } from './protocol.js';
import { Decision, epochMetric, threadCpuSeconds } from './protocol.js';
import { fitSettings } from '../cli/fit-settings.js';

const decision = new Int32Array(workerData.decision as SharedArrayBuffer);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// One kernel thread per worker: the workers are the parallelism.
setThreads(1);

parentPort!.on('message', (request: TrialRequest) => {
  void runTrial(request).then(
    (message) => post(message),
    (error: unknown) =>
      post({
        type: 'failed',
        trial: request.trial,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
post({ type: 'ready' });

async function runTrial(request: TrialRequest): Promise<WorkerMessage> {
  const started = performance.now();
  const cpuStarted = threadCpuSeconds();
  const module = await importGeneratedModule(request.js);
  const model = module.create({ seed: request.seed });
  const splits = loadSplits(request.run, model, request.baseDir, request.seed);
  const settings = fitSettings(request.run, request.seed);
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
          const value = epochMetric(record, request.metric);
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
  const final = request.metric.startsWith('val_')
    ? splits.validation && evaluate(model, splits.validation, metrics)
    : evaluate(model, splits.train, metrics);
  const name = request.metric.replace(/^val_/, '');
  const value = final ? (name === 'loss' ? final.loss : final.metrics[name]) : undefined;
  return {
    type: 'done',
    trial: request.trial,
    status: result.nan ? 'diverged' : pruned ? 'pruned' : 'complete',
    metric: value ?? null,
    params: model.paramInfo.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0),
    curve: history.map((r) => epochMetric(r, request.metric)),
    losses: history.map((r) => r.loss),
    seconds: (performance.now() - started) / 1000,
    ...(cpuStarted !== undefined ? { cpuSeconds: threadCpuSeconds()! - cpuStarted } : {}),
  };
}
