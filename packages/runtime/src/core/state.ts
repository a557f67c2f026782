// The one state protocol of the stateful kernels (batchnorm, layernorm, rnn, lstm, gru, attention):
// `createXState(spec, capacity = 0)` returns a plain object — the spec's fixed facts plus typed
// arrays sized for `capacity`; the forward grows it when a larger call arrives, the backward only reads it.

/** What every kernel state has: how much its per-call arrays hold (samples, or rows for the norms). */
export interface KernelState {
  capacity: number;
}

/**
 * Makes `state` hold `needed`: when it holds less, replaces its per-call arrays with the ones
 * `arrays(needed)` makes (their contents are not kept: the forward rewrites them). A step
 * allocates only when a larger batch than ever before arrives.
 */
export function growState<S extends KernelState>(
  state: S,
  needed: number,
  arrays: (capacity: number) => Partial<S>,
): void {
  if (needed <= state.capacity) return;
  Object.assign(state, arrays(needed));
  state.capacity = needed;
}

/** A backward reads what its forward saved, so its call may not be larger than the state. */
export function checkStateHolds(kernel: string, needed: number, state: KernelState): void {
  if (needed > state.capacity)
    throw new RangeError(
      `${kernel} backward got ${needed}, but its state holds ${state.capacity}: run the forward on the same batch first`,
    );
}
