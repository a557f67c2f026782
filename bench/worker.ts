// One measurement in a fresh process (so no side inherits another's JIT state or heap):
// `node --import tsx bench/worker.ts SIDE NET DATA_DIR SECONDS_JSON` prints one JSON line,
// { samplesPerSecond, runs, note }, for SIDE ∈ nnet | tfjs-cpu | tfjs-wasm on net NET.

import { readData } from './data.js';
import { benchNets } from './nets.js';
import { nnetTrainStep } from './sides/nnet.js';
import { tfjsBackendNote, tfjsTrainStep, useTfjsBackend, type TfjsLoop } from './sides/tfjs.js';
import { measureThroughput, type TimingOptions, type TrainStep } from './timing.js';

export type WorkerSide = 'nnet' | 'tfjs-cpu' | 'tfjs-wasm';

export interface WorkerRequest {
  side: WorkerSide;
  net: string;
  dataDir: string;
  seed: number;
  timing: TimingOptions;
  tfjsLoop: TfjsLoop;
}

export interface WorkerResult {
  samplesPerSecond: number;
  runs: number[];
  note: string;
}

async function main(request: WorkerRequest): Promise<WorkerResult> {
  const net = benchNets.find((n) => n.id === request.net);
  if (!net) throw new Error(`no bench net ${request.net}`);
  const data = readData(request.dataDir, net);
  let step: TrainStep;
  let note: string;
  if (request.side === 'nnet') {
    step = await nnetTrainStep(net, data, request.seed);
    note = 'nnet generated trainStep';
  } else {
    await useTfjsBackend(request.side === 'tfjs-cpu' ? 'cpu' : 'wasm');
    step = tfjsTrainStep(net, data, request.tfjsLoop);
    note = `${tfjsBackendNote()}, ${request.tfjsLoop}`;
  }
  const throughput = await measureThroughput(step, net.batch, request.timing);
  return { ...throughput, note };
}

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
main(request).then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
