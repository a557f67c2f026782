// The kernels' one WebAssembly memory (shared where the host allows) and its arena: float arrays
// allocated here (parameters, gradients, activations, optimizer state) are read by the kernels in
// place by byte address; a scratch region below the arena holds packed panels and copied operands.

import { wasmApi, type WasmMemory } from './host-api.js';

export const PAGE_BYTES = 65536;
export const MAXIMUM_PAGES = 16384; // 1 GiB
/** Byte address 0 is never an operand, so a bias address of 0 can mean "no bias". */
export const FIRST_ADDRESS = 64;
/** The first scratch region: [FIRST_ADDRESS, ARENA_START); the arena starts above it. */
const ARENA_START = 1 << 20;
/**
 * The arena stops here (bytes), leaving room for scratch regions; later arrays are plain
 * Float32Arrays, which the kernels copy in and out as before.
 */
const ARENA_LIMIT = 384 << 20;

export const align = (bytes: number) => (bytes + 15) & ~15;

export class KernelMemory {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  private heap: Float32Array;
  /** Every buffer object the memory has had: growing a shared memory gives a new one. */
  private readonly buffers = new WeakSet<object>();
  private top = ARENA_START;
  private scratchAt = FIRST_ADDRESS;
  private scratchBytes = ARENA_START - FIRST_ADDRESS;

  constructor(shared: boolean) {
    const api = wasmApi();
    if (api === undefined) throw new Error('this host has no WebAssembly');
    this.shared = shared;
    this.memory = new api.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared });
    this.heap = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
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
    if (!this.shared || this.top + bytes > ARENA_LIMIT) return undefined;
    const at = this.reserve(bytes);
    return new Float32Array(this.memory.buffer, at, length);
  }
}
