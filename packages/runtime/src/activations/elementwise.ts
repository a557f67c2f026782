// Elementwise activations: forward(x, out, n[, alpha]) and backward(value, dy, dx, n[, alpha]),
// each backward next to its forward. `value` is the input x, or the output y where the table
// says `usesOutput`. Every kernel works in place (out === x, dx === dy) and allocates nothing.

import { erfc, normalPdf } from '../core/erf.js';
import { wasmReluBackward, wasmReluForward } from '../core/wasm/elementwise.js';
import { wasmActivationBackward, wasmActivationForward } from '../core/wasm/activation.js';

/** σ(v) = 1/(1 + e^(−v)), without overflow for large |v|. */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** log(1 + e^v) without overflow: max(v, 0) + log1p(e^(−|v|)). */
export function softplus(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

// identity / linear: y = x, dy/dx = 1.
export function identityForward(x: Float32Array, out: Float32Array, n: number): void {
  if (out !== x) for (let i = 0; i < n; i++) out[i] = x[i];
}
export function identityBackward(
  _y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  if (dx !== dy) for (let i = 0; i < n; i++) dx[i] = dy[i];
}

// step (Heaviside, as in Rosenblatt's perceptron): y = 1 if x > 0 else 0; gradient 0 everywhere.
export function stepForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : 0;
}
export function stepBackward(
  _y: Float32Array,
  _dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  dx.fill(0, 0, n);
}

// sigmoid: y = σ(x), dy/dx = y(1 − y).
// sigmoid and tanh run in WebAssembly SIMD when the arrays are in the kernel memory: a polynomial
// exp within 2.5 float32 ulps of these loops' values (docs/kernels.md), the backward in float32.
export function sigmoidForward(x: Float32Array, out: Float32Array, n: number): void {
  if (wasmActivationForward('logistic', x, out, n)) return;
  for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]);
}
export function sigmoidBackward(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  if (wasmActivationBackward('logistic', y, dy, dx, n)) return;
  for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
}

// tanh: y = tanh(x), dy/dx = 1 − y².
export function tanhForward(x: Float32Array, out: Float32Array, n: number): void {
  if (wasmActivationForward('hyperbolic', x, out, n)) return;
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
}
export function tanhBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  if (wasmActivationBackward('hyperbolic', y, dy, dx, n)) return;
  for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}

// relu: y = max(x, 0), dy/dx = 1 if y > 0 else 0 (0 at the kink, as PyTorch).
// Both run in WebAssembly SIMD (branch-free, the same values) when the arrays are in the kernel
// memory; the JS loops' branches mispredict on signs that change at random.
export function reluForward(x: Float32Array, out: Float32Array, n: number): void {
  if (wasmReluForward(x, out, n)) return;
  for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0;
}
export function reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  if (wasmReluBackward(y, dy, dx, n)) return;
  for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
}

// leaky_relu(alpha): y = x if x > 0 else alpha·x, dy/dx = 1 or alpha. Reads x (alpha may be < 0).
export function leakyReluForward(
  x: Float32Array,
  out: Float32Array,
  n: number,
  alpha: number,
): void {
  for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : alpha * x[i];
}
export function leakyReluBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
  alpha: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

// elu(alpha): y = x if x > 0 else alpha(eˣ − 1), dy/dx = 1 or y + alpha. Reads y (alpha > 0).
export function eluForward(x: Float32Array, out: Float32Array, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
}
export function eluBackward(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
  alpha: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
}

// selu: y = λx if x > 0 else λα(eˣ − 1) with the constants of Klambauer et al.; reads y.
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;
export function seluForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
  }
}
export function seluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    dx[i] = y[i] > 0 ? SELU_SCALE * dy[i] : dy[i] * (y[i] + SELU_SCALE * SELU_ALPHA);
  }
}

// softplus: y = log(1 + eˣ), dy/dx = σ(x).
export function softplusForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = softplus(x[i]);
}
export function softplusBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * sigmoid(x[i]);
}

// softsign: y = x/(1 + |x|), dy/dx = 1/(1 + |x|)² = (1 − |y|)².
export function softsignForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] / (1 + Math.abs(x[i]));
}
export function softsignBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const denominator = 1 + Math.abs(x[i]);
    dx[i] = dy[i] / (denominator * denominator);
  }
}

// hard_sigmoid (Keras 3, PyTorch Hardsigmoid): y = relu6(x + 3)/6, dy/dx = 1/6 on −3 < x < 3.
export function hardSigmoidForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = (x[i] + 3) / 6;
    out[i] = v <= 0 ? 0 : v >= 1 ? 1 : v;
  }
}
export function hardSigmoidBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] > -3 && x[i] < 3 ? dy[i] / 6 : 0;
}

// gaussian: y = exp(−x²), dy/dx = −2x·exp(−x²).
export function gaussianForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.exp(-x[i] * x[i]);
}
export function gaussianBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) dx[i] = -2 * x[i] * Math.exp(-x[i] * x[i]) * dy[i];
}

// swish (SiLU): y = x·σ(x), dy/dx = σ(x)(1 + x(1 − σ(x))).
export function swishForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] * sigmoid(x[i]);
}
export function swishBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const s = sigmoid(x[i]);
    dx[i] = dy[i] * s * (1 + x[i] * (1 - s));
  }
}

// gelu (exact): y = x·Φ(x) = ½x·erfc(−x/√2), dy/dx = Φ(x) + x·φ(x).
export function geluForward(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = 0.5 * x[i] * erfc(-x[i] * Math.SQRT1_2);
}
export function geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    dx[i] = dy[i] * (0.5 * erfc(-v * Math.SQRT1_2) + v * normalPdf(v));
  }
}
