// The nnet side: compiles the workload's .nnet text in this process and steps its generated
// `trainStep` (or `predict` for inference) over the data's batches. Threads: env NNET_THREADS,
// passed to the runtime's worker pool (setThreads).

import { allocateFloats, getKernels, getThreads, setThreads } from '@nnet/runtime/train';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import type { TrainStep } from '../timing.js';
import { batchViews, type WorkloadData } from '../workload-data.js';
import { nnetSource, type Workload } from '../workloads.js';

/** NNET_THREADS as a whole number ≥ 1 (default 1). */
export function requestedThreads(value = process.env.NNET_THREADS): number {
  if (value === undefined || value === '') return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`NNET_THREADS is '${value}'; expected a whole number ≥ 1`);
  }
  return threads;
}

/** Sets the worker count and says what the runtime runs with. */
function useThreads(threads: number): string {
  setThreads(threads);
  const actual = getThreads();
  return `setThreads(${threads}) → ${actual} worker${actual === 1 ? '' : 's'}, kernels ${getKernels()}`;
}

export async function nnetStep(
  workload: Workload,
  data: WorkloadData,
  seed: number,
): Promise<{ step: TrainStep; note: string }> {
  const threadNote = useThreads(requestedThreads());
  const model = await compileAndLoad(nnetSource(workload), { seed });
  const views = batchViews(workload, data);
  // The inputs are placed where nnet's own batcher puts a training run's batches (the kernels'
  // memory, read in place), once, before any timing; PyTorch likewise steps over ready tensors.
  const xs = views.xs.map((x) => {
    const placed = allocateFloats(x.length);
    placed.set(x);
    return placed;
  });
  const ys = views.ys;
  const batches = xs.length;
  const note = `generated code compiled in-process, ${threadNote}`;
  if (workload.mode === 'infer') {
    return { step: (index) => model.predict(xs[index % batches], workload.batch), note };
  }
  const step: TrainStep = (index) =>
    model.trainStep(xs[index % batches], ys[index % batches], workload.batch);
  return { step, note };
}
