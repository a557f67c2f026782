// The gemm micro-kernel alone on packed panels, for each tile (rows × columns) and k unroll given:
// GFLOP/s per CPU-second on the bench's product shapes. Rounds interleave the variants; best counts.
// `tsx bench/experiments/gemm-tiles.ts 2x16x1 4x8x1 ...` (rows x columns x unroll).

import { assembleModule } from '../../packages/runtime/src/core/wasm/assembler.js';
import { gemmFunctions } from '../../packages/runtime/src/core/wasm/gemm-module.js';
import { wasmApi } from '../../packages/runtime/src/core/wasm/host-api.js';

const api = wasmApi()!;

const variants = (process.argv.length > 2 ? process.argv.slice(2) : ['2x16x1']).map((text) => {
  const [rows, columns, unroll] = text.split('x').map(Number);
  return { text, rows, columns, unroll };
});
const shapes: [number, number, number][] = [
  [1000, 784, 128],
  [64, 784, 128],
  [784, 64, 128],
  [64, 128, 784],
  [32, 1600, 100],
  [32, 100, 100],
];
const memory = new api.Memory({ initial: 2048, maximum: 16384, shared: true });
const kernels = variants.map(({ rows, columns, unroll }) => {
  const bytes = assembleModule(
    { initialPages: 1, maximumPages: 16384, shared: true },
    gemmFunctions(unroll, rows, columns),
  );
  return new api.Instance(new api.Module(bytes), { env: { memory } }).exports as Record<
    string,
    (...args: number[]) => void
  >;
});
const heap = new Float32Array(memory.buffer);
for (let i = 0; i < heap.length; i++) heap[i] = ((i * 7919) % 1000) / 1000 - 0.5;

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 0.3);
for (const [m, k, n] of shapes) {
  const best = variants.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    variants.forEach(({ rows, columns }, index) => {
      const blocks = Math.ceil(m / rows);
      const panels = Math.ceil(n / columns);
      const a = 1 << 20;
      const b = a + blocks * rows * k * 4 + 4096;
      const out = b + panels * columns * k * 4 + 4096;
      const run = () =>
        kernels[index].gemm(
          a,
          b,
          out,
          0,
          k,
          panels * columns * 4,
          0,
          k * rows * 4,
          rows * 4,
          0,
          blocks,
          0,
          panels,
        );
      run();
      const cpu = process.cpuUsage();
      const start = performance.now();
      let flops = 0;
      while (performance.now() - start < SECONDS * 1000) {
        run();
        flops += 2 * m * k * n;
      }
      const used = process.cpuUsage(cpu);
      best[index] = Math.max(best[index], flops / ((used.user + used.system) / 1e6) / 1e9);
    });
  }
  console.log(
    `${`${m}×${k}×${n}`.padEnd(14)} ${variants.map((v, i) => `${v.text} ${best[i].toFixed(1)}`).join(' | ')}`,
  );
}
