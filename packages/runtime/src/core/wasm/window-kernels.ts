// The JS side of the pooling, direct convolution and unfolding WebAssembly kernels (pool-, conv-,
// unfold-module.ts): each runs in place when its arrays are in the kernel memory's arena and returns
// true; false leaves the work to the caller's JS loop. A max pooling's argmax lives in the arena.

import { assembleModule } from './assembler.js';
import {
  convFunctions,
  convShapeFunctions,
  MAX_BLOCK_VECTORS,
  UNROLL_ENTRIES,
  type ConvShape,
} from './conv-module.js';
import { wasmGemm } from './gemm.js';
import { wasmApi } from './host-api.js';
import { arenaAddresses } from './elementwise.js';
import { align, MAXIMUM_PAGES } from './kernel-memory.js';
import { poolFunctions } from './pool-module.js';
import { unfoldFunctions } from './unfold-module.js';

type Kernel = (...args: number[]) => void;

let kernels: Record<string, Kernel> | undefined;

/** The pooling and convolution kernels, instantiated once on the kernel memory. */
function windowKernels(): Record<string, Kernel> {
  if (kernels) return kernels;
  const memory = wasmGemm();
  const api = wasmApi()!;
  const bytes = assembleModule(
    { initialPages: 1, maximumPages: MAXIMUM_PAGES, shared: memory.shared },
    [...poolFunctions(), ...convFunctions(), ...unfoldFunctions()],
  );
  const instance = new api.Instance(new api.Module(bytes), { env: { memory: memory.memory } });
  kernels = instance.exports as Record<string, Kernel>;
  return kernels;
}

/** Kernel-gradient kernels emitted for one convolution shape (taps unrolled), by shape. */
const shapeKernels = new Map<string, Record<string, Kernel>>();

/** Whether convolutions of this geometry get kernels of their own, with the taps unrolled. */
let unrollShapes = true;

/** Turns the per-shape kernels off (tests compare them with the generic ones); returns the old. */
export function setConvUnrolling(next: boolean): boolean {
  const previous = unrollShapes;
  unrollShapes = next;
  return previous;
}

function convShape(g: ConvWindows): ConvShape {
  return {
    kernelHeight: g.kernelHeight,
    kernelWidth: g.kernelWidth,
    inChannels: g.inChannels,
    inWidth: g.inWidth,
    dilationHeight: g.dilationHeight,
    dilationWidth: g.dilationWidth,
    strideWidth: g.strideWidth,
    rowBytes: g.outChannels * 4,
  };
}

/** The kernel gradient's kernels for g: its own unrolled ones when its patch is short, else generic. */
function convKernels(g: ConvWindows): Record<string, Kernel> {
  if (!unrollShapes || g.kernelHeight * g.kernelWidth * g.inChannels > UNROLL_ENTRIES) {
    return windowKernels();
  }
  const shape = convShape(g);
  const key = JSON.stringify(shape);
  let found = shapeKernels.get(key);
  if (!found) {
    const memory = wasmGemm();
    const api = wasmApi()!;
    const vectors = new Set(channelBlocks(g.outChannels).map(([, count]) => count));
    const bytes = assembleModule(
      { initialPages: 1, maximumPages: MAXIMUM_PAGES, shared: memory.shared },
      [...vectors].flatMap((count) => convShapeFunctions(count, shape)),
    );
    const instance = new api.Instance(new api.Module(bytes), { env: { memory: memory.memory } });
    found = instance.exports as Record<string, Kernel>;
    shapeKernels.set(key, found);
  }
  return found;
}

/** The module's bytes (for validation in tests). */
export function windowModuleBytes(shared: boolean): Uint8Array {
  return assembleModule({ initialPages: 1, maximumPages: MAXIMUM_PAGES, shared }, [
    ...poolFunctions(),
    ...convFunctions(),
    ...unfoldFunctions(),
  ]);
}

/** What the pooling kernels need of a pooling geometry (kernels/pool.ts's Pool2dGeometry). */
export interface PoolWindows {
  inHeight: number;
  inWidth: number;
  channels: number;
  poolHeight: number;
  poolWidth: number;
  strideHeight: number;
  strideWidth: number;
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

interface PoolTables {
  rows: number;
  columns: number;
  inverse: number;
}

/** Per geometry: each output row's and column's window bounds, and each window's 1/cells. */
const tablesOf = new WeakMap<PoolWindows, PoolTables>();

function poolTables(g: PoolWindows): PoolTables | undefined {
  const cached = tablesOf.get(g);
  if (cached) return cached;
  const memory = wasmGemm();
  const rows = memory.allocate(2 * g.outHeight);
  const columns = memory.allocate(2 * g.outWidth);
  const inverse = memory.allocate(2 * g.outHeight * g.outWidth);
  if (!rows || !columns || !inverse) return undefined;
  const bounds = (
    view: Float32Array,
    count: number,
    stride: number,
    pad: number,
    size: number,
    limit: number,
  ) => {
    const ints = new Int32Array(view.buffer, view.byteOffset, 2 * count);
    for (let o = 0; o < count; o++) {
      const first = o * stride - pad;
      ints[2 * o] = Math.max(first, 0);
      ints[2 * o + 1] = Math.min(first + size, limit);
    }
    return ints;
  };
  const rowBounds = bounds(rows, g.outHeight, g.strideHeight, g.padTop, g.poolHeight, g.inHeight);
  const columnBounds = bounds(
    columns,
    g.outWidth,
    g.strideWidth,
    g.padLeft,
    g.poolWidth,
    g.inWidth,
  );
  const inverses = new Float64Array(inverse.buffer, inverse.byteOffset, g.outHeight * g.outWidth);
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      const cells =
        (rowBounds[2 * oh + 1] - rowBounds[2 * oh]) *
        (columnBounds[2 * ow + 1] - columnBounds[2 * ow]);
      // The JS loop's own expression, so the same float64.
      inverses[oh * g.outWidth + ow] = 1 / cells;
    }
  }
  const tables = {
    rows: rows.byteOffset,
    columns: columns.byteOffset,
    inverse: inverse.byteOffset,
  };
  tablesOf.set(g, tables);
  return tables;
}

/**
 * The argmax of a max pooling, kept in the arena for the wasm backward: `fresh` while the last
 * forward that wrote this argmax array ran in wasm (the JS array itself is then stale).
 */
interface ArenaArgmax {
  ints: Int32Array;
  fresh: boolean;
}

const argmaxes = new WeakMap<Int32Array, ArenaArgmax>();

function arenaArgmax(argmax: Int32Array, length: number): ArenaArgmax | undefined {
  let kept = argmaxes.get(argmax);
  if (!kept || kept.ints.length < length) {
    const view = wasmGemm().allocate(Math.max(length, argmax.length));
    if (!view) return undefined;
    kept = { ints: new Int32Array(view.buffer, view.byteOffset, view.length), fresh: false };
    argmaxes.set(argmax, kept);
  }
  return kept;
}

function poolArguments(batch: number, tables: PoolTables, g: PoolWindows): number[] {
  return [
    batch,
    tables.rows,
    tables.columns,
    g.outHeight,
    g.outWidth,
    g.channels,
    g.inHeight,
    g.inWidth,
  ];
}

/** Max pooling forward in wasm (see maxPool2dForward); false when it cannot run in place. */
export function wasmMaxPoolForward(
  x: Float32Array,
  out: Float32Array,
  argmax: Int32Array,
  batch: number,
  g: PoolWindows,
): boolean {
  const inputs = batch * g.inHeight * g.inWidth * g.channels;
  const outputs = batch * g.outHeight * g.outWidth * g.channels;
  const at = arenaAddresses(inputs, [x, out]);
  const tables = at && poolTables(g);
  const kept = tables && arenaArgmax(argmax, outputs);
  if (!at || !tables || !kept) {
    forgetArgmax(argmax);
    return false;
  }
  windowKernels().maxPoolForward(
    ...poolArguments(batch, tables, g),
    at[0],
    at[1],
    kept.ints.byteOffset,
  );
  kept.fresh = true;
  return true;
}

/** Marks an argmax as written by the JS loop (its arena copy, if any, is stale). */
export function forgetArgmax(argmax: Int32Array): void {
  const kept = argmaxes.get(argmax);
  if (kept) kept.fresh = false;
}

/**
 * Max pooling backward in wasm when the forward ran in wasm and dy, dx are in the arena. When the
 * forward ran in wasm but this cannot, the arena's argmax is copied into `argmax` for the JS loop.
 */
export function wasmMaxPoolBackward(
  dy: Float32Array,
  argmax: Int32Array,
  dx: Float32Array,
  batch: number,
  g: PoolWindows,
): boolean {
  const kept = argmaxes.get(argmax);
  if (!kept || !kept.fresh) return false;
  const inputs = batch * g.inHeight * g.inWidth * g.channels;
  const outputs = batch * g.outHeight * g.outWidth * g.channels;
  const at = arenaAddresses(inputs, [dy, dx]);
  if (!at) {
    argmax.set(kept.ints.subarray(0, outputs));
    return false;
  }
  windowKernels().maxPoolBackward(at[0], kept.ints.byteOffset, at[1], outputs, inputs);
  return true;
}

/** The arena's argmax of a max pooling whose forward ran in wasm (tests), else undefined. */
export function wasmArgmax(argmax: Int32Array, outputs: number): Int32Array | undefined {
  const kept = argmaxes.get(argmax);
  return kept?.fresh ? kept.ints.subarray(0, outputs) : undefined;
}

/** Average pooling forward in wasm (see avgPool2dForward). */
export function wasmAvgPoolForward(
  x: Float32Array,
  out: Float32Array,
  batch: number,
  g: PoolWindows,
): boolean {
  const at = arenaAddresses(batch * g.inHeight * g.inWidth * g.channels, [x, out]);
  const tables = at && poolTables(g);
  if (!at || !tables) return false;
  windowKernels().avgPoolForward(...poolArguments(batch, tables, g), at[0], at[1], tables.inverse);
  return true;
}

/** Average pooling backward in wasm (see avgPool2dBackward). */
export function wasmAvgPoolBackward(
  dy: Float32Array,
  dx: Float32Array,
  batch: number,
  g: PoolWindows,
): boolean {
  const inputs = batch * g.inHeight * g.inWidth * g.channels;
  const at = arenaAddresses(inputs, [dy, dx]);
  const tables = at && poolTables(g);
  if (!at || !tables) return false;
  windowKernels().avgPoolBackward(
    ...poolArguments(batch, tables, g),
    at[0],
    at[1],
    tables.inverse,
    inputs,
  );
  return true;
}

/** What the direct convolution needs of a geometry (kernels/conv.ts's Conv2dGeometry). */
export interface ConvWindows {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  dilationHeight: number;
  dilationWidth: number;
  kernelHeight: number;
  kernelWidth: number;
}

/**
 * The byte address of x's first `count` floats in the kernel memory: in place when x is in the
 * arena, else copied into the scratch region from `scratchOffset` bytes (a memcpy; valid until
 * the next product).
 */
function inputAddress(x: Float32Array, count: number, scratchBytes: number): number {
  const memory = wasmGemm();
  const at = memory.address(x);
  if (at >= 0) return at;
  const copy = memory.scratch(scratchBytes + count * 4) + scratchBytes;
  memory.floats(copy + count * 4).set(x.subarray(0, count), copy >> 2);
  return copy;
}

/** Whether the direct kernels take this convolution: output channels in whole f32x4 vectors. */
export function directConvFits(g: ConvWindows): boolean {
  return g.outChannels % 4 === 0;
}

function convArguments(batch: number, g: ConvWindows): number[] {
  return [
    batch,
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.outHeight,
    g.outWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    g.dilationHeight,
    g.dilationWidth,
    g.kernelHeight,
    g.kernelWidth,
    g.outChannels * 4,
  ];
}

/** Splits the output channels into blocks of at most MAX_BLOCK_VECTORS vectors: [first, vectors]. */
function channelBlocks(outChannels: number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let first = 0; first < outChannels; first += 4 * MAX_BLOCK_VECTORS) {
    blocks.push([first, Math.min(MAX_BLOCK_VECTORS, (outChannels - first) / 4)]);
  }
  return blocks;
}

/**
 * out = x ⊛ kernel + bias over samples [first, first + batch), directly (no unfolding); the
 * same float32 sums, in the same order, as im2col + the WebAssembly product with its bias epilogue.
 */
export function wasmConvForward(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  g: ConvWindows,
): boolean {
  if (!directConvFits(g)) return false;
  const at = arenaAddresses(batch * g.outHeight * g.outWidth * g.outChannels, [kernel, bias, out]);
  if (!at) return false;
  const xAt = inputAddress(x, batch * g.inHeight * g.inWidth * g.inChannels, 0);
  // The generic forward: unrolled, it measured as fast for 1 input channel and up to 2.6× slower
  // for 2 and 4 (V8 keeps fewer of the long straight-line code's values in registers).
  const run = windowKernels();
  const geometry = convArguments(batch, g);
  for (const [first, vectors] of channelBlocks(g.outChannels)) {
    run[`convForward${vectors}`](
      ...geometry,
      xAt,
      at[0] + first * 4,
      bias ? at[1] + first * 4 : 0,
      at[2] + first * 4,
      bias ? 1 : 0,
    );
  }
  return true;
}

/**
 * dKernel (=|+=) Σ over the positions of samples [first, first + batch) of patch·dy, directly; the
 * sums of im2col + the WebAssembly aᵀ·b product (float32 from 0, positions in order), then added
 * to dKernel when `accumulate`. With a dBias in the arena, also dBias (= when not `accumulate`,
 * else +=) Σ dy, positions in order: columnSums' float32 sums over all the groups' rows.
 * Returns false when it cannot run (nothing written), else whether it summed dBias.
 */
export function wasmConvKernelGradient(
  x: Float32Array,
  xOffset: number,
  dy: Float32Array,
  dyOffset: number,
  dKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  g: ConvWindows,
  accumulate: boolean,
): false | { bias: boolean } {
  if (!directConvFits(g)) return false;
  const at = arenaAddresses(batch * g.outHeight * g.outWidth * g.outChannels, [dy, dKernel]);
  if (!at) return false;
  const memory = wasmGemm();
  const biasAt = dBias ? memory.address(dBias) : -1;
  if (biasAt >= 0 && !accumulate) dBias!.fill(0, 0, g.outChannels);
  const patchFloats = g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels;
  const sumsBytes = accumulate ? align(patchFloats * 4) : 0;
  const sampleInputs = g.inHeight * g.inWidth * g.inChannels;
  const xAt =
    memory.address(x) >= 0
      ? memory.address(x) + xOffset * 4
      : inputAddress(x.subarray(xOffset), batch * sampleInputs, sumsBytes);
  const sums = accumulate ? memory.scratch(sumsBytes) : at[1];
  const run = convKernels(g);
  const geometry = convArguments(batch, g);
  for (const [first, vectors] of channelBlocks(g.outChannels)) {
    run[`convKernelGradient${vectors}`](
      ...geometry,
      xAt,
      at[0] + dyOffset * 4 + first * 4,
      sums + first * 4,
      biasAt >= 0 ? biasAt + first * 4 : 0,
    );
  }
  if (accumulate) {
    const rows = patchFloats / g.outChannels;
    memory.kernels.storeRows(
      sums,
      g.outChannels * 4,
      at[1],
      g.outChannels * 4,
      rows,
      g.outChannels,
      1,
    );
  }
  return { bias: biasAt >= 0 };
}

/**
 * im2col of samples [first, first + batch) of x into columns from `columnsOffset` (see conv.ts's
 * im2col; a copy, so the same bits); false when x or columns is not in the arena.
 */
export function wasmIm2col(
  x: Float32Array,
  first: number,
  batch: number,
  columns: Float32Array,
  columnsOffset: number,
  g: ConvWindows,
): boolean {
  const at = arenaAddresses(batch * g.outHeight * g.outWidth, [x, columns]);
  if (!at) return false;
  const sampleBytes = g.inHeight * g.inWidth * g.inChannels * 4;
  windowKernels().im2col(
    ...convArguments(batch, g),
    at[0] + first * sampleBytes,
    at[1] + columnsOffset * 4,
  );
  return true;
}

/**
 * Adds the unfolded columns (from `columnsOffset`) of samples [first, first + batch) back onto dx
 * (see conv.ts's col2imAdd; the same float32 adds in the same order); false when not in the arena.
 */
export function wasmCol2imAdd(
  columns: Float32Array,
  columnsOffset: number,
  dx: Float32Array,
  first: number,
  batch: number,
  g: ConvWindows,
): boolean {
  const at = arenaAddresses(batch * g.outHeight * g.outWidth, [columns, dx]);
  if (!at) return false;
  const sampleBytes = g.inHeight * g.inWidth * g.inChannels * 4;
  windowKernels().col2imAdd(
    ...convArguments(batch, g),
    at[0] + columnsOffset * 4,
    at[1] + first * sampleBytes,
  );
  return true;
}
