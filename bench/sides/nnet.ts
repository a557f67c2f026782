// The nnet side: compiles the workload's .nnet text in this process and steps its generated
// `trainStep` (or `predict` for inference) over the data's batches. Threads: env NNET_THREADS,
// passed to the runtime's setThreads when it has one; without it the runtime is single-threaded.

import * as runtime from '@nnet/runtime';
import { compileAndLoad } from '../../packages/compiler/src/codegen/load.js';
import type { TrainStep } from '../timing.js';
import { batchViews, type WorkloadData } from '../workload-data.js';
import { nnetSource, type Workload } from '../workloads.js';

/** What the runtime may export (the worker pool and the kernel choice are newer than this bench). */
interface OptionalRuntime {
  setThreads?: (threads: number) => unknown;
  getThreads?: () => number;
  getKernels?: () => string;
}

/** NNET_THREADS as a whole number ≥ 1 (default 1). */
export function requestedThreads(value = process.env.NNET_THREADS): number {
  if (value === undefined || value === '') return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`NNET_THREADS is '${value}'; expected a whole number ≥ 1`);
  }
  return threads;
}

/** Sets the worker count; throws when more than one is asked of a runtime without a pool. */
async function useThreads(threads: number): Promise<string> {
  const optional = runtime as unknown as OptionalRuntime;
  if (typeof optional.setThreads !== 'function') {
    if (threads > 1) {
      throw new Error(`@nnet/runtime has no setThreads yet, so ${threads} workers cannot be asked`);
    }
    return '1 thread (the runtime has no worker pool)';
  }
  await optional.setThreads(threads);
  const actual = typeof optional.getThreads === 'function' ? optional.getThreads() : threads;
  return `setThreads(${threads}) → ${actual} worker${actual === 1 ? '' : 's'}`;
}

export async function nnetStep(
  workload: Workload,
  data: WorkloadData,
  seed: number,
): Promise<{ step: TrainStep; note: string }> {
  const threadNote = await useThreads(requestedThreads());
  const model = await compileAndLoad(nnetSource(workload), { seed });
  const { xs, ys } = batchViews(workload, data);
  const batches = xs.length;
  const optional = runtime as unknown as OptionalRuntime;
  const kernels =
    typeof optional.getKernels === 'function' ? `, kernels ${optional.getKernels()}` : '';
  const note = `generated code compiled in-process, ${threadNote}${kernels}`;
  if (workload.mode === 'infer') {
    return { step: (index) => model.predict(xs[index % batches], workload.batch), note };
  }
  const step: TrainStep = (index) =>
    model.trainStep(xs[index % batches], ys[index % batches], workload.batch);
  return { step, note };
}
