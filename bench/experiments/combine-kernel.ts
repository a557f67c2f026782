// Emits combineGradients(first, second, out, count, constants) as WebAssembly SIMD128: out =
// first·w₀ + second·w₁, w₀ and w₁ the two f32 at `constants`, over `count` floats at byte
// addresses of the shared kernel memory. Data parallelism sums two threads' gradients with it.

import {
  assembleModule,
  FunctionBody,
  I32,
  V128,
  type ExportedFunction,
} from '../../packages/runtime/src/core/wasm/assembler.js';
import { wasmApi, type WasmMemory } from '../../packages/runtime/src/core/wasm/host-api.js';
import { MAXIMUM_PAGES } from '../../packages/runtime/src/core/wasm/kernel-memory.js';

function combineGradients(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32]);
  const [first, second, out, count, constants] = [0, 1, 2, 3, 4];
  const weight0 = f.local(V128);
  const weight1 = f.local(V128);
  f.get(constants).v128Load32Splat().set(weight0);
  f.get(constants).v128Load32Splat(4).set(weight1);
  const offset = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  f.get(count).i32(2).shl().set(end);
  f.get(end).i32(-16).and().set(vectorEnd);
  f.i32(0).set(offset);
  f.forLoop(offset, vectorEnd, 16, () => {
    f.get(out).get(offset).add();
    f.get(first).get(offset).add().v128Load().get(weight0).f32x4Mul();
    f.get(second).get(offset).add().v128Load().get(weight1).f32x4Mul();
    f.f32x4Add().v128Store();
  });
  f.forLoop(offset, end, 4, () => {
    f.get(out).get(offset).add();
    f.get(first).get(offset).add().f32Load().get(constants).f32Load().f32Mul();
    f.get(second).get(offset).add().f32Load().get(constants).f32Load(4).f32Mul();
    f.f32Add().f32Store();
  });
  return { name: 'combineGradients', body: f };
}

export type CombineKernel = (
  first: number,
  second: number,
  out: number,
  count: number,
  constants: number,
) => void;

/** The kernel, instantiated on `memory` (shared or not). */
export function instantiateCombine(memory: WasmMemory, shared: boolean): CombineKernel {
  const api = wasmApi()!;
  const bytes = assembleModule({ initialPages: 1, maximumPages: MAXIMUM_PAGES, shared }, [
    combineGradients(),
  ]);
  const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
  return (instance.exports as unknown as { combineGradients: CombineKernel }).combineGradients;
}
