// Splits the gemm micro-kernel's tiles across worker threads that share the kernels' memory: a
// product is cut into chunks of tiles that every thread, the caller too, claims from a counter.
// Takes a way to spawn a worker (node-threads.ts); workers block in Atomics.wait, never spin.

import type { GemmKernels, GemmRunner, WasmGemm } from './gemm.js';
import { assembleModule } from './assembler.js';
import { gemmFunctions, TILE_COLUMNS, TILE_ROWS } from './gemm-module.js';

/**
 * Products with fewer (padded) multiply-adds than this run on the calling thread alone: waking a
 * worker costs a system call and tens of microseconds before it helps. Measured per CPU-second
 * (wasm-kernel-speed.ts): 32×100×100 (0.36 M) lost a third of its rate on 2 threads, 32×1600×100
 * (5 M) nothing.
 */
export const POOL_MULTIPLY_ADDS = 1_000_000;

/** Whether a product of row blocks × column panels × k is large enough for the pool. */
export function worthSplitting(blocks: number, panels: number, k: number): boolean {
  return blocks * TILE_ROWS * panels * TILE_COLUMNS * k >= POOL_MULTIPLY_ADDS;
}

/**
 * Chunks per thread a product is cut into. A thread that finds no chunk left waits only for the
 * chunks other threads are still running (at most one each), and a worker that wakes late finds
 * fewer chunks, or none: the caller never waits for a worker to wake.
 */
export const CHUNKS_PER_THREAD = 8;
/** A chunk has at least this many (padded) multiply-adds, so claiming one costs little. */
export const CHUNK_MULTIPLY_ADDS = 65_536;

/** Tiles per chunk for a product of blocks × panels tiles with k steps on `threads` threads. */
export function chunkTiles(blocks: number, panels: number, k: number, threads: number): number {
  const tiles = blocks * panels;
  const byCount = Math.ceil(tiles / (CHUNKS_PER_THREAD * threads));
  const bySize = Math.ceil(CHUNK_MULTIPLY_ADDS / (TILE_ROWS * TILE_COLUMNS * Math.max(1, k)));
  return Math.max(1, Math.min(tiles, Math.max(byCount, bySize)));
}

// The control block (an Int32Array over a SharedArrayBuffer). Workers wait on GENERATION. A job's
// chunks are claimed by counting REMAINING down (a claim that finds it ≤ 0 gets nothing); DONE
// counts finished chunks, and the caller waits on it for chunks still running elsewhere.
const GENERATION = 0;
const STOP = 1;
/** Set by a worker whose kernel trapped (never expected); the product is then redone here. */
const FAILED = 2;
const REMAINING = 3;
const DONE = 4;
const CHUNKS = 5;
const CHUNK_TILES = 6;
const BLOCKS = 7;
const TILES = 8;
/** Chunks run by workers since the pool started (for poolStatistics; the caller counts its own). */
const WORKER_CHUNKS = 9;
const ARGUMENTS = 10; // gemm's first 9 arguments
const CONTROL_INTS = ARGUMENTS + 9;

/** What the pool has done since it started: how the chunks were shared, how long the caller waited. */
export interface PoolStatistics {
  products: number;
  chunks: number;
  workerChunks: number;
  /** Products after which the caller had to wait for a chunk still running on a worker. */
  waits: number;
  waitMilliseconds: number;
}

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

/**
 * The worker's whole program, as JS text (a worker starts from a script, not a module import).
 * `claim` is `claimChunks` below, line for line: a chunk is claimed before the job's arguments are
 * read, so a worker woken for an earlier job can only claim (and then read) the current one — the
 * caller writes a job's arguments before it stores REMAINING, and starts no new job until DONE
 * counts all its chunks.
 */
export const WORKER_SOURCE = `
function claim(control, gemm) {
  for (;;) {
    const left = Atomics.sub(control, ${REMAINING}, 1);
    if (left <= 0) return;
    const chunks = control[${CHUNKS}];
    const size = control[${CHUNK_TILES}];
    const blocks = control[${BLOCKS}];
    const a = control.slice(${ARGUMENTS}, ${ARGUMENTS + 9});
    let tile = (chunks - left) * size;
    const end = Math.min(control[${TILES}], tile + size);
    try {
      while (tile < end) {
        const panel = Math.floor(tile / blocks);
        const block = tile - panel * blocks;
        const blockEnd = Math.min(blocks, block + (end - tile));
        gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], block, blockEnd, panel, panel + 1);
        tile += blockEnd - block;
      }
    } catch {
      Atomics.store(control, ${FAILED}, 1);
    }
    Atomics.add(control, ${WORKER_CHUNKS}, 1);
    if (Atomics.add(control, ${DONE}, 1) + 1 === chunks) Atomics.notify(control, ${DONE});
  }
}
function run(start) {
  const control = new Int32Array(start.control);
  // A worker that cannot start claims nothing: the other threads run every chunk.
  let gemm = null;
  try {
    const module = new WebAssembly.Module(start.bytes);
    gemm = new WebAssembly.Instance(module, { env: { memory: start.memory } }).exports.gemm;
  } catch {}
  let seen = 0;
  for (;;) {
    Atomics.wait(control, ${GENERATION}, seen);
    seen = Atomics.load(control, ${GENERATION});
    if (Atomics.load(control, ${STOP}) !== 0) return;
    if (gemm !== null) claim(control, gemm);
  }
}
`;

/** The caller's side of WORKER_SOURCE's `claim`: the same chunks, cut the same way. */
function claimChunks(control: Int32Array, kernels: GemmKernels, args: readonly number[]): void {
  const chunks = control[CHUNKS];
  const size = control[CHUNK_TILES];
  const blocks = control[BLOCKS];
  for (;;) {
    const left = Atomics.sub(control, REMAINING, 1);
    if (left <= 0) return;
    let tile = (chunks - left) * size;
    const end = Math.min(control[TILES], tile + size);
    while (tile < end) {
      const panel = Math.floor(tile / blocks);
      const block = tile - panel * blocks;
      const blockEnd = Math.min(blocks, block + (end - tile));
      kernels.gemm(...args, block, blockEnd, panel, panel + 1);
      tile += blockEnd - block;
    }
    Atomics.add(control, DONE, 1);
  }
}

export class WorkerPool {
  private readonly control: Int32Array;
  private readonly workers: SpawnedWorker[] = [];
  private products = 0;
  private chunks = 0;
  private waits = 0;
  private waitMilliseconds = 0;

  /** `callerClaims: false` leaves every chunk to the workers (a test of the workers' code). */
  constructor(
    gemm: WasmGemm,
    readonly workerCount: number,
    spawn: SpawnWorker,
    private readonly options: { callerClaims: boolean } = { callerClaims: true },
  ) {
    if (!gemm.shared) throw new Error('a worker pool needs shared WebAssembly memory');
    const buffer = new SharedArrayBuffer(CONTROL_INTS * 4);
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
   * Runs gemm over blocks × panels: the tiles, panel-major, are cut into chunks that this thread
   * and the woken workers claim until none is left. Every tile is computed whole by one thread
   * with the same code, so the result does not depend on who ran which chunk.
   */
  readonly runner: GemmRunner = (kernels, args, blocks, panels, k) => {
    if (!worthSplitting(blocks, panels, k)) {
      kernels.gemm(...args, 0, blocks, 0, panels);
      return;
    }
    const control = this.control;
    const tiles = blocks * panels;
    const size = chunkTiles(blocks, panels, k, this.workerCount + 1);
    const chunks = Math.ceil(tiles / size);
    control.set(args, ARGUMENTS);
    control[CHUNKS] = chunks;
    control[CHUNK_TILES] = size;
    control[BLOCKS] = blocks;
    control[TILES] = tiles;
    Atomics.store(control, DONE, 0);
    Atomics.store(control, FAILED, 0);
    Atomics.store(control, REMAINING, chunks);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    if (this.options.callerClaims) claimChunks(control, kernels, args);
    this.products++;
    this.chunks += chunks;
    if (Atomics.load(control, DONE) < chunks) {
      const start = performance.now();
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done >= chunks) break;
        Atomics.wait(control, DONE, done);
      }
      this.waits++;
      this.waitMilliseconds += performance.now() - start;
    }
    // A worker's kernel trapped (never expected): the whole product again here, the same bits.
    if (Atomics.load(control, FAILED) !== 0) kernels.gemm(...args, 0, blocks, 0, panels);
  };

  statistics(): PoolStatistics {
    const { products, chunks, waits, waitMilliseconds } = this;
    const workerChunks = Atomics.load(this.control, WORKER_CHUNKS);
    return { products, chunks, workerChunks, waits, waitMilliseconds };
  }

  /** Wakes every worker with the stop flag set; each returns from its loop and ends. */
  stop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) worker.terminate();
  }
}
