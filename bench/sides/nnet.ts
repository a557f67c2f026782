// The nnet side: compiles the workload's .nnet text in this process and steps its generated
// `trainStep` (or `predict` for inference) over the data's batches. Threads: env NNET_THREADS, used as
// `nnc train` uses them (parallel-training.ts): copies of the model over the batch, or split products.

import { allocateFloats, getKernels, getThreads, setThreads } from '@nnet/runtime/train';
import { compileAndImport } from '../../packages/compiler/src/targets/js/load.js';
import {
  describePlan,
  startTrainingThreads,
} from '../../packages/compiler/src/targets/js/parallel-training.js';
import type { PoolCounters, TrainStep } from '../timing.js';
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
): Promise<{ step: TrainStep; note: string; copies?: () => PoolCounters }> {
  const threads = requestedThreads();
  let threadNote = useThreads(threads);
  const { module, js } = await compileAndImport(nnetSource(workload));
  const model = module.create({ seed });
  // Training: the path `nnc train` takes with these threads (copies over the batch, or split
  // products; NNET_DATA_PARALLEL=0, the nnet-2-split side, keeps the split products).
  const training =
    workload.mode === 'infer'
      ? undefined
      : await startTrainingThreads(model, js, { threads, batch: workload.batch, seed });
  if (training) threadNote += `; ${describePlan(training.plan)}`;
  if (training?.group?.statistics().oneMemory) threadNote += ', every copy in one memory';
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
  const stepper = training?.group ?? model;
  const step: TrainStep = (index) =>
    stepper.trainStep(xs[index % batches], ys[index % batches], workload.batch);
  const group = training?.group;
  if (!group) return { step, note };
  const copies = () => {
    const statistics = group.statistics();
    return { products: statistics.steps, waitMilliseconds: statistics.waitMilliseconds };
  };
  return { step, note, copies };
}
