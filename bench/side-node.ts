// One Node side of the benchmark (nnet or TensorFlow.js) in its own process, so no side inherits
// another's JIT state, heap or threads: `node --import tsx bench/side-node.ts REQUEST_JSON` builds
// the model, warms up, prints {"ready": true, "note"}, then answers each stdin line `run SECONDS`
// with {"samples", "wallSeconds", "cpuSeconds", "callerCpuSeconds"?, "wakeUps"?, "callerWaitSeconds"?} (side-process.ts).

import { getThreads, poolStatistics } from '@nnet/runtime/train';
import * as readline from 'node:readline';
import type { Engine } from './contenders.js';
import { nnetStep } from './sides/nnet.js';
import { tfjsBackendNote, tfjsStep, useTfjsBackend } from './sides/tfjs.js';
import { measuredRunner, type PoolCounters, type TrainStep } from './timing.js';
import { readWorkloadData, type DataFiles } from './workload-data.js';
import { findWorkload } from './workloads.js';

export interface SideRequest {
  engine: Exclude<Engine, 'torch'>;
  workload: string;
  files: DataFiles;
  seed: number;
  warmupSeconds: number;
}

async function main(request: SideRequest): Promise<void> {
  const workload = findWorkload(request.workload);
  const data = readWorkloadData(request.files, workload);
  let step: TrainStep;
  let note: string;
  let copies: (() => PoolCounters) | undefined;
  if (request.engine === 'nnet') {
    ({ step, note, copies } = await nnetStep(workload, data, request.seed));
  } else {
    await useTfjsBackend(request.engine === 'tfjs-cpu' ? 'cpu' : 'wasm');
    step = tfjsStep(workload, data);
    note = tfjsBackendNote();
  }
  // An nnet side counts the products its worker pool split (each one wakes the workers) and how
  // long the stepping thread slept waiting for a worker.
  // With copies over the batch, each step wakes the other copies once and the caller sleeps
  // while it waits for their gradients.
  const pool =
    copies ??
    (request.engine === 'nnet'
      ? () => poolStatistics() ?? { products: 0, waitMilliseconds: 0 }
      : undefined);
  const run = measuredRunner(step, workload.batch, pool);
  await run(request.warmupSeconds);
  if (request.engine === 'nnet' && getThreads() > 1 && !copies) note += `; ${poolNote()}`;
  const reply = (value: object) => process.stdout.write(JSON.stringify(value) + '\n');
  reply({ ready: true, note });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [command, seconds] = line.trim().split(/\s+/);
    if (command !== 'run') throw new Error(`unknown command ${line}`);
    reply(await run(Number(seconds)));
  }
  // A worker pool would keep the process alive; the runner has closed stdin, so we are done.
  process.exit(0);
}

/**
 * What the worker pool did during the warm-up, read from the runtime the generated code uses: the
 * evidence that a 2-worker side really split its products.
 */
function poolNote(): string {
  const statistics = poolStatistics();
  if (statistics === undefined || statistics.products === 0) return 'warm-up split no product';
  const share = (statistics.workerChunks / statistics.chunks) * 100;
  return `warm-up split ${statistics.products} products, workers ran ${share.toFixed(0)} % of their chunks`;
}

main(JSON.parse(process.argv[2] ?? '{}') as SideRequest).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
