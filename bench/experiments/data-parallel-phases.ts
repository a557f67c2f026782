// Where a data-parallel copy's step goes, on one thread so the machine's load matters little:
// `tsx --conditions=@nnet/source bench/experiments/data-parallel-phases.ts B,C [steps]`. Per
// workload it times the whole-batch trainStep, then a copy's parts on its half of the batch:
// trainGradients, staging the partner's gradients, combining, applyUpdates. Process CPU time
// (getrusage: precise, and only this thread computes), alternating the two, median over rounds; predicted 2-copy speed-up = whole / copy.

import { allocateFloats, type CompiledModel } from '@nnet/runtime/train';
import { wasmCombineGradients } from '../../packages/runtime/src/core/wasm/elementwise.js';
import { compileAndImport } from '../../packages/compiler/src/targets/js/load.js';
import { generateWorkloadData } from '../workload-data.js';
import { findWorkload, inputSize, nnetSource, targetSize } from '../workloads.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

function cpu(run: () => void, repeats: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < repeats; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 / repeats;
}

async function measure(id: string, repeats: number): Promise<void> {
  const workload = findWorkload(id);
  const { module } = await compileAndImport(nnetSource(workload));
  const whole: CompiledModel = module.create({ seed: 1 });
  const copy: CompiledModel = module.create({ seed: 1 });
  const partner: CompiledModel = module.create({ seed: 1 });
  const data = generateWorkloadData(workload, 1234);
  const [inputs, targets] = [inputSize(workload), targetSize(workload)];
  const x = allocateFloats(workload.batch * inputs);
  x.set(data.x.subarray(0, workload.batch * inputs));
  const y = data.y.slice(0, workload.batch * targets);
  const half = workload.batch >> 1;
  const replica = copy.replica!;
  const staged = replica.gradients.map((g) => allocateFloats(g.length));
  const combined = replica.gradients.map((g) => allocateFloats(g.length));
  partner.replica!.trainGradients(x, y, half);
  const parts = { whole: [] as number[], gradients: [] as number[], stage: [] as number[] };
  const more = { combine: [] as number[], update: [] as number[] };
  for (let round = 0; round < 7; round++) {
    parts.whole.push(cpu(() => whole.trainStep(x, y, workload.batch), repeats));
    parts.gradients.push(cpu(() => replica.trainGradients(x, y, half), repeats));
    parts.stage.push(
      cpu(() => staged.forEach((s, k) => s.set(partner.replica!.gradients[k])), repeats),
    );
    more.combine.push(
      cpu(
        () =>
          combined.forEach((c, k) => {
            // Small arrays (biases) take the JS loop, as the product does.
            if (!wasmCombineGradients(replica.gradients[k], staged[k], c, [0.5, 0.5]))
              for (let i = 0; i < c.length; i++)
                c[i] = replica.gradients[k][i] * 0.5 + staged[k][i] * 0.5;
          }),
        repeats,
      ),
    );
    more.update.push(cpu(() => replica.applyUpdates(combined), repeats));
  }
  const us = (s: number) => `${(s * 1e6).toFixed(0)} µs`;
  const w = median(parts.whole);
  const copyStep =
    median(parts.gradients) + median(parts.stage) + median(more.combine) + median(more.update);
  const weights = replica.gradients.reduce((n, g) => n + g.length, 0);
  console.log(
    `${id}: ${weights} weights; whole step ${us(w)}; a copy: half-batch gradients ${us(median(parts.gradients))}, ` +
      `staging the partner's ${us(median(parts.stage))}, combining (SIMD) ${us(median(more.combine))}, update ${us(median(more.update))}; ` +
      `predicted 2-copy speed-up (no wake-ups counted): copies in two memories ${(w / copyStep).toFixed(2)}×, ` +
      `in one memory (no staging, as ReplicaGroup runs them) ${(w / (copyStep - median(parts.stage))).toFixed(2)}×`,
  );
}

const ids = (process.argv[2] ?? 'B,C').split(',');
const repeats = Number(process.argv[3] ?? 40);
for (const id of ids) await measure(id, repeats);
process.exit(0);
