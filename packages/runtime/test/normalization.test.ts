// batchnorm (training and inference) and layernorm against float64 formulas, with every
// gradient (dx, dGamma, dBeta) against finite differences; the Keras running-stat update.

import { describe, expect, it } from 'vitest';
import {
  batchNormBackward,
  batchNormForwardInference,
  batchNormForwardTraining,
  createBatchNormState,
} from '../src/kernels/batchnorm.js';
import {
  createLayerNormState,
  layerNormBackward,
  layerNormForward,
} from '../src/kernels/layernorm.js';
import { dot, expectClose, numericalGradient, Prng, randomArray } from './helpers.js';

/** Normalizes groups of values: group(i) names the group of element i. */
function normalizeReference(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: number,
  features: number,
  epsilon: number,
  byColumn: boolean,
): Float64Array {
  const groups = byColumn ? features : rows;
  const groupSize = byColumn ? rows : features;
  const index = (group: number, k: number) =>
    byColumn ? k * features + group : group * features + k;
  const out = new Float64Array(rows * features);
  for (let group = 0; group < groups; group++) {
    let mean = 0;
    for (let k = 0; k < groupSize; k++) mean += x[index(group, k)] / groupSize;
    let variance = 0;
    for (let k = 0; k < groupSize; k++) variance += (x[index(group, k)] - mean) ** 2 / groupSize;
    for (let k = 0; k < groupSize; k++) {
      const i = index(group, k);
      const feature = i % features;
      out[i] = (gamma[feature] * (x[i] - mean)) / Math.sqrt(variance + epsilon) + beta[feature];
    }
  }
  return out;
}

const GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 2e-5 };

describe('batchnorm', () => {
  const prng = new Prng(1000);
  const [rows, channels] = [18, 4]; // e.g. batch 2 × 3 × 3 positions
  const x = randomArray(prng, rows * channels, -2, 3);
  const gamma = randomArray(prng, channels, 0.5, 1.5);
  const beta = randomArray(prng, channels);

  it('training: batch statistics (biased variance), ε 1e-3, running stats with momentum 0.99', () => {
    const state = createBatchNormState({ channels });
    expect([state.momentum, state.epsilon]).toEqual([0.99, 1e-3]);
    const out = new Float32Array(rows * channels);
    batchNormForwardTraining(x, gamma, beta, out, rows, state);
    expectClose(out, normalizeReference(x, gamma, beta, rows, channels, 1e-3, true), {
      relative: 1e-5,
      absolute: 1e-6,
    });
    for (let c = 0; c < channels; c++) {
      const column = Array.from({ length: rows }, (_, r) => x[r * channels + c]);
      const mean = column.reduce((a, b) => a + b, 0) / rows;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / rows;
      expect(state.runningMean[c]).toBeCloseTo(0.01 * mean, 6);
      expect(state.runningVariance[c]).toBeCloseTo(0.99 + 0.01 * variance, 6);
    }
  });

  it('training backward: dx, dGamma, dBeta match finite differences', () => {
    const state = createBatchNormState({ channels });
    batchNormForwardTraining(x, gamma, beta, new Float32Array(rows * channels), rows, state);
    const dy = randomArray(prng, rows * channels);
    const dx = new Float32Array(rows * channels);
    const dGamma = new Float32Array(channels);
    const dBeta = new Float32Array(channels);
    batchNormBackward(x, gamma, dy, dx, dGamma, dBeta, rows, state);
    const loss = (xs: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>) =>
      dot(dy, normalizeReference(xs, g, b, rows, channels, 1e-3, true));
    expectClose(
      dx,
      numericalGradient((p) => loss(p, gamma, beta), x),
      GRADIENT_TOLERANCE,
      'dx',
    );
    expectClose(
      dGamma,
      numericalGradient((p) => loss(x, p, beta), gamma),
      GRADIENT_TOLERANCE,
      'dGamma',
    );
    expectClose(
      dBeta,
      numericalGradient((p) => loss(x, gamma, p), beta),
      GRADIENT_TOLERANCE,
      'dBeta',
    );
  });

  it('inference: running statistics', () => {
    const state = createBatchNormState({ channels, epsilon: 1e-5 });
    state.runningMean.set([0.5, -0.25, 1, 0]);
    state.runningVariance.set([2, 0.5, 1.5, 1]);
    const out = new Float32Array(rows * channels);
    batchNormForwardInference(x, gamma, beta, out, rows, state);
    const reference = (xs: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>) =>
      Float64Array.from({ length: rows * channels }, (_, i) => {
        const c = i % channels;
        return (
          (g[c] * (xs[i] - state.runningMean[c])) / Math.sqrt(state.runningVariance[c] + 1e-5) +
          b[c]
        );
      });
    expectClose(out, reference(x, gamma, beta), { relative: 1e-5, absolute: 1e-6 });
  });
});

describe('layernorm', () => {
  const prng = new Prng(1100);
  const [rows, features] = [5, 7];
  const x = randomArray(prng, rows * features, -2, 3);
  const gamma = randomArray(prng, features, 0.5, 1.5);
  const beta = randomArray(prng, features);

  it('forward normalizes each row over its features (ε 1e-3 by default)', () => {
    const state = createLayerNormState({ features }, 8);
    const out = new Float32Array(rows * features);
    layerNormForward(x, gamma, beta, out, rows, state);
    expectClose(out, normalizeReference(x, gamma, beta, rows, features, 1e-3, false), {
      relative: 1e-5,
      absolute: 1e-6,
    });
  });

  it('backward: dx, dGamma, dBeta match finite differences', () => {
    const state = createLayerNormState({ features, epsilon: 1e-5 });
    layerNormForward(x, gamma, beta, new Float32Array(rows * features), rows, state);
    const dy = randomArray(prng, rows * features);
    const dx = new Float32Array(rows * features);
    const dGamma = new Float32Array(features).fill(Number.NaN);
    const dBeta = new Float32Array(features).fill(Number.NaN);
    layerNormBackward(x, gamma, dy, dx, dGamma, dBeta, rows, state);
    const loss = (xs: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>) =>
      dot(dy, normalizeReference(xs, g, b, rows, features, 1e-5, false));
    expectClose(
      dx,
      numericalGradient((p) => loss(p, gamma, beta), x),
      GRADIENT_TOLERANCE,
      'dx',
    );
    expectClose(
      dGamma,
      numericalGradient((p) => loss(x, p, beta), gamma),
      GRADIENT_TOLERANCE,
      'dGamma',
    );
    expectClose(
      dBeta,
      numericalGradient((p) => loss(x, gamma, p), beta),
      GRADIENT_TOLERANCE,
      'dBeta',
    );
  });

  it('its forward grows the state for more rows; its backward refuses more rows than the forward saw', () => {
    const state = createLayerNormState({ features }, 2);
    const out = new Float32Array(x.length);
    layerNormForward(x, gamma, beta, out, rows, state);
    expect(state.capacity).toBe(rows);
    expectClose(out, normalizeReference(x, gamma, beta, rows, features, 1e-3, false), {
      relative: 1e-5,
      absolute: 1e-6,
    });
    const more = new Float32Array((rows + 1) * features);
    expect(() =>
      layerNormBackward(
        more,
        gamma,
        more,
        more,
        new Float32Array(features),
        new Float32Array(features),
        rows + 1,
        state,
      ),
    ).toThrow(`layernorm backward got ${rows + 1}, but its state holds ${rows}`);
  });
});
