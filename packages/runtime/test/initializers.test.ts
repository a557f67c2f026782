// Initializers: Keras fans for dense and conv shapes, the ranges and variances of each
// distribution, truncation at two standard deviations, orthogonality, and determinism by seed.

import { describe, expect, it } from 'vitest';
import {
  computeFans,
  initializerNames,
  initializerTable,
  type InitializerName,
} from '../src/core/initializers.js';
import { Prng } from '../src/core/prng.js';

function statistics(values: Float32Array): {
  mean: number;
  variance: number;
  min: number;
  max: number;
} {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    squares += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  return { mean, variance: squares / values.length - mean * mean, min, max };
}

function initialize(name: InitializerName, shape: number[], seed = 1, options = {}): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(Number.NaN);
  initializerTable[name](out, shape, new Prng(seed), options);
  return out;
}

describe('computeFans (keras compute_fans)', () => {
  it('handles scalars, vectors, dense kernels and conv kernels', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([784, 100])).toEqual({ fanIn: 784, fanOut: 100 });
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(computeFans([5, 8, 4])).toEqual({ fanIn: 40, fanOut: 20 });
  });
});

describe('initializers', () => {
  it('the table holds every initializer the language names', () => {
    expect([...initializerNames].sort()).toEqual(
      [
        'zeros',
        'ones',
        'constant',
        'uniform',
        'normal',
        'truncated_normal',
        'glorot_uniform',
        'glorot_normal',
        'he_uniform',
        'he_normal',
        'lecun_uniform',
        'lecun_normal',
        'orthogonal',
        'unit_forget_bias',
      ].sort(),
    );
  });

  it('zeros, ones and constant fill', () => {
    expect(Array.from(initialize('zeros', [2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(initialize('ones', [4]))).toEqual([1, 1, 1, 1]);
    expect(Array.from(initialize('constant', [3], 1, { value: 0.25 }))).toEqual([0.25, 0.25, 0.25]);
  });

  // [name, shape, limit for uniform | standard deviation for normal]
  const uniformCases: [InitializerName, number[], number][] = [
    ['uniform', [200, 100], 0.05],
    ['glorot_uniform', [200, 100], Math.sqrt(6 / 300)],
    ['he_uniform', [3, 3, 20, 40], Math.sqrt(6 / 180)],
    ['lecun_uniform', [300, 50], Math.sqrt(3 / 300)],
  ];
  for (const [name, shape, limit] of uniformCases) {
    it(`${name} ${JSON.stringify(shape)} is uniform on ±${limit.toFixed(4)}`, () => {
      const { mean, variance, min, max } = statistics(initialize(name, shape));
      expect(min).toBeGreaterThanOrEqual(-limit);
      expect(max).toBeLessThan(limit);
      expect(max).toBeGreaterThan(0.99 * limit);
      expect(Math.abs(mean)).toBeLessThan(0.02 * limit);
      expect(variance / ((limit * limit) / 3)).toBeCloseTo(1, 1);
    });
  }

  const normalCases: [InitializerName, number[], number][] = [
    ['normal', [200, 100], 0.05],
    ['truncated_normal', [200, 100], 0.05 * 0.8796256610342398],
    ['glorot_normal', [200, 100], Math.sqrt(2 / 300)],
    ['he_normal', [3, 3, 20, 40], Math.sqrt(2 / 180)],
    ['lecun_normal', [300, 50], Math.sqrt(1 / 300)],
  ];
  for (const [name, shape, deviation] of normalCases) {
    it(`${name} ${JSON.stringify(shape)} has standard deviation ${deviation.toFixed(4)}`, () => {
      const { mean, variance, min, max } = statistics(initialize(name, shape));
      expect(Math.abs(mean)).toBeLessThan(0.02 * deviation);
      expect(Math.sqrt(variance) / deviation).toBeCloseTo(1, 1.5);
      if (name !== 'normal') {
        // truncated at two standard deviations of the untruncated normal
        const bound = 2 * (name === 'truncated_normal' ? 0.05 : deviation / 0.8796256610342398);
        expect(Math.max(-min, max)).toBeLessThanOrEqual(bound * (1 + 1e-6));
      } else {
        expect(Math.max(-min, max)).toBeGreaterThan(3 * deviation);
      }
    });
  }

  it('honours the options of uniform, normal and truncated_normal', () => {
    const u = statistics(initialize('uniform', [10000], 2, { minimum: 2, maximum: 3 }));
    expect(u.min).toBeGreaterThanOrEqual(2);
    expect(u.max).toBeLessThan(3);
    const n = statistics(initialize('normal', [10000], 2, { mean: 5, standardDeviation: 0.5 }));
    expect(n.mean).toBeCloseTo(5, 1);
    expect(Math.sqrt(n.variance)).toBeCloseTo(0.5, 1);
    const t = statistics(
      initialize('truncated_normal', [10000], 2, { mean: -1, standardDeviation: 0.1 }),
    );
    expect(t.min).toBeGreaterThanOrEqual(-1.2 - 1e-6);
    expect(t.max).toBeLessThanOrEqual(-0.8 + 1e-6);
  });

  it('orthogonal gives orthonormal columns (tall) or rows (wide), times the gain', () => {
    for (const [rows, cols] of [
      [8, 5],
      [5, 8],
      [6, 6],
    ]) {
      const gain = 1.5;
      const w = initialize('orthogonal', [rows, cols], 3, { gain });
      const short = Math.min(rows, cols);
      for (let a = 0; a < short; a++) {
        for (let b = 0; b < short; b++) {
          let product = 0;
          for (let k = 0; k < Math.max(rows, cols); k++) {
            product +=
              rows >= cols ? w[k * cols + a] * w[k * cols + b] : w[a * cols + k] * w[b * cols + k];
          }
          expect(product).toBeCloseTo(a === b ? gain * gain : 0, 5);
        }
      }
    }
    const conv = initialize('orthogonal', [3, 3, 4, 8]); // flattened to [36, 8]
    let norm = 0;
    for (let k = 0; k < 36; k++) norm += conv[k * 8] ** 2;
    expect(norm).toBeCloseTo(1, 5);
    expect(() => initialize('orthogonal', [5])).toThrow(RangeError);
  });

  it('same seed, same weights; another seed, other weights', () => {
    for (const name of initializerNames) {
      expect(initialize(name, [4, 6], 9), name).toEqual(initialize(name, [4, 6], 9));
      if (!['zeros', 'ones', 'constant', 'unit_forget_bias'].includes(name)) {
        expect(initialize(name, [4, 6], 9), name).not.toEqual(initialize(name, [4, 6], 10));
      }
    }
  });
});

describe('unit_forget_bias', () => {
  it('is zero but for the forget gate of an LSTM bias [i f c o]', () => {
    const out = new Float32Array(12);
    initializerTable.unit_forget_bias(out, [12], new Prng(0));
    expect(Array.from(out)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
