// The search space and the pruners against hand-worked answers: grid sizes and order with nested
// choices, seeded samples inside their ranges (log-uniform spread by decades), the median and
// successive-halving decisions, and the main-effect importance on data with a known answer.

import { describe, expect, it } from 'vitest';
import {
  gridConfigurations,
  gridSize,
  sampleConfiguration,
  seededRandom,
  type Dimension,
} from '../../packages/compiler/src/search/space.js';
import { createPruner, medianOf } from '../../packages/compiler/src/search/pruners.js';
import { mainEffects } from '../../packages/compiler/src/search/importance.js';
import type { TrialRecord } from '../../packages/compiler/src/search/runner.js';

const choice = (...values: (number | string)[]) => ({
  kind: 'choice' as const,
  values: values.map((v) => ({
    text: String(v),
    label: String(v),
    ...(typeof v === 'number' ? { number: v } : {}),
    nested: [],
  })),
});

const optimizer: Dimension = {
  key: 'optimizer',
  distribution: {
    kind: 'choice',
    values: [
      {
        text: 'sgd(lr = 0.1)',
        label: 'sgd',
        nested: [{ key: 'momentum', distribution: choice(0, 0.9) }],
      },
      { text: 'adam', label: 'adam', nested: [] },
    ],
  },
};

describe('search space', () => {
  it('counts and walks a grid with an argument searched inside one choice', () => {
    const dims: Dimension[] = [
      { key: 'width', distribution: choice(32, 64) },
      { key: 'depth', distribution: { kind: 'integers', low: 1, high: 3 } },
      optimizer,
    ];
    // 2 widths × 3 depths × (2 momenta for sgd + adam) = 18.
    expect(gridSize(dims)).toBe(18);
    const grid = gridConfigurations(dims);
    expect(grid).toHaveLength(18);
    expect(grid[0].overrides).toEqual([
      { key: 'width', value: '32' },
      { key: 'depth', value: '1' },
      { key: 'optimizer', value: 'sgd(lr = 0.1, momentum = 0)' },
    ]);
    expect(grid[2].values).toEqual({ width: 32, depth: 1, optimizer: 'adam' });
    expect(new Set(grid.map((g) => JSON.stringify(g.values))).size).toBe(18);
    expect(
      gridSize([{ key: 'lr', distribution: { kind: 'loguniform', low: 1e-4, high: 1 } }]),
    ).toBe(Infinity);
  });

  it('samples the same points from the same seed, inside each range', () => {
    const dims: Dimension[] = [
      { key: 'lr', distribution: { kind: 'loguniform', low: 1e-4, high: 1 } },
      { key: 'rate', distribution: { kind: 'uniform', low: 0, high: 0.5 } },
      { key: 'depth', distribution: { kind: 'integers', low: 1, high: 3 } },
    ];
    const a = Array.from(
      { length: 400 },
      (
        (r) => () =>
          sampleConfiguration(dims, r)
      )(seededRandom(5)),
    );
    const b = Array.from(
      { length: 400 },
      (
        (r) => () =>
          sampleConfiguration(dims, r)
      )(seededRandom(5)),
    );
    expect(a).toEqual(b);
    const lrs = a.map((c) => c.values.lr as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1);
    // Log-uniform: each of the 4 decades holds about a quarter of the samples (not 90 % in the last).
    for (let e = -4; e < 0; e++) {
      const share = lrs.filter((v) => v >= 10 ** e && v < 10 ** (e + 1)).length / lrs.length;
      expect(share).toBeGreaterThan(0.17);
      expect(share).toBeLessThan(0.33);
    }
    expect(new Set(a.map((c) => c.values.depth))).toEqual(new Set([1, 2, 3]));
    expect(a.every((c) => (c.values.rate as number) >= 0 && (c.values.rate as number) <= 0.5)).toBe(
      true,
    );
  });
});

describe('pruners', () => {
  it('median: stops a trial below the median of the others at the same epoch, after the warm-up', () => {
    const pruner = createPruner('median', { maximize: true, warmup: 2, reduction: 3 });
    for (const [trial, values] of [
      [1, [0.5, 0.6]],
      [2, [0.6, 0.7]],
      [3, [0.7, 0.8]],
      [4, [0.8, 0.9]],
    ] as const)
      pruner.replay(trial, values);
    // At epoch 2 the others are 0.6, 0.7, 0.8, 0.9: the median is 0.75.
    expect(pruner.report(5, 1, 0.1)).toBe('continue'); // warm-up
    expect(pruner.report(5, 2, 0.74)).toBe('prune');
    expect(pruner.report(6, 2, 0.76)).toBe('continue');
    expect(medianOf([3, 1, 2, 10])).toBe(2.5);
  });

  it('successive halving: at a rung keeps the best 1/η of those that reached it', () => {
    const pruner = createPruner('asha', { maximize: false, warmup: 1, reduction: 3 });
    // Rungs at epochs 1, 3, 9. The first two at a rung go on (too few to rank).
    expect(pruner.report(1, 1, 0.5)).toBe('continue');
    expect(pruner.report(2, 1, 0.4)).toBe('continue');
    expect(pruner.report(3, 2, 9)).toBe('continue'); // not a rung
    // Third at rung 1: values 0.5, 0.4, 0.6 → keep the best 1 (0.4): 0.6 stops.
    expect(pruner.report(3, 1, 0.6)).toBe('prune');
    expect(pruner.report(4, 1, 0.3)).toBe('continue'); // 0.3 is the best of four
  });
});

describe('main-effect importance', () => {
  it('gives all the variance to the key the metric depends on, none to noise-free others', () => {
    const records = [0, 1, 2, 3, 4, 5, 6, 7].map((i): TrialRecord => ({
      trial: i + 1,
      values: { act: i % 2 ? 'relu' : 'tanh', width: i < 4 ? 32 : 64 },
      overrides: [],
      seed: 0,
      status: 'complete',
      metric: i % 2 ? 0.9 : 0.5,
      params: 1,
      curve: [],
      losses: [],
      seconds: 0,
    }));
    const effects = mainEffects(records, ['act', 'width'], 'val_accuracy');
    expect(effects[0]).toEqual({ key: 'act', share: 1 });
    expect(effects[1].share).toBeCloseTo(0, 12);
  });
});
