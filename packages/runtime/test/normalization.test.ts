// Batchnorm's running statistics (momentum 0.99, ε 1e-3, biased batch variance) and the state
// protocol of the norms: layernorm's forward grows its state, its backward refuses more rows than
// the forward saw. Forward and backward values are rows of kernel-checks.test.ts.

import { describe, expect, it } from 'vitest';
import { batchNormForwardTraining, createBatchNormState } from '../src/kernels/batchnorm.js';
import {
  createLayerNormState,
  layerNormBackward,
  layerNormForward,
} from '../src/kernels/layernorm.js';
import { expectClose, Prng, randomArray } from './helpers.js';
import { normalizeReference } from './kernel-rows/layers.js';

describe('batchnorm', () => {
  const prng = new Prng(1000);
  const [rows, channels] = [18, 4]; // e.g. batch 2 × 3 × 3 positions
  const x = randomArray(prng, rows * channels, -2, 3);
  const gamma = randomArray(prng, channels, 0.5, 1.5);
  const beta = randomArray(prng, channels);

  it('training updates the running stats with momentum 0.99 (defaults: momentum 0.99, ε 1e-3)', () => {
    const state = createBatchNormState({ channels });
    expect([state.momentum, state.epsilon]).toEqual([0.99, 1e-3]);
    batchNormForwardTraining(x, gamma, beta, new Float32Array(rows * channels), rows, state);
    for (let c = 0; c < channels; c++) {
      const column = Array.from({ length: rows }, (_, r) => x[r * channels + c]);
      const mean = column.reduce((a, b) => a + b, 0) / rows;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / rows;
      expect(state.runningMean[c]).toBeCloseTo(0.01 * mean, 6);
      expect(state.runningVariance[c]).toBeCloseTo(0.99 + 0.01 * variance, 6);
    }
  });

  it("updates the model's own running-statistics arrays in place", () => {
    const runningMean = new Float32Array(channels);
    const runningVariance = new Float32Array(channels).fill(1);
    const state = createBatchNormState({ channels, runningMean, runningVariance });
    batchNormForwardTraining(x, gamma, beta, new Float32Array(rows * channels), rows, state);
    expect(state.runningMean).toBe(runningMean);
    expect(runningMean.some((v) => v !== 0)).toBe(true);
    expect(state.capacity).toBe(0);
  });
});

describe('layernorm', () => {
  const prng = new Prng(1100);
  const [rows, features] = [5, 7];
  const x = randomArray(prng, rows * features, -2, 3);
  const gamma = randomArray(prng, features, 0.5, 1.5);
  const beta = randomArray(prng, features);

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
    ).toThrow(`layer normalization backward got ${rows + 1}, but its state holds ${rows}`);
  });
});
