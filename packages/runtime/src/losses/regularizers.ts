// L1 and L2 weight penalties (Keras convention, no ½): value = factor·Σ|w| or factor·Σw², and
// their gradients added into an existing gradient buffer (grad += factor·sign(w) or 2·factor·w).
// PyTorch's weight_decay wd corresponds to an l2 factor of wd/2.

/** factor·Σ|w_i| over the first n values. */
export function l1Penalty(weights: Float32Array, n: number, factor: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(weights[i]);
  return factor * sum;
}

/** grad_i += factor·sign(w_i) (0 at w_i = 0). */
export function addL1Gradient(
  weights: Float32Array,
  grad: Float32Array,
  n: number,
  factor: number,
): void {
  for (let i = 0; i < n; i++) grad[i] += factor * Math.sign(weights[i]);
}

/** factor·Σw_i² over the first n values. */
export function l2Penalty(weights: Float32Array, n: number, factor: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] * weights[i];
  return factor * sum;
}

/** grad_i += 2·factor·w_i. */
export function addL2Gradient(
  weights: Float32Array,
  grad: Float32Array,
  n: number,
  factor: number,
): void {
  const scale = 2 * factor;
  for (let i = 0; i < n; i++) grad[i] += scale * weights[i];
}
