// Shuffling, splitting and batching: permutations, splits that are disjoint and cover the data,
// and a Batcher that gives every sample exactly once per epoch from buffers allocated once.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/core/prng.js';
import {
  Batcher,
  DataError,
  shuffleIndices,
  splitDataset,
  type Dataset,
} from '../../src/data/index.js';

/** Sample s has inputs [s, −s] and target s (class index), so batches show which samples they hold. */
function numbered(count: number): Dataset {
  const inputs = new Float32Array(count * 2);
  for (let s = 0; s < count; s++) inputs.set([s, -s], 2 * s);
  const targets = Int32Array.from({ length: count }, (_, s) => s);
  return {
    inputs,
    targets,
    count,
    inputShape: [2],
    targetShape: [],
    classes: count,
    task: 'classification',
  };
}

const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);
const range = (n: number) => [...Array(n).keys()];

describe('shuffleIndices', () => {
  it('gives a permutation that depends only on the seed', () => {
    const order = shuffleIndices(1000, new Prng(3));
    expect(sorted(order)).toEqual(range(1000));
    expect(order).toEqual(shuffleIndices(1000, new Prng(3)));
    expect(order).not.toEqual(shuffleIndices(1000, new Prng(4)));
  });
});

describe('splitDataset', () => {
  it('splits by fractions into disjoint parts that cover every sample', () => {
    const dataset = numbered(101);
    const parts = splitDataset(dataset, [0.8, 0.1, 0.1], 42);
    expect(parts.map((part) => part.count)).toEqual([81, 10, 10]);
    const all = parts.flatMap((part) => Array.from(part.targets));
    expect(sorted(all)).toEqual(range(101));
    for (const part of parts) {
      for (let k = 0; k < part.count; k++) expect(part.inputs[2 * k]).toBe(part.targets[k]);
      expect(part).toMatchObject({
        inputShape: [2],
        targetShape: [],
        classes: 101,
        task: 'classification',
      });
    }
    expect(Array.from(parts[0].targets.subarray(0, 10))).not.toEqual(range(10));
  });

  it('repeats for a seed, allows an empty part and leaves out the test set', () => {
    const dataset = { ...numbered(50), testSet: numbered(5) };
    const [train, validation] = splitDataset(dataset, [1, 0], 7);
    expect([train.count, validation.count]).toEqual([50, 0]);
    expect(train.testSet).toBeUndefined();
    expect(splitDataset(dataset, [0.5, 0.5], 7)[0].targets).toEqual(
      splitDataset(dataset, [0.5, 0.5], 7)[0].targets,
    );
  });

  it('refuses fractions that do not add up to 1', () => {
    expect(() => splitDataset(numbered(10), [0.8, 0.1], 1)).toThrow(DataError);
    expect(() => splitDataset(numbered(10), [0.8, 0.1], 1)).toThrow(
      'expected split fractions >= 0 adding up to 1, found [0.8, 0.1]',
    );
  });
});

/** Runs one epoch and returns the samples of each batch (read back from the buffers). */
function epoch(batcher: Batcher): number[][] {
  batcher.startEpoch();
  const batches: number[][] = [];
  for (let size = batcher.nextBatch(); size > 0; size = batcher.nextBatch()) {
    const samples = range(size).map((b) => batcher.inputs[2 * b]);
    for (let b = 0; b < size; b++) {
      expect(batcher.inputs[2 * b + 1]).toBe(-samples[b]);
      expect(batcher.targets[b]).toBe(samples[b]);
    }
    batches.push(samples);
  }
  return batches;
}

describe('Batcher', () => {
  it.each([1, 7, 25, 40, 1000])(
    'gives every sample exactly once per epoch with batch %d',
    (batchSize) => {
      const batcher = new Batcher(numbered(40), { batchSize, prng: new Prng(1) });
      const { inputs, targets } = batcher;
      for (let e = 0; e < 3; e++) {
        const batches = epoch(batcher);
        expect(batches).toHaveLength(Math.ceil(40 / Math.min(batchSize, 40)));
        expect(
          batches.slice(0, -1).every((batch) => batch.length === Math.min(batchSize, 40)),
        ).toBe(true);
        expect(batches.at(-1)).toHaveLength(40 - (batches.length - 1) * Math.min(batchSize, 40));
        expect(sorted(batches.flat())).toEqual(range(40));
      }
      expect(batcher.inputs).toBe(inputs);
      expect(batcher.targets).toBe(targets);
      expect(batcher.targets).toBeInstanceOf(Int32Array);
    },
  );

  it('holds a full batch when the batch is at least the data set, and single samples with batch 1', () => {
    expect(new Batcher(numbered(4), { batchSize: 32, shuffle: false })).toMatchObject({
      batchSize: 4,
      batchesPerEpoch: 1,
    });
    expect(new Batcher(numbered(4), { batchSize: 32, shuffle: false }).inputs).toHaveLength(8);
    expect(new Batcher(numbered(4), { batchSize: 1, shuffle: false })).toMatchObject({
      batchSize: 1,
      batchesPerEpoch: 4,
    });
  });

  it('reshuffles each epoch when shuffling and keeps the order otherwise', () => {
    const shuffled = new Batcher(numbered(30), { batchSize: 30, prng: new Prng(2) });
    expect(epoch(shuffled)[0]).not.toEqual(epoch(shuffled)[0]);
    const ordered = new Batcher(numbered(30), { batchSize: 8, shuffle: false });
    expect(epoch(ordered).flat()).toEqual(range(30));
    expect(epoch(ordered).flat()).toEqual(range(30));
  });

  it('copies multi-value float targets with their sample', () => {
    const dataset: Dataset = {
      inputs: Float32Array.from([0, 1, 2]),
      targets: Float32Array.from([0, 0.5, 1, 1.5, 2, 2.5]),
      count: 3,
      inputShape: [1],
      targetShape: [2],
      task: 'regression',
    };
    const batcher = new Batcher(dataset, { batchSize: 2, prng: new Prng(5) });
    batcher.startEpoch();
    const size = batcher.nextBatch();
    for (let b = 0; b < size; b++) {
      const s = batcher.inputs[b];
      expect([batcher.targets[2 * b], batcher.targets[2 * b + 1]]).toEqual([s, s + 0.5]);
    }
  });
});
