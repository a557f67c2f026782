// Parameter counts against the Keras formulas written out here, the torch convention where it
// differs, classic whole-model totals (LeNet-5, the Keras MNIST CNN, the course exercise) and FLOPs.

import { describe, expect, it } from 'vitest';
import { layerWeightsFor, withDefaults, type Args } from '../../src/catalogue/index.js';
import { chain, catalogue, flopsOf, paramsOf, totalParams } from './helpers.js';

describe('per-layer counts (Keras formulas)', () => {
  it('dense: in · units + units', () => {
    expect(paramsOf('dense', [[784]], { units: 128 }).total).toBe(784 * 128 + 128);
    expect(paramsOf('dense', [[784]], { units: 128, use_bias: false }).total).toBe(784 * 128);
    expect(paramsOf('perceptron', [[2]]).total).toBe(2 * 1 + 1);
  });

  it('conv: (k · cin + 1) · filters', () => {
    const [kh, kw, cin, filters] = [3, 5, 3, 16];
    expect(paramsOf('conv2d', [[32, 32, cin]], { filters, kernel: [kh, kw] }).total).toBe(
      (kh * kw * cin + 1) * filters,
    );
    expect(paramsOf('conv1d', [[100, 16]], { filters: 32, kernel: 5 }).total).toBe(
      (5 * 16 + 1) * 32,
    );
    expect(
      paramsOf('conv2d', [[28, 28, 1]], { filters: 32, kernel: 3, use_bias: false }).total,
    ).toBe(3 * 3 * 1 * 32);
  });

  it('batchnorm on [64]: 256 in Keras of which 128 non-trainable; 128 in PyTorch', () => {
    expect(paramsOf('batchnorm', [[64]])).toEqual({
      trainable: 128,
      nonTrainable: 128,
      total: 256,
    });
    expect(paramsOf('batchnorm', [[64]], {}, 'torch')).toEqual({
      trainable: 128,
      nonTrainable: 0,
      total: 128,
    });
    expect(paramsOf('batchnorm', [[28, 28, 16]]).total).toBe(4 * 16);
  });

  it('layernorm: 2 · C in both conventions', () => {
    expect(paramsOf('layernorm', [[10, 64]]).total).toBe(128);
    expect(paramsOf('layernorm', [[10, 64]], {}, 'torch').total).toBe(128);
  });

  it('embedding: vocab · dim', () => {
    expect(paramsOf('embedding', [[100]], { vocab: 10000, dim: 64 }).total).toBe(10000 * 64);
  });

  it('rnn: Keras u(in + u + 1), torch u(in + u + 2)', () => {
    const [units, features] = [16, 8];
    expect(paramsOf('rnn', [[20, features]], { units }).total).toBe(units * (features + units + 1));
    expect(paramsOf('rnn', [[20, features]], { units }, 'torch').total).toBe(
      units * (features + units + 2),
    );
  });

  it('LSTM(64) on [100, 32]: 4·64·(32+64+1) in Keras, +4·64 in torch', () => {
    expect(paramsOf('lstm', [[100, 32]], { units: 64 }).total).toBe(4 * 64 * (32 + 64 + 1));
    expect(paramsOf('lstm', [[100, 32]], { units: 64 }).total).toBe(24832);
    expect(paramsOf('lstm', [[100, 32]], { units: 64 }, 'torch').total).toBe(
      4 * 64 * (32 + 64 + 1) + 4 * 64,
    );
  });

  it('GRU: Keras reset_after true 3u(in+u+2), false 3u(in+u+1); torch always 3u(in+u+2)', () => {
    const [units, features] = [64, 32];
    expect(paramsOf('gru', [[100, features]], { units }).total).toBe(
      3 * units * (features + units + 2),
    );
    expect(paramsOf('gru', [[100, features]], { units, reset_after: false }).total).toBe(
      3 * units * (features + units + 1),
    );
    expect(paramsOf('gru', [[100, features]], { units, reset_after: false }, 'torch').total).toBe(
      3 * units * (features + units + 2),
    );
    expect(paramsOf('gru', [[100, features]], { units, use_bias: false }).total).toBe(
      3 * units * (features + units),
    );
  });

  it('GRU keeps its Keras bias as [2, 3u] and torch biases as two [3u]', () => {
    const spec = catalogue.layers.get('gru')!;
    const args = withDefaults(spec.args, { units: 4 });
    const shapes = (convention: 'keras' | 'torch') =>
      layerWeightsFor(spec, [[5, 2]], args, [4], convention).map((weight) => [
        weight.name,
        weight.shape,
      ]);
    expect(shapes('keras')).toEqual([
      ['kernel', [2, 12]],
      ['recurrent_kernel', [4, 12]],
      ['bias', [2, 12]],
    ]);
    expect(shapes('torch')).toEqual([
      ['kernel', [2, 12]],
      ['recurrent_kernel', [4, 12]],
      ['bias', [12]],
      ['recurrent_bias', [12]],
    ]);
  });

  it('attention: Keras MultiHeadAttention(num_heads, key_dim) with query = key = value', () => {
    const [d, heads, keyDim] = [16, 2, 2];
    const projections = 3 * (d * heads * keyDim + heads * keyDim);
    const output = heads * keyDim * d + d;
    expect(paramsOf('attention', [[10, d]], { num_heads: heads, key_dim: keyDim }).total).toBe(
      projections + output,
    );
    expect(paramsOf('attention', [[10, d]], { num_heads: heads, key_dim: keyDim }).total).toBe(284);
    const valueDim = 3;
    expect(
      paramsOf('attention', [[10, d]], { num_heads: heads, key_dim: keyDim, value_dim: valueDim })
        .total,
    ).toBe(
      2 * (d * heads * keyDim + heads * keyDim) +
        (d * heads * valueDim + heads * valueDim) +
        heads * valueDim * d +
        d,
    );
    // key_dim defaults to d / heads: 4d² + 4d, like PyTorch's nn.MultiheadAttention(d, heads).
    expect(paramsOf('attention', [[10, 64]], { num_heads: 8 }).total).toBe(4 * 64 * 64 + 4 * 64);
  });

  it('prelu: one alpha per value in Keras, one shared alpha in torch', () => {
    expect(paramsOf('prelu', [[28, 28, 3]]).total).toBe(28 * 28 * 3);
    expect(paramsOf('prelu', [[28, 28, 3]], {}, 'torch').total).toBe(1);
    expect(paramsOf('relu', [[10]]).total).toBe(0);
  });

  it('weightless layers count zero', () => {
    for (const [layer, input] of [
      ['flatten', [28, 28]],
      ['dropout', [10]],
      ['maxpool2d', [4, 4, 2]],
      ['globalavgpool', [4, 4, 2]],
    ] as const) {
      expect(paramsOf(layer, [input], layer === 'dropout' ? { rate: 0.5 } : {}).total).toBe(0);
    }
    expect(paramsOf('add', [[8], [8]]).total).toBe(0);
  });
});

describe('whole models', () => {
  it('the Keras MNIST CNN totals 1,199,882', () => {
    const rows = chain(
      [28, 28, 1],
      [
        ['conv2d', { filters: 32, kernel: 3 }],
        ['conv2d', { filters: 64, kernel: 3 }],
        ['maxpool2d', { pool: 2 }],
        ['flatten'],
        ['dense', { units: 128 }],
        ['dense', { units: 10 }],
      ],
    );
    expect(rows.map((row) => [row.output, row.params])).toEqual([
      [[26, 26, 32], 320],
      [[24, 24, 64], 18496],
      [[12, 12, 64], 0],
      [[9216], 0],
      [[128], 1179776],
      [[10], 1290],
    ]);
    expect(totalParams(rows)).toBe(1199882);
  });

  it('LeNet-5 (conv 6@5 → pool → conv 16@5 → pool → conv 120@5 → 84 → 10) totals 61,706', () => {
    const rows = chain(
      [32, 32, 1],
      [
        ['conv2d', { filters: 6, kernel: 5 }],
        ['avgpool2d'],
        ['conv2d', { filters: 16, kernel: 5 }],
        ['avgpool2d'],
        ['conv2d', { filters: 120, kernel: 5 }],
        ['flatten'],
        ['dense', { units: 84 }],
        ['dense', { units: 10 }],
      ],
    );
    expect(rows.map((row) => row.output)).toEqual([
      [28, 28, 6],
      [14, 14, 6],
      [10, 10, 16],
      [5, 5, 16],
      [1, 1, 120],
      [120],
      [84],
      [10],
    ]);
    expect(rows.map((row) => row.params)).toEqual([
      (5 * 5 * 1 + 1) * 6,
      0,
      (5 * 5 * 6 + 1) * 16,
      0,
      (5 * 5 * 16 + 1) * 120,
      0,
      120 * 84 + 84,
      84 * 10 + 10,
    ]);
    expect(totalParams(rows)).toBe(61706);
  });

  it('the course exercise (40×40, 3 × dense 100, dense 10) totals 181,310', () => {
    const rows = chain(
      [40, 40],
      [
        ['flatten'],
        ['dense', { units: 100 }],
        ['dense', { units: 100 }],
        ['dense', { units: 100 }],
        ['dense', { units: 10 }],
      ],
    );
    expect(totalParams(rows)).toBe(181310);
  });

  it('dense → batchnorm counts non-trainable statistics only under Keras', () => {
    const steps: [string, Args?][] = [['dense', { units: 64 }], ['batchnorm']];
    const keras = chain([32], steps);
    const torch = chain([32], steps, 'torch');
    expect(keras.map((row) => row.nonTrainable)).toEqual([0, 128]);
    expect(totalParams(keras) - totalParams(torch)).toBe(128);
  });
});

describe('FLOPs (2 · multiply-adds per sample)', () => {
  it('dense and convolution', () => {
    expect(flopsOf('dense', [[784]], { units: 128 })).toBe(2 * 784 * 128);
    expect(flopsOf('conv2d', [[28, 28, 1]], { filters: 32, kernel: 3 })).toBe(
      2 * 3 * 3 * 1 * 32 * 26 * 26,
    );
  });

  it('recurrent layers per time step', () => {
    expect(flopsOf('lstm', [[100, 32]], { units: 64 })).toBe(2 * 100 * 4 * 64 * (32 + 64));
    expect(flopsOf('gru', [[100, 32]], { units: 64 })).toBe(2 * 100 * 3 * 64 * (32 + 64));
  });

  it('attention: projections, scores, mixing and output', () => {
    const [t, d, h, k] = [10, 64, 8, 8];
    expect(flopsOf('attention', [[t, d]], { num_heads: h })).toBe(
      2 * (t * d * h * 3 * k + t * t * h * 2 * k + t * h * k * d),
    );
  });
});
