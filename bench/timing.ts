// Throughput of a step (a training step or an inference batch): run it over and over for a
// wall-clock budget and count samples, wall seconds and process CPU seconds (all threads of the
// process, worker threads included). The caller warms up first and interleaves the sides' runs.

/** One step on batch number `index` (the caller cycles through its data). */
export type TrainStep = (index: number) => unknown;

/** What one timed run did. */
export interface Measurement {
  samples: number;
  wallSeconds: number;
  /** User + system CPU time of the whole process during the run. */
  cpuSeconds: number;
}

/** Runs the step for `seconds` of wall time (at least once); continues the batch index. */
export type MeasuredRun = (seconds: number) => Promise<Measurement>;

export function measuredRunner(step: TrainStep, batch: number): MeasuredRun {
  let index = 0;
  return async (seconds) => {
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
    return {
      samples: steps * batch,
      wallSeconds: (now - start) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
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
