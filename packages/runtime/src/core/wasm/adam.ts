// The JS side of Adam's WebAssembly update: in place when the parameter, gradient and moments are
// in the kernel memory's arena; otherwise (and for a tail of under 4 values) streams them through
// the kernels' memory in chunks that stay in cache, runs adamUpdate, copies p, m, v back.

import { wasmGemm } from './gemm.js';

/** Floats per array per call: four arrays of 32 KiB stay in L2 between copy-in and copy-out. */
const CHUNK = 8192;

/** Adam's update of one parameter (see adam-module.ts), in float32 lanes. */
export function wasmAdamUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  stepSize: number,
  correction2Root: number,
  epsilon: number,
): void {
  const kernels = wasmGemm();
  // This thread's scratch, not a fixed address: copies of a model over the batch share one memory
  // and update at the same time (core/replicas.ts).
  const constants = kernels.scratch(64 + 4 * CHUNK * 4);
  const arrays = constants + 64;
  const [paramAt, gradAt, mAt, vAt] = [0, 1, 2, 3].map((index) => arrays + index * CHUNK * 4);
  const heap = kernels.floats(arrays + 4 * CHUNK * 4);
  heap.set(
    [beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2Root, epsilon],
    constants >> 2,
  );
  let first = 0;
  const inPlace = [param, grad, m, v].map((view) => kernels.address(view));
  if (inPlace.every((at) => at >= 0)) {
    // Whole vectors in place; the kernel would overrun a tail, which goes the copying way below.
    const vectors = param.length >> 2;
    kernels.kernels.adamUpdate(...inPlace, vectors, constants);
    first = vectors * 4;
  }
  for (let start = first; start < param.length; start += CHUNK) {
    const count = Math.min(CHUNK, param.length - start);
    const end = start + count;
    heap.set(param.subarray(start, end), paramAt >> 2);
    heap.set(grad.subarray(start, end), gradAt >> 2);
    heap.set(m.subarray(start, end), mAt >> 2);
    heap.set(v.subarray(start, end), vAt >> 2);
    kernels.kernels.adamUpdate(paramAt, gradAt, mAt, vAt, Math.ceil(count / 4), constants);
    param.set(heap.subarray(paramAt >> 2, (paramAt >> 2) + count), start);
    m.set(heap.subarray(mAt >> 2, (mAt >> 2) + count), start);
    v.set(heap.subarray(vAt >> 2, (vAt >> 2) + count), start);
  }
}
