// The runtime's matrix kernels, JS against WebAssembly SIMD (and 1 against 2 worker threads):
// GFLOP/s per layout on the shapes of the 784-128-10 and 1600-100-100-100-10 nets, then training
// samples/s of those nets' generated code. Sides take turns in short rounds, best round counts.
// Rates are per CPU-second of this process (all its threads) and per wall second; the machine is shared.
// `tsx bench/experiments/wasm-kernel-speed.ts [threads...]`, e.g. `... 1 2`

import {
  matmulWithOffsets,
  matmulTransAWithOffsets,
  matmulTransBWithOffsets,
  Prng,
  setKernels,
  type CompiledModel,
} from '@nnet/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFile, builtinCatalogue } from '../../packages/compiler/src/compile.js';
import { compileModelToJs } from '../../packages/compiler/src/codegen/compile-js.js';
import { importGeneratedModule, runtimeFileUrl } from '../../packages/compiler/src/codegen/load.js';
import { generateData } from '../data.js';
import { benchNets, inputSize, nnetSource, type BenchNet } from '../nets.js';

const ROUNDS = 5;
const ROUND_SECONDS = 0.4;
const threadCounts = process.argv.slice(2).map(Number);
if (threadCounts.length === 0) threadCounts.push(1);

interface Side {
  name: string;
  prepare(): void;
}

const sides: Side[] = [{ name: 'js', prepare: () => setKernels('js') }];
for (const threads of threadCounts) {
  sides.push({
    name: `wasm ×${threads}`,
    prepare: () => {
      setKernels('wasm');
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

async function compileBench(net: BenchNet, seed: number): Promise<CompiledModel> {
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
    runtimeImport: runtimeFileUrl(),
  });
  if (!compiled.value) throw new Error(JSON.stringify(compiled.diagnostics));
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

for (const net of benchNets.slice(1)) {
  const data = generateData(net, 1);
  const model: CompiledModel = await compileBench(net, 1);
  const batches = data.samples / net.batch;
  let index = 0;
  compare(`train ${net.id} batch ${net.batch}`, 'samples/s', 1, () => {
    const b = index++ % batches;
    const x = data.x.subarray(b * net.batch * inputSize(net), (b + 1) * net.batch * inputSize(net));
    const y = data.y.subarray(b * net.batch, (b + 1) * net.batch);
    model.trainStep(x, y, net.batch);
    return net.batch;
  });
}
