// Which kernels the matrix products run: 'js' (the float64-tile JS loops), 'wasm' (WebAssembly
// SIMD for every product) or 'auto' (wasm where SIMD128 exists and the product is big enough to
// repay copying its operands). Set by env NNET_KERNELS or setKernels(); default 'auto'.

import { productFitsWasmMemory } from './gemm.js';
import { wasmSimdSupported } from './host-api.js';

export type KernelChoice = 'js' | 'wasm' | 'auto';

const CHOICES: readonly KernelChoice[] = ['js', 'wasm', 'auto'];

/**
 * Under 'auto', products with fewer multiply-adds than this stay in JS: copying operands in and
 * out and packing costs about as much as the JS loop below ~4k multiply-adds (bench-kernels.ts).
 */
export const AUTO_MULTIPLY_ADDS = 4096;

let choice: KernelChoice | undefined;

function fromEnvironment(): KernelChoice {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.NNET_KERNELS;
  if (env === undefined || env === '') return 'auto';
  if ((CHOICES as readonly string[]).includes(env)) return env as KernelChoice;
  throw new Error(`NNET_KERNELS is '${env}'; expected one of js, wasm, auto`);
}

/** Selects the kernels for every later product. 'wasm' needs WebAssembly SIMD128. */
export function setKernels(next: KernelChoice): void {
  if (!CHOICES.includes(next)) {
    throw new Error(`setKernels('${String(next)}'): expected one of js, wasm, auto`);
  }
  if (next === 'wasm' && !wasmSimdSupported()) {
    throw new Error(
      "setKernels('wasm'): this host's WebAssembly has no SIMD128; use 'js' or 'auto'",
    );
  }
  choice = next;
}

/** The kernels in use: what setKernels chose, else NNET_KERNELS, else 'auto'. */
export function getKernels(): KernelChoice {
  if (choice === undefined) setKernels(fromEnvironment());
  return choice!;
}

/** Whether a product of m·k·n multiply-adds runs in WebAssembly (too large for its memory: JS). */
export function useWasmProduct(m: number, k: number, n: number): boolean {
  const current = choice ?? getKernels();
  if (current === 'js' || !productFitsWasmMemory(m, k, n)) return false;
  if (current === 'wasm') return true;
  return m * k * n >= AUTO_MULTIPLY_ADDS && wasmSimdSupported();
}

/** Under 'auto', elementwise updates (Adam) of fewer values than this stay in JS. */
export const AUTO_ELEMENTS = 1024;

/** Whether an elementwise kernel over `count` values runs in WebAssembly. */
export function useWasmElementwise(count: number): boolean {
  const current = choice ?? getKernels();
  if (current === 'js') return false;
  if (current === 'wasm') return true;
  return count >= AUTO_ELEMENTS && wasmSimdSupported();
}
