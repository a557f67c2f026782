// The kernels' one WebAssembly memory (shared where the host allows) and its arena: float arrays
// allocated here (parameters, gradients, activations, optimizer state) are read by the kernels in
// place by byte address; a scratch region below the arena holds packed panels and copied operands.

import { wasmApi, type WasmMemory } from './host-api.js';

export const PAGE_BYTES = 65536;
export const MAXIMUM_PAGES = 16384; // 1 GiB
/**
 * Byte address 0 is never an operand, so a bias address of 0 can mean "no bias". Not exported:
 * kernels take their scratch from `scratch()`, never a fixed address, since copies of a model
 * over the batch run kernels at once in one shared memory, each with its own scratch.
 */
const FIRST_ADDRESS = 64;
/** The first scratch region: [FIRST_ADDRESS, ARENA_START); the arena starts above it. */
const ARENA_START = 1 << 20;
/**
 * The arena stops here (bytes), leaving room for scratch regions; later arrays are plain
 * Float32Arrays, which the kernels copy in and out as before.
 */
const ARENA_LIMIT = 384 << 20;

export const align = (bytes: number) => (bytes + 15) & ~15;

/**
 * Where the arena of copy `index` ≥ 1 of a model over the batch (core/replicas.ts) lies in the
 * caller's memory: regions of REGION_BYTES from the top of the 1 GiB down, clear of the caller's
 * arena and scratch (at most ARENA_LIMIT + 256 MiB), or undefined when there is no room (the copy
 * then gets a memory of its own).
 */
export function copyRegion(index: number): { start: number; limit: number } | undefined {
  const limit = MAXIMUM_PAGES * PAGE_BYTES - (index - 1) * REGION_BYTES;
  const start = limit - REGION_BYTES;
  return index >= 1 && start >= ARENA_LIMIT + (256 << 20) ? { start, limit } : undefined;
}
const REGION_BYTES = 192 << 20;

export class KernelMemory {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  private heap: Float32Array;
  /** Every buffer object the memory has had: growing a shared memory gives a new one. */
  private readonly buffers = new WeakSet<object>();
  private top = ARENA_START;
  private readonly limit: number = ARENA_LIMIT;
  private scratchAt = FIRST_ADDRESS;
  private scratchBytes = ARENA_START - FIRST_ADDRESS;

  /**
   * A new memory, or (`region`) a region of another thread's shared memory: a copy of a model
   * over the batch then keeps its arrays and scratch in [start, limit) of the caller's memory.
   */
  constructor(shared: boolean, region?: { memory: WasmMemory; start: number; limit: number }) {
    const api = wasmApi();
    if (api === undefined) throw new Error('this host has no WebAssembly');
    this.shared = region !== undefined || shared;
    this.memory = region?.memory ?? new api.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared });
    this.heap = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
    if (region) {
      this.top = region.start;
      this.limit = region.limit;
      this.scratchBytes = ARENA_START - FIRST_ADDRESS;
      this.scratchAt = this.reserve(this.scratchBytes);
    }
  }

  /** The memory as floats, grown to at least `bytes`. */
  floats(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (have < bytes) {
      const pages = Math.ceil((bytes - have) / PAGE_BYTES);
      if (have / PAGE_BYTES + pages > MAXIMUM_PAGES)
        throw new Error(`the kernels need ${bytes} bytes, over their 1 GiB memory`);
      this.memory.grow(pages);
    }
    if (this.heap.buffer !== this.memory.buffer) {
      this.heap = new Float32Array(this.memory.buffer);
      this.buffers.add(this.memory.buffer);
    }
    return this.heap;
  }

  /** `length` floats at byte address `at` of this memory (another copy's arrays, when shared). */
  view(at: number, length: number): Float32Array {
    const heap = this.floats(at + length * 4);
    return heap.subarray(at >> 2, (at >> 2) + length);
  }

  /** The byte address of view[0] when the view lies in this memory, else −1. */
  address(view: Float32Array): number {
    return this.buffers.has(view.buffer) ? view.byteOffset : -1;
  }

  /**
   * A scratch region of at least `bytes` (valid until the next call): the first one, or a larger
   * one taken from the arena when a product needs more.
   */
  scratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      // Doubling, capped so that the abandoned regions and the arena stay within the 1 GiB.
      this.scratchBytes = align(Math.max(bytes, Math.min(2 * this.scratchBytes, 256 << 20)));
      this.scratchAt = this.reserve(this.scratchBytes);
    }
    this.floats(this.scratchAt + bytes);
    return this.scratchAt;
  }

  private reserve(bytes: number): number {
    const at = this.top;
    this.top = align(at + bytes);
    this.floats(this.top);
    return at;
  }

  /**
   * `length` zeroed floats in the arena (16-byte aligned, never freed, never moved), or undefined
   * when the memory cannot be shared (growing would detach the views) or the arena is full.
   */
  allocate(length: number): Float32Array | undefined {
    const bytes = align(Math.max(4, length * 4));
    if (!this.shared || this.top + bytes > this.limit) return undefined;
    const at = this.reserve(bytes);
    return new Float32Array(this.memory.buffer, at, length);
  }
}
