// Batchnorm's moving statistics (momentum 0.99, ε 1e-3, biased batch variance), updated in place in
// the weights its kernel-table row is given, and the state protocol of the norms: layernorm's forward
// grows its state, its backward refuses more rows than the forward saw. Values: kernel-checks.test.ts.

import { describe, expect, it } from 'vitest';
import {
  batchNormForwardTraining,
  batchNormKernels,
  createBatchNormState,
} from '../src/kernels/batchnorm.js';
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
  /** Each channel's batch mean and biased variance, in float64. */
  const statistics = (c: number) => {
    const column = Array.from({ length: rows }, (_, r) => x[r * channels + c]);
    const mean = column.reduce((a, b) => a + b, 0) / rows;
    return { mean, variance: column.reduce((a, b) => a + (b - mean) ** 2, 0) / rows };
  };

  it('training updates the moving stats with momentum 0.99 (Keras: momentum 0.99, ε 1e-3)', () => {
    const state = createBatchNormState({ channels, momentum: 0.99, epsilon: 1e-3 });
    expect([state.momentum, state.epsilon]).toEqual([0.99, 1e-3]);
    const [mean, variance] = [new Float32Array(channels), new Float32Array(channels).fill(1)];
    batchNormForwardTraining(
      x,
      gamma,
      beta,
      new Float32Array(x.length),
      rows,
      state,
      mean,
      variance,
    );
    for (let c = 0; c < channels; c++) {
      expect(mean[c]).toBeCloseTo(0.01 * statistics(c).mean, 6);
      expect(variance[c]).toBeCloseTo(0.99 + 0.01 * statistics(c).variance, 6);
    }
  });

  it("its row updates the model's moving-statistics weights in place while training only", () => {
    const row = batchNormKernels.roles;
    const state = row.createState({ rows: 9, channels, inner: 1, momentum: 0.9, epsilon: 1e-3 });
    const weights = [gamma, beta, Float32Array.of(1, 2, 3, 4), new Float32Array(channels).fill(2)];
    const [mean, variance] = [weights[2], weights[3]];
    row.forward(x, new Float32Array(x.length), 2, state, weights, false, new Prng(0));
    expect([...mean, ...variance]).toEqual([1, 2, 3, 4, 2, 2, 2, 2]);
    row.forward(x, new Float32Array(x.length), 2, state, weights, true, new Prng(0));
    expect(weights[2]).toBe(mean);
    for (let c = 0; c < channels; c++) {
      expect(mean[c]).toBeCloseTo(0.9 * (c + 1) + 0.1 * statistics(c).mean, 6);
      expect(variance[c]).toBeCloseTo(0.9 * 2 + 0.1 * statistics(c).variance, 6);
    }
    expect(state.capacity).toBe(0);
  });

  it('without γ and β it computes γ = 1, β = 0; a backward without dx still gives dγ and dβ', () => {
    const row = batchNormKernels.roles;
    const spec = { rows: 9, channels, inner: 1, momentum: 0.99, epsilon: 1e-3 };
    const moving = () => [new Float32Array(channels), new Float32Array(channels).fill(1)];
    const [plain, withOnes] = [row.createState(spec), row.createState(spec)];
    const [ones, zeros] = [new Float32Array(channels).fill(1), new Float32Array(channels)];
    const [y1, y2] = [new Float32Array(x.length), new Float32Array(x.length)];
    row.forward(x, y1, 2, plain, [null, null, ...moving()], true, new Prng(0));
    row.forward(x, y2, 2, withOnes, [ones, zeros, ...moving()], true, new Prng(0));
    expect(y1).toEqual(y2);
    const dy = randomArray(new Prng(5), x.length);
    const [full, partial] = [0, 1].map(() => [
      new Float32Array(channels),
      new Float32Array(channels),
    ]);
    row.backward(
      dy,
      new Float32Array(x.length),
      x,
      2,
      withOnes,
      [ones, zeros],
      [...full, null, null],
    );
    row.backward(dy, null, x, 2, withOnes, [ones, zeros], [...partial, null, null]);
    expect(partial).toEqual(full);
    expect(full[0].some((v) => v !== 0)).toBe(true);
  });
});

describe('layernorm', () => {
  const prng = new Prng(1100);
  const [rows, features] = [5, 7];
  const x = randomArray(prng, rows * features, -2, 3);
  const gamma = randomArray(prng, features, 0.5, 1.5);
  const beta = randomArray(prng, features);

  it('its forward grows the state for more rows; its backward refuses more rows than the forward saw', () => {
    const state = createLayerNormState({ features, epsilon: 1e-3 }, 2);
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
