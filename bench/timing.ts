// Throughput of a training step: warm up for a while, then run the step over and over for a
// fixed wall-clock budget, several times; reports samples per second of each run and their median.

export interface TimingOptions {
  warmupSeconds: number;
  /** Wall-clock budget of one timed run. */
  runSeconds: number;
  runs: number;
}

export interface Throughput {
  /** Median over the runs. */
  samplesPerSecond: number;
  runs: number[];
}

/** One training step on batch number `index` (the caller cycles through its data). */
export type TrainStep = (index: number) => unknown;

export async function measureThroughput(
  step: TrainStep,
  batch: number,
  options: TimingOptions,
): Promise<Throughput> {
  let index = 0;
  const runFor = async (seconds: number): Promise<number> => {
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
  await runFor(options.warmupSeconds);
  const runs: number[] = [];
  for (let run = 0; run < options.runs; run++) runs.push(await runFor(options.runSeconds));
  return { samplesPerSecond: median(runs), runs };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
