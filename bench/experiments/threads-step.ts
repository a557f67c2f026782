// One bench workload's nnet step on 1 and 2 threads in one process, rounds interleaved: samples per
// wall second and per CPU-second (all threads), median of the rounds, and the load average.
// `tsx --conditions=@nnet/source bench/experiments/threads-step.ts B,C [rounds] [seconds]`; the machine is shared, so say so.

import { poolStatistics, setThreads } from '@nnet/runtime/train';
import * as os from 'node:os';
import { nnetStep } from '../sides/nnet.js';
import { measuredRunner } from '../timing.js';
import { generateWorkloadData } from '../workload-data.js';
import { findWorkload } from '../workloads.js';

const ids = (process.argv[2] ?? 'B,C').split(',');
const rounds = Number(process.argv[3] ?? 5);
const seconds = Number(process.argv[4] ?? 1);
const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

console.log(`load average at start: ${load()}`);
for (const id of ids) {
  const workload = findWorkload(id);
  const { step } = await nnetStep(workload, generateWorkloadData(workload, 1234), 1234);
  const run = measuredRunner(step, workload.batch);
  const rates: Record<number, { wall: number[]; cpu: number[] }> = {
    1: { wall: [], cpu: [] },
    2: { wall: [], cpu: [] },
  };
  for (const threads of [1, 2]) {
    setThreads(threads);
    await run(0.5);
  }
  for (let round = 0; round < rounds; round++) {
    for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
      setThreads(threads);
      await run(0.2);
      const result = await run(seconds);
      rates[threads].wall.push(result.samples / result.wallSeconds);
      rates[threads].cpu.push(result.samples / result.cpuSeconds);
    }
  }
  setThreads(2);
  const before = poolStatistics();
  await run(seconds);
  const after = poolStatistics();
  const [one, two] = [rates[1], rates[2]];
  if (before && after) {
    const products = after.products - before.products;
    console.log(
      `${id.padEnd(8)} pool over ${seconds} s: ${products} products split, ` +
        `${(after.chunks - before.chunks) / Math.max(1, products)} chunks each, workers ran ` +
        `${(((after.workerChunks - before.workerChunks) / Math.max(1, after.chunks - before.chunks)) * 100).toFixed(0)} % of chunks, ` +
        `caller waited after ${after.waits - before.waits} products, ${(after.waitMilliseconds - before.waitMilliseconds).toFixed(0)} ms in all`,
    );
  }
  console.log(
    `${id.padEnd(8)} 1 thread: ${median(one.wall).toFixed(0)}/s wall, ${median(one.cpu).toFixed(0)}/CPU-s | ` +
      `2 threads: ${median(two.wall).toFixed(0)}/s wall, ${median(two.cpu).toFixed(0)}/CPU-s | ` +
      `2/1 wall ${(median(two.wall) / median(one.wall)).toFixed(2)}×`,
  );
}
console.log(`load average at end: ${load()}`);
setThreads(1);
process.exit(0);
