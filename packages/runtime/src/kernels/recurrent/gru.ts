// GRU, Keras convention: kernel W [features, 3u], recurrent_kernel U [u, 3u] (gate columns z, r, h),
// bias [2, 3u] with resetAfter (the default) or [3u] without, or null; h_0 = 0,
// h_t = z⊙h_{t−1} + (1 − z)⊙h̃. Picks the form's steps; the backward is full BPTT.

import { checkStateHolds, growState } from '../../core/state.js';
import { inputAndWeightGradients, projectInputs, writeOutput } from './common.js';
import { gruResetAfterBackward, gruResetAfterSteps } from './gru-reset-after.js';
import { gruResetBeforeBackward, gruResetBeforeSteps } from './gru-reset-before.js';
import { gruArrays, type GruOptions, type GruState } from './gru-state.js';

export { createGruState, type GruOptions, type GruState } from './gru-state.js';

/** out = h_T [batch, u], or every h_t [batch, T, u] with returnSequences. */
export function gruForward(
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  growState(ws, batch, (c) => gruArrays(ws, c));
  // The input bias is bias[0, 3u) in both forms (row 0 of [2, 3u], or all of [3u]).
  projectInputs(x, kernel, bias, batch, ws);
  if (options.resetAfter ?? true) gruResetAfterSteps(recurrentKernel, bias, batch, options, ws);
  else gruResetBeforeSteps(recurrentKernel, batch, options, ws);
  writeOutput(out, batch, options.returnSequences, ws);
}

/** From dy (the shape of out): dx (null to skip), dKernel, dRecurrentKernel, dBias; overwritten. */
export function gruBackward(
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dKernel: Float32Array,
  dRecurrentKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  checkStateHolds('gru', batch, ws);
  if (options.resetAfter ?? true) {
    gruResetAfterBackward(recurrentKernel, dy, dRecurrentKernel, dBias, batch, options, ws);
  } else {
    gruResetBeforeBackward(dy, dRecurrentKernel, batch, options, ws);
  }
  inputAndWeightGradients(kernel, dx, dKernel, dBias, batch, ws);
}
