// What rnn, lstm and gru share: takes x[batch, T, features] and a cell's gate count, keeps every
// step's state time-major ([T, batch, ·]: one step's rows are contiguous, so h_{t−1}·U is one
// matmul) in the layer's state (core/state.ts), and moves between that layout and batch-major.

import { allocateFloats } from '../../core/wasm/arena.js';
import { type KernelState } from '../../core/state.js';
import { activationTable, type ElementwiseActivation } from '../../activations/table.js';
import { addBias, matmul, sumRows } from '../../core/matmul.js';
import { matmulTransA, matmulTransB } from '../../core/matmul-transposed.js';
import { wasmColumnSums } from '../../core/wasm/elementwise.js';
import { wasmProduct } from '../../core/wasm/gemm.js';
import { useWasmProduct } from '../../core/wasm/kernel-choice.js';
import { stepPanelFloats } from './step-product.js';

export interface RecurrentOptions {
  /** Output every h_t as [batch, T, units] instead of the last, [batch, units]. */
  returnSequences: boolean;
  /** rnn's f, or lstm's and gru's candidate activation g; tanh when left out. */
  activation?: ElementwiseActivation;
  activationAlpha?: number;
  /** The gates' σ (lstm, gru); sigmoid when left out. */
  recurrentActivation?: ElementwiseActivation;
  recurrentActivationAlpha?: number;
}

export const defaultActivation: ElementwiseActivation = activationTable.tanh;
export const defaultRecurrentActivation: ElementwiseActivation = activationTable.sigmoid;

/** Whether a cell's gates are σ with a tanh candidate: the fused WebAssembly step kernels' case. */
export function defaultGates(options: RecurrentOptions): boolean {
  const g = options.activation ?? defaultActivation;
  const sigma = options.recurrentActivation ?? defaultRecurrentActivation;
  return g === activationTable.tanh && sigma === activationTable.sigmoid;
}

/** The fixed sizes of a recurrent layer. */
export interface RecurrentSpec {
  timesteps: number;
  features: number;
  units: number;
}

/**
 * The state protocol of core/state.ts: every buffer is sized for `capacity` samples; a call lays
 * out only its own batch (rows T·batch).
 */
export interface RecurrentState extends KernelState, RecurrentSpec {
  /** 1 (rnn), 4 (lstm) or 3 (gru). */
  gateCount: number;
  /** gates · units: the width of one row of pre-activations. */
  gateWidth: number;
  /** [T, batch, features]: x time-major. The backward overwrites it with ∂L/∂x time-major. */
  inputs: Float32Array;
  /** [T + 1, batch, units]: hidden[0] = h_0 = 0, hidden[t + 1] = h_t. */
  hidden: Float32Array;
  /** [T, batch, gateWidth]: the arguments of each step's activations. */
  preActivations: Float32Array;
  /** [T, batch, gateWidth]: the activated gates (empty for rnn, whose output is `hidden`). */
  gates: Float32Array;
  /** [T, batch, gateWidth]: ∂L/∂preActivations, written by the backward. */
  gateGradients: Float32Array;
  /** [batch, units]: ∂L/∂h_t while the backward walks t down. */
  hiddenGradient: Float32Array;
  /** [batch, 2·units] each: the contiguous copies gate-activation.ts works through. */
  columnValues: Float32Array;
  columnGradients: Float32Array;
  /** U's packed panels for the step products (step-product.ts), refilled by every call. */
  recurrentPanels: Float32Array;
}

type RecurrentArrays = Omit<
  RecurrentState,
  keyof RecurrentSpec | 'capacity' | 'gateCount' | 'gateWidth'
>;

/** The buffers every cell has, for `capacity` samples. */
export function recurrentArrays(
  spec: RecurrentSpec,
  gateCount: number,
  capacity: number,
): RecurrentArrays {
  const { timesteps, features, units } = spec;
  const gateWidth = gateCount * units;
  const steps = timesteps * capacity;
  return {
    inputs: allocateFloats(steps * features),
    hidden: allocateFloats((timesteps + 1) * capacity * units),
    preActivations: allocateFloats(steps * gateWidth),
    gates: allocateFloats(gateCount > 1 ? steps * gateWidth : 0),
    gateGradients: allocateFloats(steps * gateWidth),
    hiddenGradient: allocateFloats(capacity * units),
    columnValues: allocateFloats(capacity * 2 * units),
    columnGradients: allocateFloats(capacity * 2 * units),
    recurrentPanels: allocateFloats(capacity > 0 ? stepPanelFloats(units, gateWidth) : 0),
  };
}

/** A new state: the spec, the cell's gate layout and `arrays(capacity)`. */
export function createRecurrentState<S extends RecurrentState>(
  spec: RecurrentSpec,
  gateCount: number,
  capacity: number,
  arrays: (
    capacity: number,
  ) => Omit<S, keyof RecurrentSpec | 'capacity' | 'gateCount' | 'gateWidth'>,
): S {
  const { timesteps, features, units } = spec;
  const facts = { capacity, timesteps, features, units, gateCount, gateWidth: gateCount * units };
  return { ...facts, ...arrays(capacity) } as S;
}

/** ws.inputs = x time-major; preActivations = inputs · kernel (+ bias[0, gateWidth)); h_0 = 0. */
export function projectInputs(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  batch: number,
  ws: RecurrentState,
): void {
  const { timesteps, features, gateWidth, inputs } = ws;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < timesteps; t++) {
      const from = (b * timesteps + t) * features;
      const to = (t * batch + b) * features;
      for (let c = 0; c < features; c++) inputs[to + c] = x[from + c];
    }
  }
  const rows = timesteps * batch;
  if (useWasmProduct(rows, features, gateWidth)) {
    // The bias in the product's epilogue: no second pass over the T·batch rows.
    wasmProduct(
      'nn',
      inputs,
      0,
      kernel,
      0,
      ws.preActivations,
      0,
      rows,
      features,
      gateWidth,
      false,
      bias,
    );
  } else {
    matmul(inputs, kernel, ws.preActivations, rows, features, gateWidth);
    if (bias) addBias(ws.preActivations, bias, rows, gateWidth);
  }
  ws.hidden.fill(0, 0, batch * ws.units);
}

/** out = h_T [batch, units], or every h_t as [batch, T, units]. */
export function writeOutput(
  out: Float32Array,
  batch: number,
  returnSequences: boolean,
  ws: RecurrentState,
): void {
  const { timesteps, units, hidden } = ws;
  if (!returnSequences) {
    const from = timesteps * batch * units;
    for (let i = 0; i < batch * units; i++) out[i] = hidden[from + i];
    return;
  }
  for (let t = 0; t < timesteps; t++) {
    for (let b = 0; b < batch; b++) {
      const from = ((t + 1) * batch + b) * units;
      const to = (b * timesteps + t) * units;
      for (let j = 0; j < units; j++) out[to + j] = hidden[from + j];
    }
  }
}

/** hiddenGradient += the part of dy that reads h_t directly (dy[:, t] or, at t = T−1, dy). */
export function addOutputGradient(
  dy: Float32Array,
  batch: number,
  t: number,
  returnSequences: boolean,
  ws: RecurrentState,
): void {
  const { timesteps, units, hiddenGradient } = ws;
  if (!returnSequences) {
    if (t === timesteps - 1) for (let i = 0; i < batch * units; i++) hiddenGradient[i] += dy[i];
    return;
  }
  for (let b = 0; b < batch; b++) {
    const from = (b * timesteps + t) * units;
    for (let j = 0; j < units; j++) hiddenGradient[b * units + j] += dy[from + j];
  }
}

/**
 * From ws.gateGradients (∂L/∂(x_t·W + b) for every step): dKernel = inputsᵀ·gateGradients,
 * dBias[0, gateWidth) = Σ rows (if dBias), and dx = gateGradients·kernelᵀ back in batch-major
 * (if dx; this overwrites ws.inputs). All overwritten.
 */
export function inputAndWeightGradients(
  kernel: Float32Array,
  dx: Float32Array | null,
  dKernel: Float32Array,
  dBias: Float32Array | null,
  batch: number,
  ws: RecurrentState,
): void {
  const { timesteps, features, gateWidth, inputs, gateGradients } = ws;
  const rows = timesteps * batch;
  matmulTransA(inputs, gateGradients, dKernel, features, rows, gateWidth);
  // In WebAssembly (float32, row order) when both are in the kernel memory, else the JS loop.
  if (dBias && !wasmColumnSums(gateGradients, rows, gateWidth, dBias))
    sumRows(gateGradients, dBias, rows, gateWidth);
  if (!dx) return;
  matmulTransB(gateGradients, kernel, inputs, rows, gateWidth, features);
  for (let t = 0; t < timesteps; t++) {
    for (let b = 0; b < batch; b++) {
      const from = (t * batch + b) * features;
      const to = (b * timesteps + t) * features;
      for (let c = 0; c < features; c++) dx[to + c] = inputs[from + c];
    }
  }
}

/** target[targetOffset + j] = Σ_r source[r·cols + j] over rows r (a bias gradient at an offset). */
export function sumColumnsInto(
  source: Float32Array,
  rows: number,
  cols: number,
  target: Float32Array,
  targetOffset: number,
): void {
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let index = j; index < rows * cols; index += cols) sum += source[index];
    target[targetOffset + j] = sum;
  }
}
