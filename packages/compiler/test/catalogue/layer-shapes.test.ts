// Output shapes of every layer (Keras's rules, batch dimension excluded, channels last) and the
// problems the rules report: rank, window, merge, concat, reshape and other.

import { describe, expect, it } from 'vitest';
import { outputOf, shapeOf } from './helpers.js';

describe('core and reshaping layers', () => {
  it('dense maps [n] to [units] and rejects a 2-D input with a flatten hint', () => {
    expect(shapeOf('dense', [[784]], { units: 128 })).toEqual([128]);
    expect(outputOf('dense', [[28, 28]], { units: 10 })).toEqual({
      problem: { kind: 'rank', expected: 'a 1-D input [n]', found: [28, 28], suggestFlatten: true },
    });
  });

  it('perceptron defaults to one unit and needs a 1-D input', () => {
    expect(shapeOf('perceptron', [[2]])).toEqual([1]);
    expect(shapeOf('perceptron', [[2]], { units: 3 })).toEqual([3]);
    expect(outputOf('perceptron', [[2, 2]])).toMatchObject({
      problem: { kind: 'rank', suggestFlatten: true },
    });
  });

  it('flatten multiplies every axis', () => {
    expect(shapeOf('flatten', [[28, 28, 1]])).toEqual([784]);
    expect(shapeOf('flatten', [[40, 40]])).toEqual([1600]);
  });

  it('reshape keeps the count and infers one -1', () => {
    expect(shapeOf('reshape', [[784]], { shape: [28, 28, 1] })).toEqual([28, 28, 1]);
    expect(shapeOf('reshape', [[28, 28]], { shape: [-1] })).toEqual([784]);
    expect(shapeOf('reshape', [[784]], { shape: [28, -1] })).toEqual([28, 28]);
    expect(outputOf('reshape', [[784]], { shape: [10, 10] })).toEqual({
      problem: { kind: 'reshape', from: [784], to: [10, 10] },
    });
    expect(outputOf('reshape', [[784]], { shape: [5, -1] })).toMatchObject({
      problem: { kind: 'reshape' },
    });
    expect(outputOf('reshape', [[784]], { shape: [-1, -1] })).toMatchObject({
      problem: { kind: 'other', arg: 'shape' },
    });
  });

  it('dropout, batchnorm and layernorm keep the shape', () => {
    expect(shapeOf('dropout', [[10, 64]], { rate: 0.5 })).toEqual([10, 64]);
    expect(shapeOf('batchnorm', [[28, 28, 16]])).toEqual([28, 28, 16]);
    expect(shapeOf('layernorm', [[10, 64]])).toEqual([10, 64]);
    expect(outputOf('batchnorm', [[64]], { axis: 2 })).toMatchObject({
      problem: { kind: 'other', arg: 'axis' },
    });
  });

  it('embedding turns ids [T] into [T, dim]', () => {
    expect(shapeOf('embedding', [[100]], { vocab: 10000, dim: 64 })).toEqual([100, 64]);
  });
});

describe('convolution (Keras output sizes)', () => {
  it('valid: floor((n - d(k-1) - 1) / s) + 1', () => {
    expect(shapeOf('conv2d', [[28, 28, 1]], { filters: 32, kernel: 3 })).toEqual([26, 26, 32]);
    expect(shapeOf('conv2d', [[28, 28, 3]], { filters: 8, kernel: 3, strides: 2 })).toEqual([
      13, 13, 8,
    ]);
    expect(shapeOf('conv2d', [[28, 28, 3]], { filters: 8, kernel: 3, dilation: 2 })).toEqual([
      24, 24, 8,
    ]);
    expect(shapeOf('conv2d', [[32, 32, 3]], { filters: 16, kernel: [3, 5] })).toEqual([30, 28, 16]);
    expect(shapeOf('conv2d', [[32, 32, 3]], { filters: 16, kernel: 3, strides: [1, 2] })).toEqual([
      30, 15, 16,
    ]);
    expect(shapeOf('conv1d', [[100, 16]], { filters: 32, kernel: 5 })).toEqual([96, 32]);
  });

  it('same: ceil(n / s), even when the kernel is larger than the input', () => {
    expect(shapeOf('conv2d', [[28, 28, 3]], { filters: 8, kernel: 3, padding: 'same' })).toEqual([
      28, 28, 8,
    ]);
    expect(
      shapeOf('conv2d', [[28, 28, 3]], { filters: 8, kernel: 3, padding: 'same', strides: 2 }),
    ).toEqual([14, 14, 8]);
    expect(shapeOf('conv2d', [[3, 3, 1]], { filters: 4, kernel: 5, padding: 'same' })).toEqual([
      3, 3, 4,
    ]);
    expect(
      shapeOf('conv1d', [[100, 16]], { filters: 4, kernel: 3, padding: 'same', strides: 3 }),
    ).toEqual([34, 4]);
  });

  it('reports a window problem when a valid kernel does not fit', () => {
    expect(outputOf('conv2d', [[3, 3, 1]], { filters: 4, kernel: 5 })).toMatchObject({
      problem: { kind: 'window', arg: 'kernel' },
    });
    expect(outputOf('conv1d', [[4, 2]], { filters: 4, kernel: 3, dilation: 2 })).toMatchObject({
      problem: { kind: 'window' },
    });
  });

  it('reports a rank problem with a channel hint for a 2-D image', () => {
    const result = outputOf('conv2d', [[28, 28]], { filters: 32, kernel: 3 });
    expect(result).toMatchObject({
      problem: { kind: 'rank', expected: 'a 3-D input [height, width, channels]', found: [28, 28] },
    });
    expect('problem' in result && result.problem.kind === 'rank' && result.problem.help).toContain(
      'reshape([28, 28, 1])',
    );
    expect(outputOf('conv1d', [[100]], { filters: 4, kernel: 3 })).toMatchObject({
      problem: { kind: 'rank' },
    });
  });

  it('rejects strides > 1 together with dilation > 1', () => {
    expect(
      outputOf('conv2d', [[28, 28, 1]], { filters: 4, kernel: 3, strides: 2, dilation: 2 }),
    ).toMatchObject({
      problem: { kind: 'other', arg: 'dilation' },
    });
  });
});

describe('pooling', () => {
  it('strides default to the pool size', () => {
    expect(shapeOf('maxpool2d', [[24, 24, 64]])).toEqual([12, 12, 64]);
    expect(shapeOf('maxpool2d', [[5, 5, 3]], { pool: 2 })).toEqual([2, 2, 3]);
    expect(shapeOf('maxpool2d', [[5, 5, 3]], { pool: 2, padding: 'same' })).toEqual([3, 3, 3]);
    expect(shapeOf('maxpool2d', [[13, 13, 3]], { pool: 3, strides: 2 })).toEqual([6, 6, 3]);
    expect(shapeOf('avgpool2d', [[28, 28, 6]])).toEqual([14, 14, 6]);
    expect(shapeOf('maxpool1d', [[100, 8]], { pool: 4 })).toEqual([25, 8]);
  });

  it('reports a window problem when the pool is larger than the input', () => {
    expect(outputOf('maxpool2d', [[1, 1, 8]])).toMatchObject({
      problem: { kind: 'window', arg: 'pool' },
    });
  });

  it('globalavgpool keeps only the channels', () => {
    expect(shapeOf('globalavgpool', [[7, 7, 512]])).toEqual([512]);
    expect(shapeOf('globalavgpool', [[10, 64]])).toEqual([64]);
    expect(outputOf('globalavgpool', [[64]])).toMatchObject({ problem: { kind: 'rank' } });
  });
});

describe('recurrent and attention', () => {
  it.each(['rnn', 'lstm', 'gru'])('%s returns the last state or the whole sequence', (layer) => {
    expect(shapeOf(layer, [[100, 32]], { units: 64 })).toEqual([64]);
    expect(shapeOf(layer, [[100, 32]], { units: 64, return_sequences: true })).toEqual([100, 64]);
    const result = outputOf(layer, [[32]], { units: 64 });
    expect(result).toMatchObject({
      problem: { kind: 'rank', expected: 'a 2-D input [timesteps, features]' },
    });
    expect('problem' in result && result.problem.kind === 'rank' && result.problem.help).toContain(
      'reshape([32, 1])',
    );
  });

  it('attention keeps [timesteps, d] and needs key_dim when heads do not divide d', () => {
    expect(shapeOf('attention', [[10, 64]], { num_heads: 8 })).toEqual([10, 64]);
    expect(outputOf('attention', [[10, 64]], { num_heads: 5 })).toMatchObject({
      problem: { kind: 'other', arg: 'num_heads' },
    });
    expect(shapeOf('attention', [[10, 64]], { num_heads: 5, key_dim: 16 })).toEqual([10, 64]);
    expect(outputOf('attention', [[64]], { num_heads: 2 })).toMatchObject({
      problem: { kind: 'rank' },
    });
  });
});

describe('merges', () => {
  it('add and multiply need equal shapes', () => {
    expect(shapeOf('add', [[64], [64], [64]])).toEqual([64]);
    expect(
      shapeOf('multiply', [
        [8, 8, 3],
        [8, 8, 3],
      ]),
    ).toEqual([8, 8, 3]);
    expect(outputOf('add', [[64], [32]])).toEqual({
      problem: { kind: 'merge', shapes: [[64], [32]] },
    });
    expect(outputOf('multiply', [[4, 4], [16]])).toMatchObject({ problem: { kind: 'merge' } });
  });

  it('concat joins along axis (default -1) and checks the other axes', () => {
    expect(
      shapeOf('concat', [
        [8, 8, 16],
        [8, 8, 32],
      ]),
    ).toEqual([8, 8, 48]);
    expect(shapeOf('concat', [[10], [20], [5]])).toEqual([35]);
    expect(
      shapeOf(
        'concat',
        [
          [3, 8],
          [5, 8],
        ],
        { axis: 0 },
      ),
    ).toEqual([8, 8]);
    expect(
      outputOf('concat', [
        [8, 8, 16],
        [4, 4, 16],
      ]),
    ).toMatchObject({ problem: { kind: 'concat' } });
    expect(
      outputOf('concat', [
        [8, 16],
        [8, 8, 16],
      ]),
    ).toMatchObject({ problem: { kind: 'concat' } });
    expect(outputOf('concat', [[8], [8]], { axis: 1 })).toMatchObject({
      problem: { kind: 'concat' },
    });
  });
});
