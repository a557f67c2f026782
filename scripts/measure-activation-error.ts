// Measures the WebAssembly σ and tanh (core/wasm/activation-module.ts) against float64 Math over
// float32 bit patterns: `node --import tsx scripts/measure-activation-error.ts [stride]` walks
// every stride-th pattern of all 2³² (default 61) and prints the largest errors, in ulps and absolute.

import { allocateFloats } from '../packages/runtime/src/core/wasm/arena.js';
import { wasmActivationForward } from '../packages/runtime/src/core/wasm/activation.js';
import { setKernels } from '../packages/runtime/src/core/wasm/kernel-choice.js';

setKernels('wasm');
const stride = Number(process.argv[2] ?? 61);
const CHUNK = 1 << 20;
const x = allocateFloats(CHUNK);
const out = allocateFloats(CHUNK);
const bits = new Uint32Array(x.buffer, x.byteOffset, CHUNK);

const references = {
  sigmoid: (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  tanh: Math.tanh,
};

/** The spacing of float32 values at |value| (subnormal spacing below 2⁻¹²⁶). */
function ulp(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

for (const [kind, curve] of [
  ['sigmoid', 'logistic'],
  ['tanh', 'hyperbolic'],
] as const) {
  const reference = references[kind];
  let worstUlps = 0;
  let worstUlpsAt = 0;
  let worstAbsolute = 0;
  let worstAbsoluteAt = 0;
  let normalWorstUlps = 0;
  let specialMismatches = 0;
  let checked = 0;
  for (let start = 0; start < 2 ** 32; start += CHUNK * stride) {
    let count = 0;
    for (let pattern = start; count < CHUNK && pattern < 2 ** 32; pattern += stride) {
      bits[count++] = pattern;
    }
    wasmActivationForward(curve, x, out, count);
    for (let index = 0; index < count; index++) {
      const value = x[index];
      const expected = reference(value);
      const got = out[index];
      if (!Number.isFinite(value) || Number.isNaN(expected)) {
        if (!Object.is(got, Math.fround(expected))) specialMismatches++;
        continue;
      }
      checked++;
      const absolute = Math.abs(got - expected);
      const ulps = absolute / ulp(expected);
      if (absolute > worstAbsolute) [worstAbsolute, worstAbsoluteAt] = [absolute, value];
      if (ulps > worstUlps) [worstUlps, worstUlpsAt] = [ulps, value];
      if (Math.abs(expected) >= 2 ** -126 && ulps > normalWorstUlps) normalWorstUlps = ulps;
    }
  }
  console.log(
    `${kind}: ${checked} finite inputs (every ${stride}th float32 pattern), ` +
      `max error ${normalWorstUlps.toFixed(2)} ulp where the result is normal ` +
      `(${worstUlps.toFixed(2)} ulp at x = ${worstUlpsAt} counting subnormal results), ` +
      `max absolute ${worstAbsolute.toExponential(2)} at x = ${worstAbsoluteAt}; ` +
      `NaN/±Infinity inputs differing from Math: ${specialMismatches}`,
  );
}

// Every value on a fine grid of the range the gates live in, [−16, 16].
for (const [kind, curve] of [
  ['sigmoid', 'logistic'],
  ['tanh', 'hyperbolic'],
] as const) {
  const reference = references[kind];
  let worst = 0;
  let worstAt = 0;
  let worstAbsolute = 0;
  const step = 2 ** -12;
  for (let start = -16; start < 16; start += CHUNK * step) {
    let count = 0;
    for (let v = start; count < CHUNK && v < 16; v += step) x[count++] = v;
    wasmActivationForward(curve, x, out, count);
    for (let index = 0; index < count; index++) {
      const expected = reference(x[index]);
      const absolute = Math.abs(out[index] - expected);
      const ulps = absolute / ulp(expected);
      worstAbsolute = Math.max(worstAbsolute, absolute);
      if (ulps > worst) [worst, worstAt] = [ulps, x[index]];
    }
  }
  console.log(
    `${kind} on [−16, 16] step 2⁻¹²: max error ${worst.toFixed(2)} ulp at x = ${worstAt}, ` +
      `max absolute ${worstAbsolute.toExponential(2)}`,
  );
}
process.exit(0);
