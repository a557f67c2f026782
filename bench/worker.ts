// One side of the benchmark in its own process (no side inherits another's JIT state or heap):
// `node --import tsx bench/worker.ts REQUEST_JSON` builds the model, warms up, prints
// { "ready": true, "note": … }, then answers each stdin line `run SECONDS` with { "samplesPerSecond": … }.

import * as readline from 'node:readline';
import { readData } from './data.js';
import { benchNets } from './nets.js';
import { nnetTrainStep } from './sides/nnet.js';
import { tfjsBackendNote, tfjsTrainStep, useTfjsBackend, type TfjsLoop } from './sides/tfjs.js';
import { throughputRunner, type TrainStep } from './timing.js';

export type WorkerSide = 'nnet' | 'tfjs-cpu' | 'tfjs-wasm';

export interface WorkerRequest {
  side: WorkerSide;
  net: string;
  dataDir: string;
  seed: number;
  warmupSeconds: number;
  tfjsLoop: TfjsLoop;
}

async function main(request: WorkerRequest): Promise<void> {
  const net = benchNets.find((n) => n.id === request.net);
  if (!net) throw new Error(`no bench net ${request.net}`);
  const data = readData(request.dataDir, net);
  let step: TrainStep;
  let note: string;
  if (request.side === 'nnet') {
    step = await nnetTrainStep(net, data, request.seed);
    note = 'generated trainStep, compiled in-process';
  } else {
    await useTfjsBackend(request.side === 'tfjs-cpu' ? 'cpu' : 'wasm');
    step = tfjsTrainStep(net, data, request.tfjsLoop);
    note = `${tfjsBackendNote()}, ${request.tfjsLoop}`;
  }
  const run = throughputRunner(step, net.batch);
  await run(request.warmupSeconds);
  const reply = (value: object) => process.stdout.write(JSON.stringify(value) + '\n');
  reply({ ready: true, note });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [command, seconds] = line.trim().split(/\s+/);
    if (command !== 'run') throw new Error(`unknown command ${line}`);
    reply({ samplesPerSecond: await run(Number(seconds)) });
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerRequest).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
