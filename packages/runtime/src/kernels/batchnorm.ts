// Batch normalization over every axis but the last: x[rows, channels] with rows = batch·H·W.
// Keras conventions: biased batch variance, running = momentum·running + (1 − momentum)·batch
// with momentum 0.99, ε 1e-3, running stats start at mean 0 / variance 1. State: core/state.ts.

import type { KernelState } from '../core/state.js';

export interface BatchNormSpec {
  channels: number;
  momentum?: number;
  epsilon?: number;
  /** The model's moving statistics (non-trainable weights) to update in place; new when left out. */
  runningMean?: Float32Array;
  runningVariance?: Float32Array;
}

/** Sized by channels only, so it never grows (capacity stays 0). */
export interface BatchNormState extends KernelState {
  channels: number;
  momentum: number;
  epsilon: number;
  /** Non-trainable; updated by every training forward, used by inference. */
  runningMean: Float32Array;
  runningVariance: Float32Array;
  /** The last training forward's batch mean and 1/√(var + ε), read by the backward. */
  savedMean: Float32Array;
  savedInverseStd: Float32Array;
}

export function createBatchNormState(spec: BatchNormSpec): BatchNormState {
  const { channels } = spec;
  return {
    capacity: 0,
    channels,
    momentum: spec.momentum ?? 0.99,
    epsilon: spec.epsilon ?? 1e-3,
    runningMean: spec.runningMean ?? new Float32Array(channels),
    runningVariance: spec.runningVariance ?? new Float32Array(channels).fill(1),
    savedMean: new Float32Array(channels),
    savedInverseStd: new Float32Array(channels),
  };
}

/** Training: normalize with the batch's own mean and (biased) variance; update running stats. */
export function batchNormForwardTraining(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  out: Float32Array,
  rows: number,
  state: BatchNormState,
): void {
  const { channels, momentum, epsilon } = state;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let index = c; index < rows * channels; index += channels) sum += x[index];
    const mean = sum / rows;
    let squares = 0;
    for (let index = c; index < rows * channels; index += channels)
      squares += (x[index] - mean) ** 2;
    const variance = squares / rows;
    const inverseStd = 1 / Math.sqrt(variance + epsilon);
    state.savedMean[c] = mean;
    state.savedInverseStd[c] = inverseStd;
    state.runningMean[c] = momentum * state.runningMean[c] + (1 - momentum) * mean;
    state.runningVariance[c] = momentum * state.runningVariance[c] + (1 - momentum) * variance;
    const scale = gamma[c] * inverseStd;
    const shift = beta[c] - mean * scale;
    for (let index = c; index < rows * channels; index += channels)
      out[index] = x[index] * scale + shift;
  }
}

/** Inference: normalize with the running mean and variance. */
export function batchNormForwardInference(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  out: Float32Array,
  rows: number,
  state: BatchNormState,
): void {
  const { channels, epsilon } = state;
  for (let c = 0; c < channels; c++) {
    const scale = gamma[c] / Math.sqrt(state.runningVariance[c] + epsilon);
    const shift = beta[c] - state.runningMean[c] * scale;
    for (let index = c; index < rows * channels; index += channels)
      out[index] = x[index] * scale + shift;
  }
}

/**
 * Backward of the training forward (needs its input x): with x̂ = (x − mean)·s, s = 1/√(var + ε),
 * dBeta = Σ dy, dGamma = Σ dy·x̂, dx = γ·s/N·(N·dy − dBeta − x̂·dGamma). All overwritten.
 */
export function batchNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
  rows: number,
  state: BatchNormState,
): void {
  const { channels } = state;
  for (let c = 0; c < channels; c++) {
    const mean = state.savedMean[c];
    const inverseStd = state.savedInverseStd[c];
    let sumDy = 0;
    let sumDyXHat = 0;
    for (let index = c; index < rows * channels; index += channels) {
      sumDy += dy[index];
      sumDyXHat += dy[index] * (x[index] - mean) * inverseStd;
    }
    dBeta[c] = sumDy;
    dGamma[c] = sumDyXHat;
    const scale = (gamma[c] * inverseStd) / rows;
    for (let index = c; index < rows * channels; index += channels) {
      const xHat = (x[index] - mean) * inverseStd;
      dx[index] = scale * (rows * dy[index] - sumDy - xHat * sumDyXHat);
    }
  }
}
