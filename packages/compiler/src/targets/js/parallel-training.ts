// How a training run in this process uses its threads: planParallelism's choice for the model, then
// either copies of the generated module in worker_threads (data parallelism over the batch) or the
// worker pool that splits one copy's products. Used by `nnc train` and the benchmark.

import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { CompiledModel, ReplicaGroup } from '@nnet/runtime';
import {
  planParallelism,
  setThreads,
  startDataParallel,
  type ParallelPlan,
  type ReplicaCode,
} from '@nnet/runtime/train';
import { runtimeFileUrl } from './load.js';

/** What a worker needs to load `js` (the generated module): the runtime's URL, and tsx from source. */
export function replicaCode(js: string): ReplicaCode {
  const runtimeUrl = runtimeFileUrl();
  if (!runtimeUrl.endsWith('.ts')) return { moduleSource: js, runtimeUrl };
  const require = createRequire(import.meta.url);
  const tsx = path.join(
    path.dirname(require.resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  );
  return { moduleSource: js, runtimeUrl, registerUrl: pathToFileURL(tsx).href };
}

export interface TrainingThreads {
  plan: ParallelPlan;
  /** The copies, when the plan is data parallelism: step with it, sync it after restoring weights. */
  group?: ReplicaGroup;
}

/**
 * Sets up `threads` threads for training `model` (compiled from `js`) with batches of `batch`.
 * Copies that fail to start leave the run on the split products, with the reason in the plan.
 */
export async function startTrainingThreads(
  model: CompiledModel,
  js: string,
  options: { threads: number; batch: number; seed: number },
): Promise<TrainingThreads> {
  // NNET_DATA_PARALLEL=0: one copy with split products whatever the model (to compare the two).
  const plan: ParallelPlan =
    process.env.NNET_DATA_PARALLEL === '0' && options.threads > 1
      ? { kind: 'split-products', reason: 'NNET_DATA_PARALLEL=0' }
      : planParallelism(model, options.threads, options.batch);
  if (plan.kind !== 'copies') {
    setThreads(options.threads);
    return { plan };
  }
  setThreads(1);
  try {
    const group = await startDataParallel(model, plan.copies, replicaCode(js), options.seed);
    return { plan, group };
  } catch (error) {
    setThreads(options.threads);
    const reason = `copies over the batch could not start (${(error as Error).message.split('\n')[0]})`;
    return { plan: { kind: 'split-products', reason } };
  }
}

/** One line for the user: how the threads are used, and why. */
export function describePlan(plan: ParallelPlan): string {
  if (plan.kind === 'copies') return `data parallel: ${plan.reason}`;
  if (plan.kind === 'split-products') return `matrix products split across them (${plan.reason})`;
  return plan.reason;
}
