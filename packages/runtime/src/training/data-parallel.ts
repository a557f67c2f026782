// Node's host for data parallelism (core/replicas.ts): each worker_thread imports the runtime and
// the generated module (by URL), makes its copy of the model and serves it. Also the rule that
// picks, per model, between copies over the batch and one copy whose products are split.

import { Worker } from 'node:worker_threads';
import type { CompiledModel } from '../core/compiled-model.js';
import { ReplicaGroup } from '../core/replica-group.js';
import { replicasSupported, type ReplicaMessage, type SpawnReplica } from '../core/replicas.js';

/** Where a worker finds the code of its copy. */
export interface ReplicaCode {
  /** The generated module's JS text (it imports the runtime by absolute URL). */
  moduleSource: string;
  /** The URL of the runtime entry that module imports (the worker calls its serveReplica). */
  runtimeUrl: string;
  /** A module whose register() must run first (tsx, when the runtime is TypeScript source). */
  registerUrl?: string;
}

/** The worker's program: a CommonJS script (node's eval workers are), workerData its setup. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const post = (message) => parentPort.postMessage(message);
(async () => {
  try {
    if (workerData.registerUrl) (await import(workerData.registerUrl)).register();
    const runtime = await import(workerData.runtimeUrl);
    // In the caller's memory when it has room: the copies then read each other's gradients in place.
    const region = workerData.start.region;
    if (region) runtime.adoptKernelMemory(workerData.start.memory, region.start, region.limit);
    runtime.setKernels(workerData.start.kernels);
    const module = await import(workerData.moduleUrl);
    // Weights loaded from files arrive with the first sync: this copy reads no file.
    const model = module.create({ seed: workerData.start.seed, loadTensor: () => {} });
    const nextMessage = () => new Promise((resolve) => parentPort.once('message', resolve));
    await runtime.serveReplica(model, workerData.start, post, nextMessage);
  } catch (error) {
    post({ kind: 'failed', message: String((error && error.stack) || error) });
  }
})();
`;

function nodeSpawner(code: ReplicaCode): SpawnReplica {
  const moduleUrl = `data:text/javascript;base64,${Buffer.from(code.moduleSource).toString('base64')}`;
  return (start) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { start, moduleUrl, runtimeUrl: code.runtimeUrl, registerUrl: code.registerUrl },
    });
    // A worker blocked in Atomics.wait must not keep the process alive.
    worker.unref();
    let stopped = false;
    return {
      onMessage: (listener) => {
        worker.on('message', (message: ReplicaMessage) => listener(message));
        worker.on('error', (error) => listener({ kind: 'failed', message: String(error) }));
        // A worker that ends before stop() (killed, out of memory) must not leave the caller
        // waiting for its gradients: the same as a failure.
        worker.on('exit', (code) => {
          if (!stopped) listener({ kind: 'failed', message: `its thread exited (code ${code})` });
        });
      },
      post: (message) => worker.postMessage(message),
      terminate: () => {
        stopped = true;
        void worker.terminate();
      },
    };
  };
}

/**
 * Multiply-adds per copy and step below which copies over the batch lose to one thread: each step
 * costs two exchanges between threads (tens of µs on this machine) and every copy combines every
 * gradient. Measured with the bench (docs/benchmark.md): workload A (≈ 40 k per half batch) runs
 * slower on two copies, B (≈ 3.2 M) and C (≈ 2.9 M) faster.
 */
export const DATA_PARALLEL_MULTIPLY_ADDS = 500_000;

/** How a training run with `threads` threads uses them, and why. */
export type ParallelPlan =
  | { kind: 'one-thread'; reason: string }
  | { kind: 'split-products'; reason: string }
  | { kind: 'copies'; copies: number; reason: string };

/**
 * The path for `model` with `threads` threads and batches of `batch`, decided from facts, never
 * by timing the run (a timed choice would change the bits between runs): copies over the batch
 * when the compiler's facts allow (model.replica.blocker), some weight serves several positions of
 * a sample (model.replica.weightsReused: measured, copies lose to split products on dense-only
 * models) and each copy's share of a step is large enough; else the products of one copy split
 * across threads (the pool decides per product).
 */
export function planParallelism(
  model: CompiledModel,
  threads: number,
  batch: number,
): ParallelPlan {
  if (threads < 2) return { kind: 'one-thread', reason: 'threads = 1' };
  const blocker = model.replica ? model.replica.blocker : 'it was compiled without a train run';
  if (blocker !== undefined)
    return { kind: 'split-products', reason: `no copies over the batch: ${blocker}` };
  if (!replicasSupported())
    return {
      kind: 'split-products',
      reason: 'no copies over the batch: the kernels’ memory is not shared here',
    };
  if (!model.replica?.weightsReused)
    return {
      kind: 'split-products',
      reason:
        'no copies over the batch: every weight serves one multiply-add per sample, where split products are faster',
    };
  const weights = model.paramInfo
    .filter((p) => p.trainable)
    .reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
  const copies = Math.min(threads, batch);
  const perCopy = weights * Math.floor(batch / copies);
  if (copies < 2 || perCopy < DATA_PARALLEL_MULTIPLY_ADDS)
    return {
      kind: 'split-products',
      reason: `no copies over the batch: ${weights} weights × ${Math.floor(batch / Math.max(1, copies))} samples per copy is under ${DATA_PARALLEL_MULTIPLY_ADDS} multiply-adds`,
    };
  return {
    kind: 'copies',
    copies,
    reason: `${copies} copies of the model, ${Math.floor(batch / copies)}+ samples of each batch apiece`,
  };
}

/** Starts `copies` − 1 worker_threads, each with its copy of `model`; see ReplicaGroup. */
export function startDataParallel(
  model: CompiledModel,
  copies: number,
  code: ReplicaCode,
  seed = 0,
): Promise<ReplicaGroup> {
  return ReplicaGroup.start(model, copies, nodeSpawner(code), seed);
}
