// Batch normalization of each channel of x[rows, channels, inner] over its rows and inner positions
// (the channel axis need not be the last: `inner` counts the positions after it, 1 when it is; the
// loops visit a channel's values position by position, so inner = 1 is one flat strided loop).
// Keras conventions: biased batch variance, moving = momentum·moving + (1 − momentum)·batch.
// Its kernel-table row (`batchNormKernels`: the layer protocol with state) is below.

import type { Prng } from '../core/prng.js';
import type { KernelState } from '../core/state.js';
import { affineDefaults, type AffineDefaults } from './affine-defaults.js';
import { kernelRow } from './row.js';

export interface BatchNormSpec {
  channels: number;
  /** Values after the channel axis in each row (1 when the channel axis is the last). */
  inner?: number;
  /** Weight of the old value in the moving averages (Keras's meaning); lowering fills it. */
  momentum: number;
  epsilon: number;
}

/** Sized by channels only, so it never grows (capacity stays 0). */
export interface BatchNormState extends KernelState {
  channels: number;
  inner: number;
  momentum: number;
  epsilon: number;
  /** The last training forward's batch mean and 1/√(var + ε), read by the backward. */
  savedMean: Float32Array;
  savedInverseStd: Float32Array;
}

export function createBatchNormState(spec: BatchNormSpec): BatchNormState {
  const { channels } = spec;
  return {
    capacity: 0,
    channels,
    inner: spec.inner ?? 1,
    momentum: spec.momentum,
    epsilon: spec.epsilon,
    savedMean: new Float32Array(channels),
    savedInverseStd: new Float32Array(channels),
  };
}

/**
 * Training: normalize with the batch's own mean and (biased) variance; update the moving mean and
 * variance (the model's non-trainable weights) in place.
 */
export function batchNormForwardTraining(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  out: Float32Array,
  rows: number,
  state: BatchNormState,
  movingMean: Float32Array,
  movingVariance: Float32Array,
): void {
  const { channels, inner, momentum, epsilon } = state;
  const [count, stride, total] = [rows * inner, channels * inner, rows * channels * inner];
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) sum += x[index];
    const mean = sum / count;
    let squares = 0;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) squares += (x[index] - mean) ** 2;
    const variance = squares / count;
    const inverseStd = 1 / Math.sqrt(variance + epsilon);
    state.savedMean[c] = mean;
    state.savedInverseStd[c] = inverseStd;
    movingMean[c] = momentum * movingMean[c] + (1 - momentum) * mean;
    movingVariance[c] = momentum * movingVariance[c] + (1 - momentum) * variance;
    const scale = gamma[c] * inverseStd;
    const shift = beta[c] - mean * scale;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) out[index] = x[index] * scale + shift;
  }
}

/** Inference: normalize with the moving mean and variance. */
export function batchNormForwardInference(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  out: Float32Array,
  rows: number,
  state: BatchNormState,
  movingMean: Float32Array,
  movingVariance: Float32Array,
): void {
  const { channels, inner, epsilon } = state;
  const [stride, total] = [channels * inner, rows * channels * inner];
  for (let c = 0; c < channels; c++) {
    const scale = gamma[c] / Math.sqrt(movingVariance[c] + epsilon);
    const shift = beta[c] - movingMean[c] * scale;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) out[index] = x[index] * scale + shift;
  }
}

/**
 * Backward of the training forward (needs its input x): with x̂ = (x − mean)·s, s = 1/√(var + ε)
 * and N values per channel, dBeta = Σ dy, dGamma = Σ dy·x̂, dx = γ·s/N·(N·dy − dBeta − x̂·dGamma).
 * All overwritten; dx may be null (the input needs no gradient).
 */
export function batchNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dGamma: Float32Array,
  dBeta: Float32Array,
  rows: number,
  state: BatchNormState,
): void {
  const { channels, inner } = state;
  const [count, stride, total] = [rows * inner, channels * inner, rows * channels * inner];
  for (let c = 0; c < channels; c++) {
    const mean = state.savedMean[c];
    const inverseStd = state.savedInverseStd[c];
    let sumDy = 0;
    let sumDyXHat = 0;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) {
        sumDy += dy[index];
        sumDyXHat += dy[index] * (x[index] - mean) * inverseStd;
      }
    dBeta[c] = sumDy;
    dGamma[c] = sumDyXHat;
    if (!dx) continue;
    const scale = (gamma[c] * inverseStd) / count;
    for (let first = c * inner; first < (c + 1) * inner; first++)
      for (let index = first; index < total; index += stride) {
        const xHat = (x[index] - mean) * inverseStd;
        dx[index] = scale * (count * dy[index] - sumDy - xHat * sumDyXHat);
      }
  }
}

/**
 * The row's spec: per sample, `rows` groups of `channels` × `inner` values (the axes before the
 * channel axis, the channel axis, the axes after it); the layer's momentum and ε.
 */
export interface BatchNormRowSpec {
  rows: number;
  channels: number;
  inner: number;
  momentum: number;
  epsilon: number;
}

/** The state of the row: the kernel's, plus γ = 1 and β = 0 for a layer without them. */
export interface BatchNormRowState extends BatchNormState, AffineDefaults {
  rowsPerSample: number;
}

export function createBatchNormRowState(spec: BatchNormRowSpec): BatchNormRowState {
  for (const name of ['rows', 'channels', 'inner'] as const)
    if (!Number.isInteger(spec[name]) || spec[name] < 1)
      throw new RangeError(
        `batch normalization: ${name} must be a whole number ≥ 1, got ${spec[name]}`,
      );
  if (!(spec.epsilon > 0))
    throw new RangeError(`batch normalization: epsilon must be > 0, got ${spec.epsilon}`);
  if (!(spec.momentum >= 0 && spec.momentum <= 1))
    throw new RangeError(`batch normalization: momentum must be in [0, 1], got ${spec.momentum}`);
  return {
    ...createBatchNormState(spec),
    rowsPerSample: spec.rows,
    ...affineDefaults(spec.channels),
  };
}

/**
 * The kernel-table row of the IR op `batch_normalization`: the layer protocol with state. The
 * weights are [γ, β, moving mean, moving variance] (γ or β null when the layer does not learn it);
 * the training forward updates the last two in place. Their gradients are null (state).
 */
export const batchNormKernels = kernelRow('batch_normalization', {
  createState: createBatchNormRowState,
  forward(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    state: BatchNormRowState,
    [gamma, beta, movingMean, movingVariance]: readonly (Float32Array | null)[],
    training: boolean,
    _random: Prng,
  ): void {
    const rows = batch * state.rowsPerSample;
    const [scale, shift] = [gamma ?? state.unitScale, beta ?? state.zeroShift];
    if (training)
      batchNormForwardTraining(x, scale, shift, y, rows, state, movingMean!, movingVariance!);
    else batchNormForwardInference(x, scale, shift, y, rows, state, movingMean!, movingVariance!);
  },
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    x: Float32Array,
    batch: number,
    state: BatchNormRowState,
    [gamma]: readonly (Float32Array | null)[],
    [dGamma, dBeta]: readonly (Float32Array | null)[],
  ): void {
    const rows = batch * state.rowsPerSample;
    const unused = state.unusedGradient;
    const scale = gamma ?? state.unitScale;
    batchNormBackward(x, scale, dy, dx, dGamma ?? unused, dBeta ?? unused, rows, state);
  },
});
