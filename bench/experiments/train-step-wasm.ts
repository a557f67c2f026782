// nnet's generated trainStep with the runtime's JS products against the same code compiled to
// import wasm-runtime.ts (wasm SIMD products): losses of the first steps side by side, then
// samples/s, the two taking turns in short rounds (best round counts, the machine may be shared).
// `tsx bench/experiments/train-step-wasm.ts`

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledModel } from '@nnet/runtime';
import { checkFile, builtinCatalogue } from '../../packages/compiler/src/compile.js';
import { compileModelToJs } from '../../packages/compiler/src/codegen/compile-js.js';
import { importGeneratedModule, runtimeFileUrl } from '../../packages/compiler/src/codegen/load.js';
import { generateData, type BenchData } from '../data.js';
import { benchNets, inputSize, nnetSource, outputSize, type BenchNet } from '../nets.js';
import { throughputRunner } from '../timing.js';

const SEED = 1234;
const ROUNDS = 5;
const ROUND_SECONDS = 0.5;

async function compileWith(net: BenchNet, runtimeImport: string): Promise<CompiledModel> {
  const file = path.join(os.tmpdir(), `bench-${net.id}.nnet`);
  const text = nnetSource(net);
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
    runtimeImport,
  });
  if (!compiled.value) throw new Error(JSON.stringify(compiled.diagnostics));
  return (await importGeneratedModule(compiled.value.js)).create({ seed: SEED });
}

function batches(net: BenchNet, data: BenchData) {
  const targetSize = net.loss === 'cross_entropy' ? 1 : outputSize(net);
  const count = data.samples / net.batch;
  return Array.from({ length: count }, (_, b) => ({
    x: data.x.subarray(b * net.batch * inputSize(net), (b + 1) * net.batch * inputSize(net)),
    y: data.y.subarray(b * net.batch * targetSize, (b + 1) * net.batch * targetSize),
  }));
}

for (const net of benchNets) {
  const data = generateData(net, SEED);
  const list = batches(net, data);
  const models = {
    'JS kernels': await compileWith(net, runtimeFileUrl()),
    'wasm SIMD products': await compileWith(
      net,
      pathToFileURL(path.join(import.meta.dirname, 'wasm-runtime.ts')).href,
    ),
  };
  const losses = Object.values(models).map((model) =>
    [0, 1, 2, 3, 4].map((i) => model.trainStep(list[i].x, list[i].y, net.batch)),
  );
  console.log(`${net.id}: losses of the first steps`);
  Object.keys(models).forEach((name, index) =>
    console.log(`  ${name.padEnd(20)} ${losses[index].map((l) => l.toFixed(9)).join(' ')}`),
  );
  const runners = Object.values(models).map((model) =>
    throughputRunner(
      (i) => model.trainStep(list[i % list.length].x, list[i % list.length].y, net.batch),
      net.batch,
    ),
  );
  for (const run of runners) await run(0.5);
  const best = runners.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (let index = 0; index < runners.length; index++)
      best[index] = Math.max(best[index], await runners[index](ROUND_SECONDS));
  }
  Object.keys(models).forEach((name, index) =>
    console.log(
      `  ${name.padEnd(20)} ${Math.round(best[index]).toLocaleString('en-US')} samples/s`,
    ),
  );
  console.log(`  speed-up ${(best[1] / best[0]).toFixed(2)}×`);
}
