// The JS side of the WebAssembly matrix products: copies the operands of out[m, n] (=|+=)
// op(A)·op(B) (+ bias) from plain Float32Arrays into the kernels' memory, packs them into panels,
// runs the micro-kernel (on this thread or split across the worker pool), and copies the result out.

import { adamUpdate } from './adam-module.js';
import { assembleModule } from './assembler.js';
import { gemmFunctions, TILE_COLUMNS, TILE_ROWS } from './gemm-module.js';
import { sharedMemorySupported, wasmApi, type WasmMemory } from './host-api.js';

/** 'nn': a[m, k]·b[k, n]; 'tn': aᵀ·b with a stored [k, m]; 'nt': a·bᵀ with b stored [n, k]. */
export type ProductLayout = 'nn' | 'tn' | 'nt';

type Kernel = (...args: number[]) => void;

export interface GemmKernels {
  packRowsScalar: Kernel;
  packColumnsScalar: Kernel;
  packColumnsVector: Kernel;
  gemm: Kernel;
  adamUpdate: Kernel;
}

const PAGE_BYTES = 65536;
const MAXIMUM_PAGES = 16384; // 1 GiB
/** Byte address 0 is never an operand, so a bias address of 0 can mean "no bias". */
export const FIRST_ADDRESS = 64;

/**
 * Whether a product's operands, panels and result fit the kernels' memory (with room to spare);
 * larger ones run in JS.
 */
export function productFitsWasmMemory(m: number, k: number, n: number): boolean {
  const floats =
    2 * m * k + 2 * k * n + (m + TILE_ROWS) * (k + n + TILE_COLUMNS) + TILE_COLUMNS * k;
  return floats * 4 + 4096 <= MAXIMUM_PAGES * PAGE_BYTES;
}

/** Rows shorter than this are copied out value by value rather than by `set`. */
const SHORT_ROW = 64;

const align = (bytes: number) => (bytes + 15) & ~15;

/** One memory (shared where the host allows, so workers can see it) and the kernels bound to it. */
export class WasmGemm {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  readonly kernels: GemmKernels;
  private heap: Float32Array;

  constructor() {
    const api = wasmApi();
    if (api === undefined) throw new Error('this host has no WebAssembly');
    this.shared = sharedMemorySupported();
    this.memory = new api.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared: this.shared });
    this.kernels = instantiateGemmKernels(this.memory, this.shared);
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** The memory as floats, grown to at least `bytes`. */
  floats(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (have < bytes) {
      const pages = Math.ceil((bytes - have) / PAGE_BYTES);
      if (have / PAGE_BYTES + pages > MAXIMUM_PAGES)
        throw new Error(`a matrix product needs ${bytes} bytes, over the kernels' 1 GiB memory`);
      this.memory.grow(pages);
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float32Array(this.memory.buffer);
    return this.heap;
  }
}

/** Instantiates the kernel module on `memory` (also how a worker binds to the shared memory). */
export function instantiateGemmKernels(memory: WasmMemory, shared: boolean): GemmKernels {
  const api = wasmApi()!;
  const bytes = assembleModule({ initialPages: 1, maximumPages: MAXIMUM_PAGES, shared }, [
    ...gemmFunctions(),
    adamUpdate(),
  ]);
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  return instance.exports as unknown as GemmKernels;
}

/** Splits gemm's row blocks × column panels into calls; the worker pool plugs in here. */
export type GemmRunner = (
  kernels: GemmKernels,
  args: [number, number, number, number, number, number],
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
  if (vector && strideX === 4 && groups > 0) {
    vector(source, strideP, groups, k, target);
    if (tail > 0)
      scalar(source + groups * width * 4, 4, strideP, tail, k, target + groups * k * width * 4);
  } else {
    scalar(source, strideX, strideP, count, k, target);
  }
}

let instance: WasmGemm | undefined;

/** The process's (or page's) one kernel memory, created on first use. */
export function wasmGemm(): WasmGemm {
  instance ??= new WasmGemm();
  return instance;
}

/**
 * out[m, n] (=|+=) op(a)·op(b) (+ bias[n]) for the layout, a and b read from their offsets
 * as the JS kernels read them; bias is added before accumulate adds to out.
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
): void {
  if (m === 0 || n === 0) return;
  const gemm = wasmGemm();
  const blocks = Math.ceil(m / TILE_ROWS);
  const panels = Math.ceil(n / TILE_COLUMNS);
  const rowFloats = panels * TILE_COLUMNS;
  const rawA = FIRST_ADDRESS;
  const rawB = align(rawA + m * k * 4);
  const packedA = align(rawB + k * n * 4);
  const packedB = align(packedA + blocks * TILE_ROWS * k * 4);
  const result = align(packedB + rowFloats * k * 4);
  const biasAddress = align(result + blocks * TILE_ROWS * rowFloats * 4);
  const heap = gemm.floats(biasAddress + rowFloats * 4);
  const kernels = gemm.kernels;

  heap.set(a.subarray(aOffset, aOffset + m * k), rawA >> 2);
  heap.set(b.subarray(bOffset, bOffset + k * n), rawB >> 2);
  if (layout === 'tn') pack(kernels, heap, TILE_ROWS, rawA, 4, m * 4, m, k, packedA);
  else pack(kernels, heap, TILE_ROWS, rawA, k * 4, 4, m, k, packedA);
  if (layout === 'nt') pack(kernels, heap, TILE_COLUMNS, rawB, k * 4, 4, n, k, packedB);
  else pack(kernels, heap, TILE_COLUMNS, rawB, 4, n * 4, n, k, packedB);
  if (bias) {
    heap.set(bias.subarray(0, n), biasAddress >> 2);
    heap.fill(0, (biasAddress >> 2) + n, (biasAddress >> 2) + rowFloats);
  }
  runner(
    kernels,
    [packedA, packedB, result, bias ? biasAddress : 0, k, rowFloats * 4],
    blocks,
    panels,
    k,
  );

  const first = result >> 2;
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
