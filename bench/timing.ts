// Throughput of a training step: run the step over and over for a wall-clock budget and report
// samples per second. The caller warms up with one call and interleaves the timed runs of all
// sides, so background load on a shared machine hits every side alike.

/** One training step on batch number `index` (the caller cycles through its data). */
export type TrainStep = (index: number) => unknown;

/** Runs `step` for `seconds` (at least once) and returns samples per second; continues the batch index. */
export type ThroughputRun = (seconds: number) => Promise<number>;

export function throughputRunner(step: TrainStep, batch: number): ThroughputRun {
  let index = 0;
  return async (seconds) => {
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
    return (steps * batch) / ((now - start) / 1000);
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
