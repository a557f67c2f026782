// The runtime's matrix kernels, JS against WebAssembly SIMD (and 1 against 2 worker threads):
// GFLOP/s per layout on the shapes of the 784-128-10 and 1600-100-100-100-10 nets, then training
// samples/s of those nets' generated code. Sides take turns in short rounds, best round counts.
// Rates are per CPU-second of this process (all its threads) and per wall second; the machine is shared.
// `tsx --conditions=@nnet/source bench/experiments/wasm-kernel-speed.ts [threads...]`, e.g. `... 1 2`

import {
  matmulWithOffsets,
  matmulTransAWithOffsets,
  matmulTransBWithOffsets,
  Prng,
  setKernels,
  setThreads,
  type CompiledModel,
} from '@nnet/runtime/train';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFile, builtinCatalogue } from '../../packages/compiler/src/compile.js';
import { compileModelToJs } from '../../packages/compiler/src/targets/js/index.js';
import {
  importGeneratedModule,
  runtimeFileUrl,
} from '../../packages/compiler/src/targets/js/load.js';
import { benchNets, inputSize, nnetSource } from '../nets.js';

const ROUNDS = 5;
const ROUND_SECONDS = 0.4;
const threadCounts = process.argv.slice(2).map(Number);
if (threadCounts.length === 0) threadCounts.push(1);

interface Side {
  name: string;
  prepare(): void;
}

const sides: Side[] = [
  {
    name: 'js',
    prepare: () => {
      setKernels('js');
      setThreads(1);
    },
  },
];
for (const threads of threadCounts) {
  sides.push({
    name: `wasm ×${threads}`,
    prepare: () => {
      setKernels('wasm');
      setThreads(threads);
    },
  });
}

/** Runs `work` (returning its flops or samples) for a round; rate per CPU second and per wall second. */
function round(work: () => number): { cpu: number; wall: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < ROUND_SECONDS * 1000) done += work();
  const wall = (performance.now() - start) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  return { cpu: done / cpu, wall: done / wall };
}

function compare(title: string, unit: string, scale: number, work: () => number): void {
  const best = sides.map(() => ({ cpu: 0, wall: 0 }));
  for (let r = 0; r < ROUNDS; r++) {
    sides.forEach((side, index) => {
      side.prepare();
      if (r === 0) work();
      const rate = round(work);
      best[index].cpu = Math.max(best[index].cpu, rate.cpu);
      best[index].wall = Math.max(best[index].wall, rate.wall);
    });
  }
  const cells = sides.map(
    (side, index) =>
      `${side.name} ${(best[index].cpu / scale).toFixed(1)} (wall ${(best[index].wall / scale).toFixed(1)})`,
  );
  console.log(`${title.padEnd(34)} ${unit}: ${cells.join(' | ')}`);
}

async function compileSource(text: string, seed: number): Promise<CompiledModel> {
  const file = path.join(os.tmpdir(), `bench-kernels-${process.pid}.nnet`);
  const result = checkFile(file, {
    host: {
      readFile: (f) =>
        f === path.resolve(file) ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined,
    },
  });
  const checked = result.checked!;
  const graph = checked.models[0];
  const run = checked.runs.find((r) => r.model === graph.name);
  const compiled = compileModelToJs(graph, run, checked, result.sources, builtinCatalogue(), {
    runtimeImport: runtimeFileUrl(),
  });
  if (!compiled.value || result.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(JSON.stringify([...result.diagnostics, ...compiled.diagnostics]));
  return (await importGeneratedModule(compiled.value.js)).create({ seed });
}

const prng = new Prng(7);
const random = (size: number) => Float32Array.from({ length: size }, () => prng.normal());

const products: [string, typeof matmulWithOffsets, number, number, number][] = [
  ['x·W 64×784×128 (nn)', matmulWithOffsets, 64, 784, 128],
  ['xᵀ·dz 784×64×128 (tn)', matmulTransAWithOffsets, 784, 64, 128],
  ['dz·Wᵀ 64×128×784 (nt)', matmulTransBWithOffsets, 64, 128, 784],
  ['h·W 64×128×10 (nn)', matmulWithOffsets, 64, 128, 10],
  ['x·W 32×1600×100 (nn)', matmulWithOffsets, 32, 1600, 100],
  ['xᵀ·dz 1600×32×100 (tn)', matmulTransAWithOffsets, 1600, 32, 100],
  ['h·W 32×100×100 (nn)', matmulWithOffsets, 32, 100, 100],
];
for (const [title, product, m, k, n] of products) {
  const a = random(m * k);
  const b = random(k * n);
  const out = new Float32Array(m * n);
  compare(title, 'GFLOP/s', 1e9, () => {
    product(a, 0, b, 0, out, 0, m, k, n);
    return 2 * m * k * n;
  });
}

/** A classifier's train step timed on random inputs and class targets. */
async function compareTraining(title: string, source: string, inputs: number, batch: number) {
  const model = await compileSource(source, 1);
  const x = random(inputs * batch * 8);
  const y = Int32Array.from({ length: batch * 8 }, (_, i) => i % 10);
  let index = 0;
  compare(title, 'samples/s', 1, () => {
    const b = index++ % 8;
    model.trainStep(
      x.subarray(b * batch * inputs, (b + 1) * batch * inputs),
      y.subarray(b * batch, (b + 1) * batch),
      batch,
    );
    return batch;
  });
}

for (const net of benchNets.slice(1)) {
  await compareTraining(
    `train ${net.id} batch ${net.batch}`,
    nnetSource(net),
    inputSize(net),
    net.batch,
  );
}
const mnistRun = (model: string) =>
  `train ${model} {\n data = mnist\n loss = cross_entropy\n optimizer = adam\n batch = 64\n}`;
await compareTraining(
  'train 784-128-10 Adam batch 64',
  `model Mlp {\n input x: [28, 28]\n flatten\n dense(128, relu)\n dense(10, softmax)\n}\n${mnistRun('Mlp')}`,
  784,
  64,
);
await compareTraining(
  'train CNN conv8-pool-64, Adam, 64',
  `model Cnn {\n input x: [28, 28, 1]\n conv2d(8, kernel = 3, relu)\n maxpool2d(2)\n flatten\n dense(64, relu)\n dense(10, softmax)\n}\n${mnistRun('Cnn')}`,
  784,
  64,
);
await compareTraining(
  'train LSTM 64 over 28×28, batch 64',
  `model Rnn {\n input x: [28, 28]\n lstm(64)\n dense(10, softmax)\n}\n${mnistRun('Rnn')}`,
  784,
  64,
);
setThreads(1);
