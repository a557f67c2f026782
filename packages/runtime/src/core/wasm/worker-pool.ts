// Splits the gemm micro-kernel's tiles across worker threads that share the kernels' memory.
// Takes a way to spawn a worker (Node's worker_threads or a browser's Web Workers, see
// node-threads.ts); workers block in Atomics.wait between jobs, never spin. Browser-safe.

import type { GemmKernels, GemmRunner, WasmGemm } from './gemm.js';
import { assembleModule } from './assembler.js';
import { gemmFunctions, TILE_COLUMNS, TILE_ROWS } from './gemm-module.js';

/**
 * Products with fewer (padded) multiply-adds than this run on the calling thread alone: waking a
 * worker and splitting costs tens of microseconds. Measured per CPU-second (wasm-kernel-speed.ts):
 * 32×100×100 (0.36 M) lost a third of its rate on 2 threads, 32×1600×100 (5 M) nothing.
 */
export const POOL_MULTIPLY_ADDS = 1_000_000;

/** Whether a product of row blocks × column panels × k is large enough for the pool. */
export function worthSplitting(blocks: number, panels: number, k: number): boolean {
  return blocks * TILE_ROWS * panels * TILE_COLUMNS * k >= POOL_MULTIPLY_ADDS;
}

// The control block (an Int32Array over a SharedArrayBuffer): a job counter the workers wait on,
// the count of workers still busy (the caller waits on it), a stop flag, a failure flag, then
// each worker's job.
const GENERATION = 0;
const PENDING = 1;
const STOP = 2;
/** Set by a worker that could not start or whose kernel trapped; its shares are then redone here. */
const FAILED = 3;
const JOBS = 4;
const JOB_INTS = 14; // 13 gemm arguments, then 1 when the worker has a share this time

/** What a worker receives when it starts. */
export interface WorkerStart {
  bytes: Uint8Array;
  memory: unknown;
  control: SharedArrayBuffer;
  index: number;
}

export interface SpawnedWorker {
  terminate(): void;
}

/** Starts a worker running WORKER_SOURCE, which must then call `run(start)`. */
export type SpawnWorker = (source: string, start: WorkerStart) => SpawnedWorker;

/** The worker's whole program, as JS text (a worker starts from a script, not a module import). */
export const WORKER_SOURCE = `
function run(start) {
  const control = new Int32Array(start.control);
  const job = ${JOBS} + start.index * ${JOB_INTS};
  let gemm = null;
  try {
    const module = new WebAssembly.Module(start.bytes);
    gemm = new WebAssembly.Instance(module, { env: { memory: start.memory } }).exports.gemm;
  } catch {
    Atomics.store(control, ${FAILED}, 1);
  }
  let seen = 0;
  for (;;) {
    Atomics.wait(control, ${GENERATION}, seen);
    const generation = Atomics.load(control, ${GENERATION});
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(control, ${STOP}) !== 0) return;
    if (control[job + 13] === 1 && gemm !== null) {
      try {
        gemm(control[job], control[job + 1], control[job + 2], control[job + 3], control[job + 4],
          control[job + 5], control[job + 6], control[job + 7], control[job + 8], control[job + 9],
          control[job + 10], control[job + 11], control[job + 12]);
      } catch {
        Atomics.store(control, ${FAILED}, 1);
      }
    }
    if (Atomics.sub(control, ${PENDING}, 1) === 1) Atomics.notify(control, ${PENDING});
  }
}
`;

/**
 * Whether to split by column panels (each thread reads all of packed A) rather than by row blocks
 * (each reads all of packed B): whichever gives the busiest thread the smaller share of the tiles,
 * panels on a tie. 7 panels on 2 threads is 4 + 3 (57 % on one), 16 row blocks 8 + 8.
 */
export function splitByPanels(blocks: number, panels: number, shares: number): boolean {
  const busiest = (count: number) => Math.ceil(count / shares) / count;
  if (blocks < shares) return true;
  if (panels < shares) return false;
  return busiest(panels) <= busiest(blocks);
}

/** [first, end) of share `index` of `count` items split into `shares` nearly equal runs. */
function share(index: number, shares: number, count: number): [number, number] {
  return [Math.floor((index * count) / shares), Math.floor(((index + 1) * count) / shares)];
}

export class WorkerPool {
  private readonly control: Int32Array;
  private readonly workers: SpawnedWorker[] = [];

  constructor(
    gemm: WasmGemm,
    readonly workerCount: number,
    spawn: SpawnWorker,
  ) {
    if (!gemm.shared) throw new Error('a worker pool needs shared WebAssembly memory');
    const buffer = new SharedArrayBuffer((JOBS + workerCount * JOB_INTS) * 4);
    this.control = new Int32Array(buffer);
    const bytes = assembleModule(
      { initialPages: 1, maximumPages: 16384, shared: true },
      gemmFunctions(),
    );
    for (let index = 0; index < workerCount; index++) {
      this.workers.push(
        spawn(WORKER_SOURCE, { bytes, memory: gemm.memory, control: buffer, index }),
      );
    }
  }

  /**
   * Runs gemm over blocks × panels, split by column panels or by row blocks (splitByPanels)
   * between the workers and this thread. Every tile is computed
   * whole by one thread with the same code, so the result does not depend on the split.
   */
  readonly runner: GemmRunner = (kernels, args, blocks, panels, k) => {
    if (!worthSplitting(blocks, panels, k)) {
      kernels.gemm(...args, 0, blocks, 0, panels);
      return;
    }
    const shares = this.workerCount + 1;
    const byPanels = splitByPanels(blocks, panels, shares);
    const range = (index: number): [number, number, number, number] => {
      if (byPanels) return [0, blocks, ...share(index, shares, panels)];
      return [...share(index, shares, blocks), 0, panels];
    };
    const control = this.control;
    for (let worker = 0; worker < this.workerCount; worker++) {
      const job = JOBS + worker * JOB_INTS;
      const [blockStart, blockEnd, panelStart, panelEnd] = range(worker + 1);
      control.set(args, job);
      control.set([blockStart, blockEnd, panelStart, panelEnd], job + 9);
      control[job + 13] = blockStart < blockEnd && panelStart < panelEnd ? 1 : 0;
    }
    Atomics.store(control, PENDING, this.workerCount);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    const [blockStart, blockEnd, panelStart, panelEnd] = range(0);
    runShare(kernels, args, blockStart, blockEnd, panelStart, panelEnd);
    for (;;) {
      const pending = Atomics.load(control, PENDING);
      if (pending === 0) break;
      Atomics.wait(control, PENDING, pending);
    }
    // A worker failed (never expected): the whole product again here, the same tiles and bits.
    if (Atomics.load(control, FAILED) !== 0) kernels.gemm(...args, 0, blocks, 0, panels);
  };

  /** Wakes every worker with the stop flag set; each returns from its loop and ends. */
  stop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) worker.terminate();
  }
}

function runShare(
  kernels: GemmKernels,
  args: readonly number[],
  blockStart: number,
  blockEnd: number,
  panelStart: number,
  panelEnd: number,
): void {
  if (blockStart < blockEnd && panelStart < panelEnd)
    kernels.gemm(...args, blockStart, blockEnd, panelStart, panelEnd);
}
