// Layer normalization of each row of x[rows, features] over its features, then a per-feature
// γ, β (Keras LayerNormalization on the last axis; ε defaults to Keras's 1e-3, PyTorch uses 1e-5).
// The forward saves each row's mean and 1/√(var + ε) in the state (core/state.ts) for the backward.

import { checkStateHolds, growState, type KernelState } from '../core/state.js';

export interface LayerNormSpec {
  features: number;
  epsilon?: number;
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
    epsilon: spec.epsilon ?? 1e-3,
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
 * dBeta = Σ_rows dy. All overwritten; needs the forward's input x.
 */
export function layerNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
  rows: number,
  state: LayerNormState,
): void {
  checkStateHolds('layernorm', rows, state);
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
    const scale = inverseStd / features;
    for (let j = 0; j < features; j++) {
      const xHat = (x[offset + j] - mean) * inverseStd;
      dx[offset + j] = scale * (features * dy[offset + j] * gamma[j] - sumG - xHat * sumGXHat);
    }
  }
}
