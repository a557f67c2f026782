// Throughput of a step (a training step or an inference batch): run it over and over for a
// wall-clock budget and count samples, wall seconds and process CPU seconds (all threads of the
// process, worker threads included), and on Linux the CPU seconds of the stepping thread alone.
// The caller warms up first and interleaves the sides' runs.

import { threadCpuSeconds } from '@nnet/runtime/train';

/** One step on batch number `index` (the caller cycles through its data). */
export type TrainStep = (index: number) => unknown;

/** What one timed run did. */
export interface Measurement {
  samples: number;
  wallSeconds: number;
  /** User + system CPU time of the whole process during the run. */
  cpuSeconds: number;
  /**
   * User + system CPU time of the thread that ran the steps (the caller, which also does every
   * part of a step that is not split), where the host says (Linux /proc, 10 ms ticks).
   */
  callerCpuSeconds?: number;
  /** Products the worker pool split during the run: each one woke the workers. */
  wakeUps?: number;
  /** Seconds the stepping thread slept waiting for a worker to finish its part of a product. */
  callerWaitSeconds?: number;
}

/** What a side's worker pool has done so far: products split, and the caller's waits in ms. */
export interface PoolCounters {
  products: number;
  waitMilliseconds: number;
}

/** Runs the step for `seconds` of wall time (at least once); continues the batch index. */
export type MeasuredRun = (seconds: number) => Promise<Measurement>;

export function measuredRunner(
  step: TrainStep,
  batch: number,
  pool?: () => PoolCounters,
): MeasuredRun {
  let index = 0;
  return async (seconds) => {
    const poolStart = pool?.();
    const callerStart = threadCpuSeconds();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const end = start + seconds * 1000;
    let steps = 0;
    let now = start;
    do {
      const result = step(index++);
      if (result instanceof Promise) await result;
      steps++;
      now = performance.now();
    } while (now < end);
    const cpu = process.cpuUsage(cpuStart);
    const callerEnd = threadCpuSeconds();
    const measurement: Measurement = {
      samples: steps * batch,
      wallSeconds: (now - start) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    if (callerStart !== undefined && callerEnd !== undefined) {
      measurement.callerCpuSeconds = callerEnd - callerStart;
    }
    if (pool && poolStart) {
      const poolEnd = pool();
      measurement.wakeUps = poolEnd.products - poolStart.products;
      measurement.callerWaitSeconds =
        (poolEnd.waitMilliseconds - poolStart.waitMilliseconds) / 1000;
    }
    return measurement;
  };
}

/** Runs `step` for `seconds` (at least once) and returns samples per wall second. */
export type ThroughputRun = (seconds: number) => Promise<number>;

/** Wall-clock samples/s only, for the scripts in bench/experiments. */
export function throughputRunner(step: TrainStep, batch: number): ThroughputRun {
  const run = measuredRunner(step, batch);
  return async (seconds) => {
    const measurement = await run(seconds);
    return measurement.samples / measurement.wallSeconds;
  };
}
