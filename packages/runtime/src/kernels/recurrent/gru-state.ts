// The GRU's state and the step both of its forms end with: takes the activated gates z, r, h̃
// (columns of ws.gates [T, batch, 3u]), produces h_t = z⊙h_{t−1} + (1 − z)⊙h̃ and, backward,
// ∂z, ∂h̃ and the direct part z⊙∂h_t of ∂h_{t−1}.

import { allocateFloats } from '../../core/wasm/arena.js';
import {
  createRecurrentState,
  recurrentArrays,
  type RecurrentOptions,
  type RecurrentSpec,
  type RecurrentState,
} from './common.js';

export interface GruOptions extends RecurrentOptions {
  /** Keras ≥ 2.10 and PyTorch: r multiplies h_{t−1}·U_h + b'_h (bias [2, 3u]); true when left out. */
  resetAfter?: boolean;
}

export interface GruState extends RecurrentState {
  /** reset_after: [T, batch, 3u], h_{t−1}·U + recurrent bias. */
  recurrentProducts: Float32Array;
  /** reset_after: [T, batch, 3u], ∂L/∂recurrentProducts. */
  recurrentGradients: Float32Array;
  /** reset_before: [T, batch, u], r_t ⊙ h_{t−1}. */
  resetHidden: Float32Array;
  /** reset_before: [T, batch, 2u] ∂L/∂(z, r pre-activations), and [T, batch, u] ∂L/∂(h̃'s). */
  gateGradientsZr: Float32Array;
  candidateGradients: Float32Array;
  /** reset_before: copies of U's column blocks, [u, 2u] (z, r) and [u, u] (h). */
  recurrentKernelZr: Float32Array;
  recurrentKernelCandidate: Float32Array;
  /** reset_before: ∂L/∂ of those blocks, before they are placed into dRecurrentKernel. */
  kernelGradientZr: Float32Array;
  kernelGradientCandidate: Float32Array;
  /** [batch, 2u]: one step's product with a block of U (reset_before). */
  stepProduct: Float32Array;
}

/** Sized for both forms (the reset_before buffers are small next to the step states). */
export function gruArrays(spec: RecurrentSpec, capacity: number) {
  const { timesteps, units } = spec;
  const steps = timesteps * capacity;
  return {
    ...recurrentArrays(spec, 3, capacity),
    recurrentProducts: allocateFloats(steps * 3 * units),
    recurrentGradients: allocateFloats(steps * 3 * units),
    resetHidden: allocateFloats(steps * units),
    gateGradientsZr: allocateFloats(steps * 2 * units),
    candidateGradients: allocateFloats(steps * units),
    recurrentKernelZr: allocateFloats(units * 2 * units),
    recurrentKernelCandidate: allocateFloats(units * units),
    kernelGradientZr: allocateFloats(units * 2 * units),
    kernelGradientCandidate: allocateFloats(units * units),
    stepProduct: allocateFloats(capacity * 2 * units),
  };
}

/** The layer's state for `capacity` samples (core/state.ts); the forward grows it. */
export function createGruState(spec: RecurrentSpec, capacity = 0): GruState {
  return createRecurrentState<GruState>(spec, 3, capacity, (c) => gruArrays(spec, c));
}

/** hidden[t + 1] = z ⊙ h_{t−1} + (1 − z) ⊙ h̃ from step t's gates. */
export function updateHidden(batch: number, t: number, ws: GruState): void {
  const { units: u, gates, hidden } = ws;
  const block = batch * u;
  for (let b = 0; b < batch; b++) {
    const row = (t * batch + b) * 3 * u;
    const state = b * u;
    for (let j = 0; j < u; j++) {
      const z = gates[row + j];
      const previous = hidden[t * block + state + j];
      hidden[(t + 1) * block + state + j] = z * previous + (1 - z) * gates[row + 2 * u + j];
    }
  }
}

/**
 * The adjoint of updateHidden: from hiddenGradient = ∂L/∂h_t writes ∂z and ∂h̃ into
 * gateGradients and replaces hiddenGradient with z ⊙ ∂L/∂h_t (the direct part of ∂L/∂h_{t−1}).
 */
export function updateHiddenBackward(batch: number, t: number, ws: GruState): void {
  const { units: u, gates, hidden, gateGradients, hiddenGradient } = ws;
  const block = batch * u;
  for (let b = 0; b < batch; b++) {
    const row = (t * batch + b) * 3 * u;
    const state = b * u;
    for (let j = 0; j < u; j++) {
      const z = gates[row + j];
      const dh = hiddenGradient[state + j];
      const previous = hidden[t * block + state + j];
      gateGradients[row + j] = dh * (previous - gates[row + 2 * u + j]);
      gateGradients[row + 2 * u + j] = dh * (1 - z);
      hiddenGradient[state + j] = dh * z;
    }
  }
}
