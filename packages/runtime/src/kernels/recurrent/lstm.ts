// LSTM, Keras convention: kernel W [features, 4u], recurrent_kernel U [u, 4u], bias [4u] (or null),
// gate columns i, f, c, o. Per step: [i f c̃ o] = [σ σ g σ](x_t·W + h_{t−1}·U + b),
// c_t = f⊙c_{t−1} + i⊙c̃, h_t = o⊙g(c_t); h_0 = c_0 = 0. Backward is full BPTT.

import { allocateFloats } from '../../core/wasm/arena.js';
import { wasmLstmStepBackward, wasmLstmStepForward } from '../../core/wasm/activation.js';
import { matmulTransA } from '../../core/matmul-transposed.js';
import { checkStateHolds, growState } from '../../core/state.js';
import {
  addOutputGradient,
  createRecurrentState,
  defaultActivation,
  defaultGates,
  defaultRecurrentActivation,
  inputAndWeightGradients,
  projectInputs,
  recurrentArrays,
  writeOutput,
  type RecurrentOptions,
  type RecurrentSpec,
  type RecurrentState,
} from './common.js';
import {
  activateBlock,
  activateGates,
  activationGradientBlock,
  gateActivationGradient,
} from './gate-activation.js';
import { stepProduct } from './step-product.js';

export interface LstmState extends RecurrentState {
  /** [T + 1, batch, u]: cell[0] = c_0 = 0, cell[t + 1] = c_t. */
  cell: Float32Array;
  /** [T, batch, u]: g(c_t). */
  cellActivated: Float32Array;
  /** [batch, u]: ∂L/∂c_t carried down the steps by the backward. */
  cellGradient: Float32Array;
  /** [batch, u]: ∂L/∂g(c_t), then ∂L/∂c_t through h_t. */
  cellOutputGradient: Float32Array;
}

function lstmArrays(spec: RecurrentSpec, capacity: number) {
  const { timesteps, units } = spec;
  return {
    ...recurrentArrays(spec, 4, capacity),
    cell: allocateFloats((timesteps + 1) * capacity * units),
    cellActivated: allocateFloats(timesteps * capacity * units),
    cellGradient: allocateFloats(capacity * units),
    cellOutputGradient: allocateFloats(capacity * units),
  };
}

/** The layer's state for `capacity` samples (core/state.ts); the forward grows it. */
export function createLstmState(spec: RecurrentSpec, capacity = 0): LstmState {
  return createRecurrentState<LstmState>(spec, 4, capacity, (c) => lstmArrays(spec, c));
}

/** out = h_T [batch, u], or every h_t [batch, T, u] with returnSequences. */
export function lstmForward(
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  options: RecurrentOptions,
  ws: LstmState,
): void {
  growState(ws, batch, (c) => lstmArrays(ws, c));
  const { timesteps, units: u, preActivations: pre, gates, hidden, cell, cellActivated } = ws;
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const scratch = ws.columnValues;
  const block = batch * u;
  const gateBlock = 4 * block;
  const fused = defaultGates(options);
  projectInputs(x, kernel, bias, batch, ws);
  cell.fill(0, 0, block);
  const recurrentProduct = stepProduct('nn', recurrentKernel, batch, u, 4 * u, ws.recurrentPanels);
  for (let t = 0; t < timesteps; t++) {
    const at = t * gateBlock;
    if (t > 0) recurrentProduct(hidden, t * block, pre, at, true);
    // σ gates and a tanh candidate: the whole step in one WebAssembly pass when it can run.
    const offsets = {
      gates: at,
      cellPrevious: t * block,
      cellActivated: t * block,
      hidden: (t + 1) * block,
    };
    const views = [pre, gates, cell, cellActivated, hidden] as const;
    if (fused && wasmLstmStepForward(...views, offsets, batch, u)) continue;
    activateGates(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws); // i, f
    activateGates(g, gAlpha, batch, at, 2 * u, u, ws); // c̃
    activateGates(sigma, sigmaAlpha, batch, at, 3 * u, u, ws); // o
    for (let b = 0; b < batch; b++) {
      const row = at + b * 4 * u;
      const state = b * u;
      for (let j = 0; j < u; j++) {
        const previous = cell[t * block + state + j];
        cell[(t + 1) * block + state + j] =
          gates[row + u + j] * previous + gates[row + j] * gates[row + 2 * u + j];
      }
    }
    activateBlock(g, gAlpha, cell, (t + 1) * block, cellActivated, t * block, batch, u, u, scratch);
    for (let b = 0; b < batch; b++) {
      const outputGate = at + b * 4 * u + 3 * u;
      const state = t * block + b * u;
      for (let j = 0; j < u; j++)
        hidden[block + state + j] = gates[outputGate + j] * cellActivated[state + j];
    }
  }
  writeOutput(out, batch, options.returnSequences, ws);
}

/** From dy (the shape of out): dx (null to skip), dKernel, dRecurrentKernel, dBias; overwritten. */
export function lstmBackward(
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dKernel: Float32Array,
  dRecurrentKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  options: RecurrentOptions,
  ws: LstmState,
): void {
  checkStateHolds('lstm', batch, ws);
  const { timesteps, units: u, gates, hidden, cell, cellActivated } = ws;
  const { gateGradients: dGates, hiddenGradient, cellGradient } = ws;
  const fused = defaultGates(options);
  const block = batch * u;
  const gateBlock = 4 * block;
  hiddenGradient.fill(0, 0, block);
  cellGradient.fill(0, 0, block);
  const recurrentProduct = stepProduct('nt', recurrentKernel, batch, 4 * u, u, ws.recurrentPanels);
  for (let t = timesteps - 1; t >= 0; t--) {
    const at = t * gateBlock;
    addOutputGradient(dy, batch, t, options.returnSequences, ws);
    const offsets = { gates: at, cellPrevious: t * block, cellActivated: t * block };
    const views = [gates, cell, cellActivated, hiddenGradient, cellGradient, dGates] as const;
    if (!(fused && wasmLstmStepBackward(...views, offsets, batch, u)))
      cellStepBackward(t, batch, options, ws);
    if (t > 0) recurrentProduct(dGates, at, hiddenGradient, 0, false);
  }
  matmulTransA(hidden, dGates, dRecurrentKernel, u, timesteps * batch, 4 * u);
  inputAndWeightGradients(kernel, dx, dKernel, dBias, batch, ws);
}

/** The JS loops of one step's backward through the cell (any activations). */
function cellStepBackward(t: number, batch: number, options: RecurrentOptions, ws: LstmState) {
  const { units: u, gates, cell, cellActivated } = ws;
  const { gateGradients: dGates, hiddenGradient, cellGradient, cellOutputGradient } = ws;
  const { columnValues, columnGradients } = ws;
  const g = options.activation ?? defaultActivation;
  const gAlpha = options.activationAlpha ?? 0;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  const sigmaAlpha = options.recurrentActivationAlpha ?? 0;
  const block = batch * u;
  const at = t * 4 * block;
  // h_t = o ⊙ g(c_t): ∂o, and ∂g(c_t) → ∂c_t.
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < u; j++) {
      const row = at + b * 4 * u + j;
      const i = b * u + j;
      dGates[row + 3 * u] = hiddenGradient[i] * cellActivated[t * block + i];
      cellOutputGradient[i] = hiddenGradient[i] * gates[row + 3 * u];
    }
  }
  const cellValue = g.usesOutput ? cellActivated : cell;
  const cellOffset = g.usesOutput ? t * block : (t + 1) * block;
  activationGradientBlock(
    g,
    gAlpha,
    cellValue,
    cellOffset,
    cellOutputGradient,
    0,
    batch,
    u,
    u,
    columnValues,
    columnGradients,
  );
  // c_t = f ⊙ c_{t−1} + i ⊙ c̃: ∂i, ∂f, ∂c̃, and ∂c_{t−1} for the next step down.
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < u; j++) {
      const row = at + b * 4 * u + j;
      const i = b * u + j;
      const dc = cellOutputGradient[i] + cellGradient[i];
      dGates[row] = dc * gates[row + 2 * u];
      dGates[row + u] = dc * cell[t * block + i];
      dGates[row + 2 * u] = dc * gates[row];
      cellGradient[i] = dc * gates[row + u];
    }
  }
  gateActivationGradient(sigma, sigmaAlpha, batch, at, 0, 2 * u, ws);
  gateActivationGradient(sigma, sigmaAlpha, batch, at, 3 * u, u, ws);
  gateActivationGradient(g, gAlpha, batch, at, 2 * u, u, ws);
}
