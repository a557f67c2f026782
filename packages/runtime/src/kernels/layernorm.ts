// Layer normalization of each row of x[rows, features] over its features, then a per-feature
// γ, β (Keras LayerNormalization on the last axis; ε as the layer's file fills it).
// The forward saves each row's mean and 1/√(var + ε) in the state (core/state.ts) for the backward.
// Its kernel-table row (`layerNormKernels`, the layer protocol with state; γ, β optional) is below.

import { checkStateHolds, growState, type KernelState } from '../core/state.js';
import type { Prng } from '../core/prng.js';
import { affineDefaults, type AffineDefaults } from './affine-defaults.js';
import { kernelRow } from './row.js';

export interface LayerNormSpec {
  features: number;
  /** Lowering fills it (Keras's 1e-3 by default; PyTorch's is 1e-5). */
  epsilon: number;
}

/** Capacity in rows; the forward grows it. */
export interface LayerNormState extends KernelState {
  features: number;
  epsilon: number;
  savedMean: Float32Array;
  savedInverseStd: Float32Array;
}

function layerNormArrays(rows: number): Pick<LayerNormState, 'savedMean' | 'savedInverseStd'> {
  return { savedMean: new Float32Array(rows), savedInverseStd: new Float32Array(rows) };
}

export function createLayerNormState(spec: LayerNormSpec, capacity = 0): LayerNormState {
  return {
    capacity,
    features: spec.features,
    epsilon: spec.epsilon,
    ...layerNormArrays(capacity),
  };
}

/** out[r, j] = γ_j·(x[r, j] − mean_r)/√(var_r + ε) + β_j, with the biased variance of row r. */
export function layerNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  out: Float32Array,
  rows: number,
  state: LayerNormState,
): void {
  growState(state, rows, layerNormArrays);
  const { features, epsilon } = state;
  for (let r = 0; r < rows; r++) {
    const offset = r * features;
    let sum = 0;
    for (let j = 0; j < features; j++) sum += x[offset + j];
    const mean = sum / features;
    let squares = 0;
    for (let j = 0; j < features; j++) squares += (x[offset + j] - mean) ** 2;
    const inverseStd = 1 / Math.sqrt(squares / features + epsilon);
    state.savedMean[r] = mean;
    state.savedInverseStd[r] = inverseStd;
    for (let j = 0; j < features; j++) {
      out[offset + j] = gamma[j] * (x[offset + j] - mean) * inverseStd + beta[j];
    }
  }
}

/**
 * With g = dy·γ and x̂ the normalized row: dx = s/F·(F·g − Σg − x̂·Σ g·x̂); dGamma = Σ_rows dy·x̂,
 * dBeta = Σ_rows dy. All overwritten (dx may be null); needs the forward's input x.
 */
export function layerNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dGamma: Float32Array,
  dBeta: Float32Array,
  rows: number,
  state: LayerNormState,
): void {
  checkStateHolds('layer normalization', rows, state);
  const { features } = state;
  dGamma.fill(0, 0, features);
  dBeta.fill(0, 0, features);
  for (let r = 0; r < rows; r++) {
    const offset = r * features;
    const mean = state.savedMean[r];
    const inverseStd = state.savedInverseStd[r];
    let sumG = 0;
    let sumGXHat = 0;
    for (let j = 0; j < features; j++) {
      const xHat = (x[offset + j] - mean) * inverseStd;
      const g = dy[offset + j] * gamma[j];
      sumG += g;
      sumGXHat += g * xHat;
      dGamma[j] += dy[offset + j] * xHat;
      dBeta[j] += dy[offset + j];
    }
    if (!dx) continue;
    const scale = inverseStd / features;
    for (let j = 0; j < features; j++) {
      const xHat = (x[offset + j] - mean) * inverseStd;
      dx[offset + j] = scale * (features * dy[offset + j] * gamma[j] - sumG - xHat * sumGXHat);
    }
  }
}

/** The row's spec: rows per sample (every axis but the last), features (the last axis), ε. */
export interface LayerNormRowSpec {
  rows: number;
  features: number;
  epsilon: number;
}

/** The state of the row: the kernel's, plus γ = 1 and β = 0 for a layer without them. */
export interface LayerNormRowState extends LayerNormState, AffineDefaults {
  rowsPerSample: number;
}

export function createLayerNormRowState(spec: LayerNormRowSpec, capacity = 0): LayerNormRowState {
  for (const name of ['rows', 'features'] as const)
    if (!Number.isInteger(spec[name]) || spec[name] < 1)
      throw new RangeError(
        `layer normalization: ${name} must be a whole number ≥ 1, got ${spec[name]}`,
      );
  if (!(spec.epsilon > 0))
    throw new RangeError(`layer normalization: epsilon must be > 0, got ${spec.epsilon}`);
  return {
    ...createLayerNormState(spec, capacity * spec.rows),
    rowsPerSample: spec.rows,
    ...affineDefaults(spec.features),
  };
}

/**
 * The kernel-table row of the IR op `layer_normalization`: the layer protocol with state; the
 * weights are [γ, β], either null when the layer does not learn it (`scale`/`center` false).
 */
export const layerNormKernels = kernelRow('layer_normalization', {
  createState: createLayerNormRowState,
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    state: LayerNormRowState,
    [gamma, beta]: readonly (Float32Array | null)[],
    _training: boolean,
    _random: Prng,
  ): void {
    const rows = batch * state.rowsPerSample;
    layerNormForward(x, gamma ?? state.unitScale, beta ?? state.zeroShift, y, rows, state);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    x: Float32Array,
    batch: number,
    state: LayerNormRowState,
    [gamma]: readonly (Float32Array | null)[],
    [dGamma, dBeta]: readonly (Float32Array | null)[],
  ): void {
    const rows = batch * state.rowsPerSample;
    const unused = state.unusedGradient;
    const scale = gamma ?? state.unitScale;
    layerNormBackward(x, scale, dy, dx, dGamma ?? unused, dBeta ?? unused, rows, state);
  },
});
