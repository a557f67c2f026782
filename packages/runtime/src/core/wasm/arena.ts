// Float arrays for generated code and the optimizers: allocateFloats(n) places them in the kernel
// memory's arena when WebAssembly SIMD and shared memory exist (the kernels then read and write
// them in place, no copies), else returns a plain Float32Array. Either kind works with every kernel.

import { wasmGemm } from './gemm.js';
import { wasmSimdSupported } from './host-api.js';
import { getKernels } from './kernel-choice.js';

/**
 * `length` zeroed floats: in the kernels' shared memory (never freed: allocate a model's arrays
 * once) unless the kernels are 'js', the host lacks SIMD128 or shared memory, or the arena is full.
 */
export function allocateFloats(length: number): Float32Array {
  if (getKernels() !== 'js' && wasmSimdSupported()) {
    const view = wasmGemm().allocate(length);
    if (view !== undefined) return view;
  }
  return new Float32Array(length);
}

/** The byte address of view[0] in the kernel memory, or −1 (a plain array, or no WebAssembly). */
export function kernelAddress(view: Float32Array): number {
  return wasmSimdSupported() ? wasmGemm().address(view) : -1;
}
