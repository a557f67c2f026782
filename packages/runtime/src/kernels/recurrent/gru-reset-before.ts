// GRU with reset_after = false (Keras before 2.10): one bias [3u], already in x̂ = x_t·W + b.
// Per step: z = σ(x̂_z + h_{t−1}·U_z), r = σ(x̂_r + h_{t−1}·U_r), h̃ = g(x̂_h + (r ⊙ h_{t−1})·U_h).
// U's column blocks are copied once per forward so each product is a plain matmul.

import { matmulWithOffsets } from '../../core/matmul.js';
import { matmulTransA, matmulTransBWithOffsets } from '../../core/matmul-transposed.js';
import { addOutputGradient, defaultActivation, defaultRecurrentActivation } from './common.js';
import { activateGates, gateActivationGradient } from './gate-activation.js';
import { updateHidden, updateHiddenBackward, type GruOptions, type GruState } from './gru-state.js';

function splitRecurrentKernel(recurrentKernel: Float32Array, ws: GruState): void {
  const { units: u, recurrentKernelZr, recurrentKernelCandidate } = ws;
  for (let p = 0; p < u; p++) {
    for (let j = 0; j < 2 * u; j++)
      recurrentKernelZr[p * 2 * u + j] = recurrentKernel[p * 3 * u + j];
    for (let j = 0; j < u; j++)
      recurrentKernelCandidate[p * u + j] = recurrentKernel[p * 3 * u + 2 * u + j];
  }
}

export function gruResetBeforeSteps(
  recurrentKernel: Float32Array,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const { timesteps, units: u, preActivations: pre, gates, hidden, resetHidden } = ws;
  const { stepProduct } = ws;
  const width = 3 * u;
  const block = batch * u;
  splitRecurrentKernel(recurrentKernel, ws);
  for (let t = 0; t < timesteps; t++) {
    const at = t * 3 * block;
    if (t > 0) {
      matmulWithOffsets(
        hidden,
        t * block,
        ws.recurrentKernelZr,
        0,
        stepProduct,
        0,
        batch,
        u,
        2 * u,
      );
      for (let b = 0; b < batch; b++)
        for (let j = 0; j < 2 * u; j++) pre[at + b * width + j] += stepProduct[b * 2 * u + j];
    }
    activateGates(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < u; j++) {
        const state = t * block + b * u + j;
        resetHidden[state] = gates[at + b * width + u + j] * hidden[state];
      }
    }
    if (t > 0) {
      matmulWithOffsets(
        resetHidden,
        t * block,
        ws.recurrentKernelCandidate,
        0,
        stepProduct,
        0,
        batch,
        u,
        u,
      );
      for (let b = 0; b < batch; b++)
        for (let j = 0; j < u; j++) pre[at + b * width + 2 * u + j] += stepProduct[b * u + j];
    }
    activateGates(g, gAlpha, batch, at, 2 * u, u, ws);
    updateHidden(batch, t, ws);
  }
}

/** BPTT for gruResetBeforeSteps; writes dRecurrentKernel [u, 3u]. */
export function gruResetBeforeBackward(
  dy: Float32Array,
  dRecurrentKernel: Float32Array,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const { timesteps, units: u, gates, hidden, resetHidden, stepProduct } = ws;
  const { gateGradients: dGates, hiddenGradient, gateGradientsZr, candidateGradients } = ws;
  const width = 3 * u;
  const block = batch * u;
  hiddenGradient.fill(0, 0, block);
  for (let t = timesteps - 1; t >= 0; t--) {
    const at = t * 3 * block;
    addOutputGradient(dy, batch, t, options.returnSequences, ws);
    updateHiddenBackward(batch, t, ws);
    gateActivationGradient(g, gAlpha, batch, at, 2 * u, u, ws);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < u; j++)
        candidateGradients[t * block + b * u + j] = dGates[at + b * width + 2 * u + j];
    // (r ⊙ h_{t−1})·U_h: ∂r and the reset path of ∂h_{t−1}; both vanish at t = 0 (h_0 = 0).
    if (t > 0) {
      matmulTransBWithOffsets(
        candidateGradients,
        t * block,
        ws.recurrentKernelCandidate,
        0,
        stepProduct,
        0,
        batch,
        u,
        u,
      );
    } else {
      stepProduct.fill(0, 0, block);
    }
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < u; j++) {
        const dReset = stepProduct[b * u + j];
        dGates[at + b * width + u + j] = dReset * hidden[t * block + b * u + j];
        hiddenGradient[b * u + j] += dReset * gates[at + b * width + u + j];
      }
    }
    gateActivationGradient(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < 2 * u; j++)
        gateGradientsZr[t * 2 * block + b * 2 * u + j] = dGates[at + b * width + j];
    if (t > 0) {
      matmulTransBWithOffsets(
        gateGradientsZr,
        t * 2 * block,
        ws.recurrentKernelZr,
        0,
        hiddenGradient,
        0,
        batch,
        2 * u,
        u,
        true,
      );
    }
  }
  const rows = timesteps * batch;
  matmulTransA(hidden, gateGradientsZr, ws.kernelGradientZr, u, rows, 2 * u);
  matmulTransA(resetHidden, candidateGradients, ws.kernelGradientCandidate, u, rows, u);
  for (let p = 0; p < u; p++) {
    for (let j = 0; j < 2 * u; j++)
      dRecurrentKernel[p * width + j] = ws.kernelGradientZr[p * 2 * u + j];
    for (let j = 0; j < u; j++)
      dRecurrentKernel[p * width + 2 * u + j] = ws.kernelGradientCandidate[p * u + j];
  }
}
