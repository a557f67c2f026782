// Simple (Elman) RNN, Keras SimpleRNN: h_t = f(x_t·W + h_{t−1}·U + b), h_0 = 0, over
// x[batch, T, features] with kernel W [features, u], recurrent_kernel U [u, u], bias [u] (or null).
// The backward is full BPTT over the states the forward left in its state.

import { matmulTransA } from '../../core/matmul-transposed.js';
import { stepProduct } from './step-product.js';
import { checkStateHolds, growState } from '../../core/state.js';
import {
  addOutputGradient,
  createRecurrentState,
  defaultActivation,
  inputAndWeightGradients,
  projectInputs,
  recurrentArrays,
  writeOutput,
  type RecurrentOptions,
  type RecurrentSpec,
  type RecurrentState,
} from './common.js';
import { activateBlock, activationGradientBlock } from './gate-activation.js';

/** The layer's state for `capacity` samples (core/state.ts); the forward grows it. */
export function createRnnState(spec: RecurrentSpec, capacity = 0): RecurrentState {
  return createRecurrentState(spec, 1, capacity, (c) => recurrentArrays(spec, 1, c));
}

/** out = h_T [batch, u], or every h_t [batch, T, u] with returnSequences. */
export function rnnForward(
  x: Float32Array,
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  batch: number,
  options: RecurrentOptions,
  ws: RecurrentState,
): void {
  growState(ws, batch, (c) => recurrentArrays(ws, 1, c));
  const { timesteps, units, preActivations, hidden } = ws;
  const activation = options.activation ?? defaultActivation;
  const alpha = options.activationAlpha ?? 0;
  const block = batch * units;
  projectInputs(x, kernel, bias, batch, ws);
  const recurrentProduct = stepProduct(
    'nn',
    recurrentKernel,
    batch,
    units,
    units,
    ws.recurrentPanels,
  );
  for (let t = 0; t < timesteps; t++) {
    if (t > 0) recurrentProduct(hidden, t * block, preActivations, t * block, true);
    activateBlock(
      activation,
      alpha,
      preActivations,
      t * block,
      hidden,
      (t + 1) * block,
      batch,
      units,
      units,
      ws.columnValues,
    );
  }
  writeOutput(out, batch, options.returnSequences, ws);
}

/** From dy (the shape of out): dx (null to skip), dKernel, dRecurrentKernel, dBias; overwritten. */
export function rnnBackward(
  kernel: Float32Array,
  recurrentKernel: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dKernel: Float32Array,
  dRecurrentKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  options: RecurrentOptions,
  ws: RecurrentState,
): void {
  checkStateHolds('rnn', batch, ws);
  const { timesteps, units, preActivations, hidden, gateGradients, hiddenGradient } = ws;
  const activation = options.activation ?? defaultActivation;
  const alpha = options.activationAlpha ?? 0;
  const block = batch * units;
  hiddenGradient.fill(0, 0, block);
  const recurrentProduct = stepProduct(
    'nt',
    recurrentKernel,
    batch,
    units,
    units,
    ws.recurrentPanels,
  );
  for (let t = timesteps - 1; t >= 0; t--) {
    addOutputGradient(dy, batch, t, options.returnSequences, ws);
    for (let i = 0; i < block; i++) gateGradients[t * block + i] = hiddenGradient[i];
    const value = activation.usesOutput ? hidden : preActivations;
    const valueOffset = activation.usesOutput ? (t + 1) * block : t * block;
    activationGradientBlock(
      activation,
      alpha,
      value,
      valueOffset,
      gateGradients,
      t * block,
      batch,
      units,
      units,
      ws.columnValues,
      ws.columnGradients,
    );
    // ∂L/∂h_{t−1} = ∂L/∂pre_t · Uᵀ
    if (t > 0) recurrentProduct(gateGradients, t * block, hiddenGradient, 0, false);
  }
  matmulTransA(hidden, gateGradients, dRecurrentKernel, units, timesteps * batch, units);
  inputAndWeightGradients(kernel, dx, dKernel, dBias, batch, ws);
}
