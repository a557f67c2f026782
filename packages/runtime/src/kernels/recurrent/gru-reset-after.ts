// GRU with reset_after (Keras ≥ 2.10 default, PyTorch's GRU): bias [2, 3u] = input bias b and
// recurrent bias b'. Per step, with x̂ = x_t·W + b and ĥ = h_{t−1}·U + b' (columns z, r, h):
// z = σ(x̂_z + ĥ_z), r = σ(x̂_r + ĥ_r), h̃ = g(x̂_h + r ⊙ ĥ_h). Runs after projectInputs.

import { wasmGruStepBackward, wasmGruStepForward } from '../../core/wasm/activation.js';
import { matmulTransA } from '../../core/matmul-transposed.js';
import { stepProduct } from './step-product.js';
import {
  addOutputGradient,
  defaultActivation,
  defaultGates,
  defaultRecurrentActivation,
  sumColumnsInto,
} from './common.js';
import { activateGates, gateActivationGradient } from './gate-activation.js';
import { updateHidden, updateHiddenBackward, type GruOptions, type GruState } from './gru-state.js';

export function gruResetAfterSteps(
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const { timesteps, units: u, preActivations: pre, gates, hidden } = ws;
  const products = ws.recurrentProducts;
  const width = 3 * u;
  const block = batch * u;
  const gateBlock = 3 * block;
  const fused = defaultGates(options);
  const recurrentProduct = stepProduct('nn', recurrentKernel, batch, u, width, ws.recurrentPanels);
  for (let t = 0; t < timesteps; t++) {
    const at = t * gateBlock;
    if (t > 0) recurrentProduct(hidden, t * block, products, at, false);
    else products.fill(0, 0, gateBlock);
    // σ gates and a tanh candidate: the whole step in one WebAssembly pass when it can run.
    const offsets = { gates: at, hidden: t * block };
    const views = [pre, products, gates, hidden, bias] as const;
    if (fused && wasmGruStepForward(...views, width, offsets, batch, u)) continue;
    for (let b = 0; b < batch; b++) {
      const row = at + b * width;
      if (bias) for (let j = 0; j < width; j++) products[row + j] += bias[width + j];
      for (let j = 0; j < 2 * u; j++) pre[row + j] += products[row + j];
    }
    activateGates(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws);
    for (let b = 0; b < batch; b++) {
      const row = at + b * width;
      for (let j = 0; j < u; j++)
        pre[row + 2 * u + j] += gates[row + u + j] * products[row + 2 * u + j];
    }
    activateGates(g, gAlpha, batch, at, 2 * u, u, ws);
    updateHidden(batch, t, ws);
  }
}

/** BPTT for gruResetAfterSteps; writes dRecurrentKernel and dBias[3u, 6u) (if dBias). */
export function gruResetAfterBackward(
  recurrentKernel: Float32Array,
  dy: Float32Array,
  dRecurrentKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  options: GruOptions,
  ws: GruState,
): void {
  const { timesteps, units: u, gates, hidden } = ws;
  const { gateGradients: dGates, hiddenGradient, recurrentProducts: products } = ws;
  const dProducts = ws.recurrentGradients;
  const width = 3 * u;
  const block = batch * u;
  const gateBlock = 3 * block;
  const fused = defaultGates(options);
  hiddenGradient.fill(0, 0, block);
  const recurrentProduct = stepProduct('nt', recurrentKernel, batch, width, u, ws.recurrentPanels);
  for (let t = timesteps - 1; t >= 0; t--) {
    const at = t * gateBlock;
    addOutputGradient(dy, batch, t, options.returnSequences, ws);
    const offsets = { gates: at, hidden: t * block };
    const views = [gates, products, hidden, hiddenGradient, dGates, dProducts] as const;
    if (!(fused && wasmGruStepBackward(...views, offsets, batch, u)))
      cellStepBackward(t, batch, options, ws);
    if (t > 0) recurrentProduct(dProducts, at, hiddenGradient, 0, true);
  }
  matmulTransA(hidden, dProducts, dRecurrentKernel, u, timesteps * batch, width);
  if (dBias) sumColumnsInto(dProducts, timesteps * batch, width, dBias, width);
}

/** The JS loops of one step's backward through the gates (any activations). */
function cellStepBackward(t: number, batch: number, options: GruOptions, ws: GruState): void {
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const { units: u, gates, gateGradients: dGates, recurrentProducts: products } = ws;
  const dProducts = ws.recurrentGradients;
  const width = 3 * u;
  const at = t * 3 * batch * u;
  updateHiddenBackward(batch, t, ws);
  gateActivationGradient(g, gAlpha, batch, at, 2 * u, u, ws);
  // x̂_h + r ⊙ ĥ_h: ∂r and ∂ĥ_h.
  for (let b = 0; b < batch; b++) {
    const row = at + b * width;
    for (let j = 0; j < u; j++) {
      const dCandidate = dGates[row + 2 * u + j];
      dGates[row + u + j] = dCandidate * products[row + 2 * u + j];
      dProducts[row + 2 * u + j] = dCandidate * gates[row + u + j];
    }
  }
  gateActivationGradient(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws);
  for (let b = 0; b < batch; b++) {
    const row = at + b * width;
    for (let j = 0; j < 2 * u; j++) dProducts[row + j] = dGates[row + j];
  }
}
