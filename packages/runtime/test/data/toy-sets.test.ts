// Toy data sets: shapes, label balance, bit-for-bit determinism for a seed, and one property of each
// set's geometry (truth tables, spiral radii, moon and circle curves, blob clusters, N(0, 1) noise).

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/core/prng.js';
import {
  makeAnd,
  makeBlobs,
  makeCircles,
  makeFunctionData,
  makeMoons,
  makeOr,
  makeRandom,
  makeSpiral,
  makeXor,
  DataError,
  type Dataset,
} from '../../src/data/index.js';

function labelCounts(dataset: Dataset): number[] {
  const counts: number[] = [];
  for (const label of dataset.targets) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

function expectRepeatable(make: (prng: Prng) => Dataset): void {
  const first = make(new Prng(7));
  const again = make(new Prng(7));
  const other = make(new Prng(8));
  expect(again.inputs).toEqual(first.inputs);
  expect(again.targets).toEqual(first.targets);
  expect(other.inputs).not.toEqual(first.inputs);
}

const radius = (inputs: ArrayLike<number>, s: number, cx = 0, cy = 0) =>
  Math.hypot(inputs[2 * s] - cx, inputs[2 * s + 1] - cy);

describe('truth tables', () => {
  it.each([
    ['xor', makeXor, [0, 1, 1, 0]],
    ['or', makeOr, [0, 1, 1, 1]],
    ['and', makeAnd, [0, 0, 0, 1]],
  ] as const)('%s gives the four rows with binary targets', (_name, make, expected) => {
    const dataset = make();
    expect(dataset).toMatchObject({ count: 4, inputShape: [2], targetShape: [1], task: 'binary' });
    expect(Array.from(dataset.inputs)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(dataset.targets)).toEqual(expected);
    for (let s = 0; s < 4; s++) {
      const [a, b] = [dataset.inputs[2 * s], dataset.inputs[2 * s + 1]];
      const truth = _name === 'xor' ? a !== b : _name === 'or' ? a || b : a && b;
      expect(dataset.targets[s]).toBe(truth ? 1 : 0);
    }
  });
});

describe('spiral', () => {
  it('has points × classes samples, balanced classes and radius linspace(0, 1, points)', () => {
    const dataset = makeSpiral({ points: 50, classes: 4, noise: 0.2 }, new Prng(1));
    expect(dataset).toMatchObject({
      count: 200,
      inputShape: [2],
      targetShape: [],
      classes: 4,
      task: 'classification',
    });
    expect(dataset.targets).toBeInstanceOf(Int32Array);
    expect(labelCounts(dataset)).toEqual([50, 50, 50, 50]);
    for (let s = 0; s < 200; s++) expect(radius(dataset.inputs, s)).toBeCloseTo((s % 50) / 49, 5);
  });

  it('without noise puts sample i of class j at angle 4j + 4i / (points − 1) (CS231n)', () => {
    const dataset = makeSpiral({ points: 10, classes: 3, noise: 0 }, new Prng(1));
    const s = 2 * 10 + 5;
    const angle = 8 + (4 * 5) / 9;
    const r = 5 / 9;
    expect(dataset.inputs[2 * s]).toBeCloseTo(r * Math.sin(angle), 6);
    expect(dataset.inputs[2 * s + 1]).toBeCloseTo(r * Math.cos(angle), 6);
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) => makeSpiral({ points: 100, classes: 3, noise: 0.2 }, prng));
  });
});

describe('moons', () => {
  it('without noise lays the two half circles of make_moons', () => {
    const dataset = makeMoons({ samples: 101, noise: 0 }, new Prng(1));
    expect(dataset).toMatchObject({
      count: 101,
      inputShape: [2],
      targetShape: [1],
      task: 'binary',
    });
    expect(labelCounts(dataset)).toEqual([50, 51]);
    for (let s = 0; s < 101; s++) {
      const upper = dataset.targets[s] === 0;
      expect(radius(dataset.inputs, s, upper ? 0 : 1, upper ? 0 : 0.5)).toBeCloseTo(1, 6);
      if (upper) expect(dataset.inputs[2 * s + 1]).toBeGreaterThanOrEqual(-1e-7);
      else expect(dataset.inputs[2 * s + 1]).toBeLessThanOrEqual(0.5 + 1e-7);
    }
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) => makeMoons({ samples: 200, noise: 0.1 }, prng));
  });
});

describe('circles', () => {
  it('puts the inner class (1) on radius factor and the outer (0) on radius 1', () => {
    const dataset = makeCircles({ samples: 200, noise: 0, factor: 0.3 }, new Prng(1));
    expect(dataset).toMatchObject({
      count: 200,
      inputShape: [2],
      targetShape: [1],
      task: 'binary',
    });
    expect(labelCounts(dataset)).toEqual([100, 100]);
    for (let s = 0; s < 200; s++) {
      expect(radius(dataset.inputs, s)).toBeCloseTo(dataset.targets[s] === 1 ? 0.3 : 1, 6);
    }
  });

  it('keeps the inner radius below the outer one on average with noise', () => {
    const dataset = makeCircles({ samples: 400, noise: 0.05, factor: 0.5 }, new Prng(3));
    const mean = [0, 0];
    for (let s = 0; s < 400; s++) mean[dataset.targets[s]] += radius(dataset.inputs, s) / 200;
    expect(mean[1]).toBeLessThan(mean[0]);
    expect(mean[1]).toBeCloseTo(0.5, 1);
    expect(mean[0]).toBeCloseTo(1, 1);
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) => makeCircles({ samples: 200, noise: 0.05, factor: 0.5 }, prng));
  });
});

describe('blobs', () => {
  it('splits samples over the centres and keeps tight clusters apart', () => {
    const dataset = makeBlobs({ samples: 301, centers: 3, features: 4, std: 0.01 }, new Prng(5));
    expect(dataset).toMatchObject({
      count: 301,
      inputShape: [4],
      targetShape: [],
      classes: 3,
      task: 'classification',
    });
    expect(labelCounts(dataset)).toEqual([101, 100, 100]);
    const means = [0, 1, 2].map((c) => {
      const members = [...Array(301).keys()].filter((s) => dataset.targets[s] === c);
      return [0, 1, 2, 3].map(
        (f) => members.reduce((sum, s) => sum + dataset.inputs[4 * s + f], 0) / members.length,
      );
    });
    for (let s = 0; s < 301; s++) {
      const distances = means.map((mean) =>
        Math.hypot(...mean.map((m, f) => dataset.inputs[4 * s + f] - m)),
      );
      expect(distances.indexOf(Math.min(...distances))).toBe(dataset.targets[s]);
    }
    for (const mean of means) for (const value of mean) expect(Math.abs(value)).toBeLessThan(10.1);
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) => makeBlobs({ samples: 300, centers: 3, features: 2, std: 1 }, prng));
  });
});

describe('random', () => {
  it('draws inputs and targets from N(0, 1)', () => {
    const dataset = makeRandom({ inputs: 5, outputs: 2, samples: 2000 }, new Prng(9));
    expect(dataset).toMatchObject({
      count: 2000,
      inputShape: [5],
      targetShape: [2],
      task: 'regression',
    });
    expect(dataset.inputs).toHaveLength(10_000);
    expect(dataset.targets).toHaveLength(4000);
    const values = Array.from(dataset.inputs);
    const mean = values.reduce((sum, v) => sum + v, 0) / 10_000;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 10_000;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) => makeRandom({ inputs: 3, outputs: 1, samples: 10 }, prng));
  });
});

describe('function', () => {
  it('gives y = expr(x) exactly without noise, x inside the range', () => {
    const dataset = makeFunctionData(
      { expr: 'sin(3*x)', noise: 0, samples: 300, range: [-2, 3] },
      new Prng(4),
    );
    expect(dataset).toMatchObject({
      count: 300,
      inputShape: [1],
      targetShape: [1],
      task: 'regression',
    });
    for (let s = 0; s < 300; s++) {
      const x = dataset.inputs[s];
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThan(3);
      expect(dataset.targets[s]).toBe(Math.fround(Math.sin(3 * x)));
    }
  });

  it('adds noise of the given deviation', () => {
    const dataset = makeFunctionData(
      { expr: '2*x + 1', noise: 0.5, samples: 4000, range: [-1, 1] },
      new Prng(4),
    );
    let squares = 0;
    for (let s = 0; s < 4000; s++)
      squares += (dataset.targets[s] - (2 * dataset.inputs[s] + 1)) ** 2;
    expect(Math.sqrt(squares / 4000)).toBeCloseTo(0.5, 1);
  });

  it('reports values that are not finite and a malformed range', () => {
    const logOfNegative = () =>
      makeFunctionData({ expr: 'log(x)', noise: 0, samples: 50, range: [-1, 1] }, new Prng(1));
    expect(logOfNegative).toThrow(DataError);
    expect(logOfNegative).toThrow(/expected a finite value, found NaN at x = -/);
    expect(() =>
      makeFunctionData({ expr: 'x', noise: 0, samples: 5, range: [1] }, new Prng(1)),
    ).toThrow('function: expected range = [low, high] with low < high, found [1]');
  });

  it('repeats bit for bit for a seed', () => {
    expectRepeatable((prng) =>
      makeFunctionData({ expr: 'x^2', noise: 0.1, samples: 20, range: [-1, 1] }, prng),
    );
  });
});
