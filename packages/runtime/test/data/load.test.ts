// loadDataSource: the catalogue's defaults, seeds, paths relative to baseDir, caller bugs (unknown
// source or argument) as TypeError, user mistakes as DataError; checkSampleShapes' messages.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkSampleShapes,
  DataError,
  dataSourceArguments,
  dataSourceNames,
  loadDataSource,
} from '../../src/data/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('loadDataSource', () => {
  it('knows every source of the language', () => {
    expect([...dataSourceNames].sort()).toEqual(
      [
        'and',
        'blobs',
        'circles',
        'csv',
        'fashion_mnist',
        'function',
        'graph',
        'idx',
        'json',
        'karate_club',
        'mnist',
        'moons',
        'or',
        'random',
        'spiral',
        'xor',
      ].sort(),
    );
  });

  it('lists the arguments and defaults of each source', () => {
    expect(dataSourceArguments('circles')).toEqual({
      required: [],
      defaults: { samples: 200, noise: 0.05, factor: 0.5 },
    });
    expect(dataSourceArguments('function').required).toEqual(['expr']);
  });

  it.each([
    ['xor', {}, { count: 4, inputShape: [2], targetShape: [1], task: 'binary' }],
    ['spiral', {}, { count: 300, inputShape: [2], classes: 3, task: 'classification' }],
    ['spiral', { points: 10, classes: 5 }, { count: 50, classes: 5 }],
    ['moons', {}, { count: 200, task: 'binary' }],
    ['circles', { factor: 0.2 }, { count: 200, task: 'binary' }],
    ['blobs', {}, { count: 300, inputShape: [2], classes: 3 }],
    ['blobs', { features: 5, centers: 4, std: 0.5 }, { inputShape: [5], classes: 4 }],
    [
      'function',
      { expr: 'x^2' },
      { count: 200, inputShape: [1], targetShape: [1], task: 'regression' },
    ],
    [
      'random',
      { inputs: 8 },
      { count: 100, inputShape: [8], targetShape: [1], task: 'regression' },
    ],
  ])('loads %s %j with the catalogue defaults', (name, args, expected) => {
    expect(loadDataSource(name, args, { seed: 1 })).toMatchObject(expected);
  });

  it('gives the same data for the same seed and other data for another', () => {
    const first = loadDataSource('spiral', { noise: 0.3 }, { seed: 11 });
    expect(loadDataSource('spiral', { noise: 0.3 }, { seed: 11 }).inputs).toEqual(first.inputs);
    expect(loadDataSource('spiral', { noise: 0.3 }, { seed: 12 }).inputs).not.toEqual(first.inputs);
  });

  it('resolves file paths against baseDir', () => {
    const dataset = loadDataSource(
      'csv',
      { path: 'titanic-sample.csv', target: 'Survived' },
      { baseDir: fixtures },
    );
    expect(dataset).toMatchObject({ count: 21, task: 'binary' });
    const error = (() => {
      try {
        loadDataSource('json', { path: 'absent.json' }, { baseDir: fixtures });
      } catch (caught) {
        return caught as DataError;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error!.file).toBe(`${fixtures}absent.json`);
  });

  it('treats an unknown source or argument, or a missing required one, as a caller bug', () => {
    expect(() => loadDataSource('mnistt', {})).toThrow(TypeError);
    expect(() => loadDataSource('spiral', { point: 3 })).toThrow(
      'data source spiral has no argument `point`; it takes points, classes, noise',
    );
    expect(() => loadDataSource('function', {})).toThrow(
      'data source function needs the argument `expr`',
    );
    expect(() => loadDataSource('spiral', { points: 'many' })).toThrow(TypeError);
  });

  it('reports a malformed expression as a DataError', () => {
    expect(() => loadDataSource('function', { expr: 'sin(' })).toThrow(DataError);
  });
});

describe('checkSampleShapes', () => {
  const dataset = loadDataSource('random', { inputs: 28 * 28 });
  it('accepts matching shapes and names expected and found shapes otherwise', () => {
    expect(() => checkSampleShapes(dataset, { input: [784], target: [1] })).not.toThrow();
    const grid = { ...dataset, inputShape: [28, 28] };
    expect(() => checkSampleShapes(grid, { input: [784] }, 'mnist')).toThrow(DataError);
    expect(() => checkSampleShapes(grid, { input: [784] }, 'mnist')).toThrow(
      'mnist: expected samples of [784], found [28, 28]',
    );
    expect(() => checkSampleShapes(dataset, { target: [3] })).toThrow(
      'the data: expected targets of [3], found [1]',
    );
    const classes = loadDataSource('spiral', { classes: 5 });
    expect(() => checkSampleShapes(classes, { classes: 3 })).toThrow(
      'the data: expected at most 3 classes, found 5',
    );
  });
});
