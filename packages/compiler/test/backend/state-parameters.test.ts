// State kept with the weights (own-op.ts `state`, batchnorm's moving statistics) in the JS target:
// non-trainable and without gradient or optimizer, updated in place by the training forward only
// (momentum checked against a naive batch mean and variance), named as before in checkpoints; and
// `with { trainable = false }` on each kind of weighted layer (frozen weights keep their values).

import { describe, expect, it } from 'vitest';
import { compileAndLoad } from '../../src/targets/js/load.js';

const model = (batchnorm: string) =>
  `model M { input x: [4]; dense(3); ${batchnorm}; dense(2) }\n` +
  'train M { data = random(4, 2), loss = mse, optimizer = sgd(lr = 0.5) }\n';

const batch = 5;
const x = Float32Array.from({ length: batch * 4 }, (_, i) => Math.sin(i * 0.9) * 2);
const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));

/** Each feature's batch mean and biased variance of dense's output x·W + b, in float64. */
function denseStatistics(weights: Float32Array, bias: Float32Array) {
  const h = Array.from({ length: batch }, (_, s) =>
    Array.from({ length: 3 }, (_, j) => {
      let sum = bias[j];
      for (let k = 0; k < 4; k++) sum += x[s * 4 + k] * weights[k * 3 + j];
      return sum;
    }),
  );
  return Array.from({ length: 3 }, (_, j) => {
    const mean = h.reduce((total, row) => total + row[j], 0) / batch;
    const variance = h.reduce((total, row) => total + (row[j] - mean) ** 2, 0) / batch;
    return { mean, variance };
  });
}

const equal = (a: Float32Array, b: Float32Array) => a.every((value, i) => value === b[i]);
const copy = (params: Readonly<Record<string, Float32Array>>) =>
  Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, Float32Array.from(value)]),
  );

describe("batchnorm's moving statistics are state kept with the weights", () => {
  it('keep their checkpoint names, are not trainable, have no gradient and no optimizer', async () => {
    const m = await compileAndLoad(model('batchnorm'), { seed: 3 });
    expect(m.paramInfo.map((p) => [p.name, p.trainable])).toEqual([
      ['dense/weights', true],
      ['dense/bias', true],
      ['batchnorm/gamma', true],
      ['batchnorm/beta', true],
      ['batchnorm/moving_mean', false],
      ['batchnorm/moving_variance', false],
      ['dense_1/weights', true],
      ['dense_1/bias', true],
    ]);
    // The gradients copies over the batch would combine: the six trainable weights only.
    expect(m.replica?.gradients).toHaveLength(6);
    expect(m.replica?.blocker).toBe(
      'layer batchnorm: it normalizes with the statistics of the whole batch while training',
    );
    m.trainStep(x, y, batch);
    expect(Object.keys(m.state()).filter((key) => key.includes('moving'))).toEqual([]);
  });

  it('move by momentum toward the batch statistics in a training step, never in predict', async () => {
    const m = await compileAndLoad(model('batchnorm(momentum = 0.75)'), { seed: 3 });
    m.predict(x, batch);
    expect([...m.params['batchnorm/moving_mean']]).toEqual([0, 0, 0]);
    expect([...m.params['batchnorm/moving_variance']]).toEqual([1, 1, 1]);
    const statistics = denseStatistics(m.params['dense/weights'], m.params['dense/bias']);
    m.trainStep(x, y, batch);
    statistics.forEach(({ mean, variance }, j) => {
      expect(m.params['batchnorm/moving_mean'][j]).toBeCloseTo(0.25 * mean, 5);
      expect(m.params['batchnorm/moving_variance'][j]).toBeCloseTo(0.75 + 0.25 * variance, 5);
    });
  });

  it('`with { trainable = false }`: γ and β stay, the statistics still move, the rest trains', async () => {
    const m = await compileAndLoad(model('batchnorm with { trainable = false }'), { seed: 3 });
    expect(m.replica?.gradients).toHaveLength(4);
    const before = copy(m.params);
    m.trainStep(x, y, batch);
    expect(m.params['batchnorm/gamma']).toEqual(before['batchnorm/gamma']);
    expect(m.params['batchnorm/beta']).toEqual(before['batchnorm/beta']);
    for (const name of ['batchnorm/moving_mean', 'dense/weights', 'dense_1/weights'])
      expect(m.params[name], name).not.toEqual(before[name]);
  });
});

describe('`with { trainable = false }` on layers with weights', () => {
  it('trains the rest and leaves the frozen weights as they were (core and own ops)', async () => {
    const frozen = ' with { trainable = false }';
    const text =
      `model M { input x: [4]; dense(6)${frozen}; reshape([3, 2]); conv1d(2, kernel = 1)${frozen}; ` +
      `rmsnorm${frozen}; layernorm${frozen}; lstm(3, return_sequences = true)${frozen}; ` +
      `batchnorm${frozen}; flatten; dense(2) }\n` +
      'train M { data = random(4, 2), loss = mse, optimizer = sgd(lr = 0.5) }\n';
    const m = await compileAndLoad(text, { seed: 4 });
    const before = copy(m.params);
    m.trainStep(x, y, batch);
    const changed = Object.keys(before).filter((name) => !equal(before[name], m.params[name]));
    expect(changed.sort()).toEqual([
      'batchnorm/moving_mean',
      'batchnorm/moving_variance',
      'dense_1/bias',
      'dense_1/weights',
    ]);
  });
});
