// The slice of the WebAssembly JS API the kernels use, typed here (the project compiles without
// the DOM lib, where TypeScript keeps these types), and SIMD128 feature detection.
// Browser-safe: reads only `globalThis.WebAssembly`.

import { assembleModule, FunctionBody } from './assembler.js';

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The host's WebAssembly object, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}

/** A module whose one function splats an f32 into an f32x4: valid only with SIMD128. */
function simdProbe(): Uint8Array {
  const body = new FunctionBody([]);
  body.f32Const0().f32x4Splat().drop();
  return assembleModule({ initialPages: 1, maximumPages: 1, shared: false }, [
    { name: 'probe', body },
  ]);
}

let simdSupport: boolean | undefined;

/** True when the host runs WebAssembly with SIMD128 (checked once). */
export function wasmSimdSupported(): boolean {
  if (simdSupport === undefined) {
    const api = wasmApi();
    try {
      simdSupport = api !== undefined && api.validate(simdProbe());
    } catch {
      simdSupport = false;
    }
  }
  return simdSupport;
}

/** True when WebAssembly memory can be shared between threads (needs SharedArrayBuffer). */
export function sharedMemorySupported(): boolean {
  const api = wasmApi();
  if (api === undefined || typeof SharedArrayBuffer === 'undefined') return false;
  try {
    const probe = new api.Memory({ initial: 1, maximum: 1, shared: true });
    return probe.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}
