// The JS side of the WebAssembly matrix products: copies the operands of out[m, n] (=|+=)
// op(A)·op(B) (+ bias) from plain Float32Arrays into the kernels' memory, packs them into panels,
// runs the micro-kernel (on this thread or split across the worker pool), and copies the result out.

import { adamUpdate } from './adam-module.js';
import { assembleModule } from './assembler.js';
import { gemmFunctions, TILE_COLUMNS, TILE_ROWS } from './gemm-module.js';
import { elementwiseFunctions } from './elementwise-module.js';
import { sharedMemorySupported, wasmApi, type WasmMemory } from './host-api.js';
import { align, KernelMemory, MAXIMUM_PAGES } from './kernel-memory.js';

/** 'nn': a[m, k]·b[k, n]; 'tn': aᵀ·b with a stored [k, m]; 'nt': a·bᵀ with b stored [n, k]. */
export type ProductLayout = 'nn' | 'tn' | 'nt';

type Kernel = (...args: number[]) => void;

export interface GemmKernels {
  packRowsScalar: Kernel;
  packRowsPairs: Kernel;
  packColumnsScalar: Kernel;
  packColumnsVector: Kernel;
  gemm: Kernel;
  adamUpdate: Kernel;
  storeRows: Kernel;
  sgdUpdate: Kernel;
  reluBackward: Kernel;
  columnSums: Kernel;
  reluForward: Kernel;
  combineGradients: Kernel;
}

/**
 * Whether a product's operands, panels and result fit the kernels' memory (with room to spare);
 * larger ones run in JS.
 */
export function productFitsWasmMemory(m: number, k: number, n: number): boolean {
  const floats =
    2 * m * k + 2 * k * n + (m + TILE_ROWS) * (k + n + TILE_COLUMNS) + TILE_COLUMNS * k;
  return floats * 4 + 4096 <= 128 * 1024 * 1024;
}

/** Rows shorter than this are copied out value by value rather than by `set`. */
const SHORT_ROW = 64;

/** The kernel memory (shared where the host allows, so workers can see it) and its kernels. */
export class WasmGemm extends KernelMemory {
  readonly kernels: GemmKernels;

  constructor(region?: { memory: WasmMemory; start: number; limit: number }) {
    super(sharedMemorySupported(), region);
    this.kernels = instantiateGemmKernels(this.memory, this.shared);
  }
}

/** Instantiates the kernel module on `memory` (also how a worker binds to the shared memory). */
export function instantiateGemmKernels(memory: WasmMemory, shared: boolean): GemmKernels {
  const api = wasmApi()!;
  const bytes = assembleModule({ initialPages: 1, maximumPages: MAXIMUM_PAGES, shared }, [
    ...gemmFunctions(),
    adamUpdate(),
    ...elementwiseFunctions(),
  ]);
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  return instance.exports as unknown as GemmKernels;
}

/** Splits gemm's row blocks × column panels into calls; the worker pool plugs in here. */
export type GemmRunner = (
  kernels: GemmKernels,
  args: [number, number, number, number, number, number, number, number, number],
  blocks: number,
  panels: number,
  k: number,
) => void;

const runOnThisThread: GemmRunner = (kernels, args, blocks, panels) =>
  kernels.gemm(...args, 0, blocks, 0, panels);

let runner: GemmRunner = runOnThisThread;

/** Routes the micro-kernel through `next` (the worker pool), or back to this thread with null. */
export function setGemmRunner(next: GemmRunner | null): void {
  runner = next ?? runOnThisThread;
}

/** Packs `count` rows/columns × k of an operand (strides in bytes) into panels `width` wide. */
function pack(
  kernels: GemmKernels,
  heap: Float32Array,
  width: number,
  source: number,
  strideX: number,
  strideP: number,
  count: number,
  k: number,
  target: number,
): void {
  const groups = Math.floor(count / width);
  const tail = count - groups * width;
  if (tail > 0) {
    const padded = (target >> 2) + groups * k * width;
    heap.fill(0, padded, padded + k * width);
  }
  // A's row panels (TILE_ROWS wide) are packed by scalars; B's column panels (TILE_COLUMNS, a
  // multiple of 4) by vectors when their columns are contiguous.
  const vector = width === TILE_COLUMNS ? kernels.packColumnsVector : undefined;
  const scalar = width === TILE_COLUMNS ? kernels.packColumnsScalar : kernels.packRowsScalar;
  if (width === TILE_ROWS && TILE_ROWS === 2 && strideP === 4 && groups > 0) {
    // Row pairs of a row-major A, four k steps at a time; a last single row by scalars.
    kernels.packRowsPairs(source, strideX, groups, k, target);
    if (tail > 0)
      scalar(
        source + groups * width * strideX,
        strideX,
        4,
        tail,
        k,
        target + groups * k * width * 4,
      );
  } else if (vector && strideX === 4 && groups > 0) {
    vector(source, strideP, groups, k, target);
    if (tail > 0)
      scalar(source + groups * width * 4, 4, strideP, tail, k, target + groups * k * width * 4);
  } else {
    scalar(source, strideX, strideP, count, k, target);
  }
}

/** B's panels from sourceB (bytes; [k, n] row-major, or [n, k] for 'nt') at target. */
function packB(
  kernels: GemmKernels,
  heap: Float32Array,
  layout: ProductLayout,
  sourceB: number,
  k: number,
  n: number,
  target: number,
): void {
  if (layout === 'nt') pack(kernels, heap, TILE_COLUMNS, sourceB, k * 4, 4, n, k, target);
  else pack(kernels, heap, TILE_COLUMNS, sourceB, 4, n * 4, n, k, target);
}

/** Floats of B's packed panels for a product's k and n (whole panels, zero-padded). */
export function packedPanelFloats(k: number, n: number): number {
  return Math.ceil(n / TILE_COLUMNS) * TILE_COLUMNS * k;
}

/**
 * Packs the product's B (b from bOffset: [k, n], or [n, k] for 'nt') into `panels`, an array in
 * the kernel memory of at least packedPanelFloats(k, n) floats, for wasmProduct's packedB: a B
 * shared by many products (a recurrent kernel over the time steps) is packed once. False, and
 * nothing packed, when panels is not in the kernel memory or too short.
 */
export function wasmPackB(
  layout: ProductLayout,
  b: Float32Array,
  bOffset: number,
  k: number,
  n: number,
  panels: Float32Array,
): boolean {
  const gemm = wasmGemm();
  const target = gemm.address(panels);
  if (target < 0 || panels.length < packedPanelFloats(k, n) || k === 0 || n === 0) return false;
  const bAt = gemm.address(b);
  const base = bAt < 0 ? gemm.scratch(k * n * 4) : 0;
  const heap = gemm.floats(0);
  let sourceB = bAt + bOffset * 4;
  if (bAt < 0) {
    sourceB = base;
    heap.set(b.subarray(bOffset, bOffset + k * n), base >> 2);
  }
  packB(gemm.kernels, heap, layout, sourceB, k, n, target);
  return true;
}

/**
 * Bytes of the scratch region wasmProduct has laid out so far. A module-level function, not a
 * closure per call: running from TypeScript sources, esbuild's keepNames renames every closure it
 * creates (__name), which cost ~1 % of a training step.
 */
let scratchUsed = 0;

/** The next `bytes` of the scratch region (an offset, 16-byte aligned). */
function take(bytes: number): number {
  const at = scratchUsed;
  scratchUsed = align(scratchUsed + bytes);
  return at;
}

let instance: WasmGemm | undefined;

/** The process's (or page's) one kernel memory, created on first use. */
export function wasmGemm(): WasmGemm {
  instance ??= new WasmGemm();
  return instance;
}

/**
 * Makes this thread's kernels use [start, limit) of `memory` (another thread's shared kernel
 * memory) for their arena: a copy of a model over the batch then shares its caller's memory.
 * Only before this thread's first kernel; returns whether it took effect.
 */
export function adoptKernelMemory(memory: WasmMemory, start: number, limit: number): boolean {
  if (instance !== undefined) return false;
  instance = new WasmGemm({ memory, start, limit });
  return true;
}

/**
 * out[m, n] (=|+=) op(a)·op(b) (+ bias[n]) (then ReLU when `relu`) for the layout, a and b read
 * from their offsets as the JS kernels read them; bias is added before accumulate adds to out.
 * Operands in the kernel memory's arena are read and written in place; others are copied.
 * packedB, when given, holds b already packed by wasmPackB (b is then not read).
 */
export function wasmProduct(
  layout: ProductLayout,
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  out: Float32Array,
  outOffset: number,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
  bias: Float32Array | null,
  relu = false,
  packedB: Float32Array | null = null,
): void {
  if (m === 0 || n === 0) return;
  const gemm = wasmGemm();
  const blocks = Math.ceil(m / TILE_ROWS);
  const panels = Math.ceil(n / TILE_COLUMNS);
  const rowFloats = panels * TILE_COLUMNS;
  const aAt = gemm.address(a);
  const bAt = gemm.address(b);
  const outAt = gemm.address(out);
  const biasAt = bias ? gemm.address(bias) : 0;
  // The micro-kernel stores whole tiles: straight into out when they cover it exactly.
  const direct = outAt >= 0 && !accumulate && rowFloats === n && blocks * TILE_ROWS === m;
  const biasInPlace = bias === null || (biasAt >= 0 && rowFloats === n);

  // The scratch region: operands not in the arena, packed panels, result and bias when needed.
  scratchUsed = 0;
  // aᵀ stored [k, m] in the arena is read in place: a block's two rows are adjacent at each k
  // step, as in a packed panel (an odd m would read past the array for its last block).
  const aInPlace = layout === 'tn' && aAt >= 0 && m % TILE_ROWS === 0;
  const rawA = aAt < 0 ? take(m * k * 4) : -1;
  // B's panels packed beforehand (wasmPackB) are used as they are.
  const packedBAt = packedB ? gemm.address(packedB) : -1;
  if (packedB && packedBAt < 0) throw new Error('packed panels must lie in the kernel memory');
  const rawB = bAt < 0 && packedBAt < 0 ? take(k * n * 4) : -1;
  const packedA = aInPlace ? -1 : take(blocks * TILE_ROWS * k * 4);
  const packedBScratch = packedBAt < 0 ? take(rowFloats * k * 4) : -1;
  const result = direct ? -1 : take(blocks * TILE_ROWS * rowFloats * 4);
  const biasCopy = biasInPlace ? -1 : take(rowFloats * 4);
  const base = gemm.scratch(scratchUsed);
  const heap = gemm.floats(0);
  const kernels = gemm.kernels;

  let sourceA = aAt + aOffset * 4;
  if (rawA >= 0) {
    sourceA = base + rawA;
    heap.set(a.subarray(aOffset, aOffset + m * k), sourceA >> 2);
  }
  let sourceB = bAt + bOffset * 4;
  if (rawB >= 0) {
    sourceB = base + rawB;
    heap.set(b.subarray(bOffset, bOffset + k * n), sourceB >> 2);
  }
  let aStart = sourceA;
  let aBlockStride = TILE_ROWS * 4;
  let aStep = m * 4;
  if (!aInPlace) {
    aStart = base + packedA;
    aBlockStride = k * TILE_ROWS * 4;
    aStep = TILE_ROWS * 4;
    if (layout === 'tn') pack(kernels, heap, TILE_ROWS, sourceA, 4, m * 4, m, k, aStart);
    else pack(kernels, heap, TILE_ROWS, sourceA, k * 4, 4, m, k, aStart);
  }
  const bStart = packedBAt >= 0 ? packedBAt : base + packedBScratch;
  if (packedBAt < 0) packB(kernels, heap, layout, sourceB, k, n, bStart);
  let biasAddress = bias ? biasAt : 0;
  if (bias && biasCopy >= 0) {
    biasAddress = base + biasCopy;
    heap.set(bias.subarray(0, n), biasAddress >> 2);
    heap.fill(0, (biasAddress >> 2) + n, (biasAddress >> 2) + rowFloats);
  }
  const resultAt = direct ? outAt + outOffset * 4 : base + result;
  const rowBytes = direct ? n * 4 : rowFloats * 4;
  runner(
    kernels,
    [aStart, bStart, resultAt, biasAddress, k, rowBytes, relu ? 1 : 0, aBlockStride, aStep],
    blocks,
    panels,
    k,
  );
  if (direct) return;
  if (outAt >= 0) {
    kernels.storeRows(resultAt, rowBytes, outAt + outOffset * 4, n * 4, m, n, accumulate ? 1 : 0);
    return;
  }

  const first = resultAt >> 2;
  if (!accumulate && rowFloats === n) {
    out.set(heap.subarray(first, first + m * n), outOffset);
  } else if (!accumulate && n >= SHORT_ROW) {
    for (let i = 0; i < m; i++) {
      const row = first + i * rowFloats;
      out.set(heap.subarray(row, row + n), outOffset + i * n);
    }
  } else if (!accumulate) {
    // Short rows: a subarray per row would cost more than copying the values one by one.
    for (let i = 0; i < m; i++) {
      const row = first + i * rowFloats;
      const outRow = outOffset + i * n;
      for (let j = 0; j < n; j++) out[outRow + j] = heap[row + j];
    }
  } else {
    for (let i = 0; i < m; i++) {
      const row = first + i * rowFloats;
      const outRow = outOffset + i * n;
      for (let j = 0; j < n; j++) out[outRow + j] += heap[row + j];
    }
  }
}
