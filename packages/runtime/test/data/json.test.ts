// The JSON format { "inputs": [...], "targets": [...] }: nested samples flattened row-major, the task
// inferred or given, and errors for shapes that do not fit, non-numbers and malformed documents.

import { describe, expect, it } from 'vitest';
import { DataError, jsonToDataset } from '../../src/data/index.js';

const json = (value: unknown) => jsonToDataset(JSON.stringify(value), 'data.json');

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('jsonToDataset', () => {
  it('flattens nested samples and reads whole-number scalar targets as classes', () => {
    const dataset = json({
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
      targets: [2, 0],
    });
    expect(dataset).toMatchObject({
      count: 2,
      inputShape: [2, 2],
      targetShape: [],
      classes: 3,
      task: 'classification',
    });
    expect(Array.from(dataset.inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(dataset.targets).toBeInstanceOf(Int32Array);
  });

  it('reads [0]/[1] targets as binary and other targets as regression, unless "task" says otherwise', () => {
    expect(
      json({
        inputs: [
          [0, 0],
          [0, 1],
        ],
        targets: [[0], [1]],
      }),
    ).toMatchObject({ task: 'binary', targetShape: [1] });
    expect(json({ inputs: [1, 2], targets: [0.5, 3] })).toMatchObject({
      task: 'regression',
      inputShape: [],
      targetShape: [1],
    });
    expect(
      json({
        inputs: [1, 2],
        targets: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toMatchObject({ task: 'regression', targetShape: [2] });
    expect(json({ inputs: [1, 2], targets: [0, 1], task: 'binary' })).toMatchObject({
      task: 'binary',
      targetShape: [1],
    });
    expect(json({ inputs: [1, 2], targets: [0, 1], classes: 5 })).toMatchObject({
      task: 'classification',
      classes: 5,
    });
  });

  it('reports a sample whose shape differs from the first one', () => {
    const error = dataError(() =>
      json({
        inputs: [new Array(784).fill(0), Array.from({ length: 28 }, () => new Array(28).fill(0))],
        targets: [1, 2],
      }),
    );
    expect(error.file).toBe('data.json');
    expect(error.message).toBe('data.json: inputs[1]: expected samples of [784], found [28, 28]');
    expect(
      dataError(() =>
        json({
          inputs: [
            [1, 2],
            [3, [4]],
          ],
          targets: [1, 2],
        }),
      ).message,
    ).toContain('inputs[1][1]: expected a number, found [4]');
    expect(
      dataError(() =>
        json({
          inputs: [
            [
              [1, 2],
              [3, 4],
            ],
            [[1, 2], [3]],
          ],
          targets: [0, 1],
        }),
      ).message,
    ).toContain('inputs[1][1]: expected a list of 2, found [3]');
  });

  it('reports malformed documents', () => {
    expect(dataError(() => jsonToDataset('{"inputs": [1,', 'data.json')).message).toContain(
      'expected JSON, found a syntax error',
    );
    expect(dataError(() => json([1, 2])).message).toContain(
      'expected an object { "inputs": [...], "targets": [...] }, found [1,2]',
    );
    expect(dataError(() => json({ inputs: [1, 2], targets: [1] })).message).toContain(
      'expected 2 targets, one per input, found 1',
    );
    expect(dataError(() => json({ inputs: [1], targets: ['a'] })).message).toContain(
      'targets[0]: expected a number, found "a"',
    );
    expect(
      dataError(() => json({ inputs: [1], targets: [0.5], task: 'classification' })).message,
    ).toContain('expected class indices (whole numbers >= 0, one per sample)');
    expect(dataError(() => json({ inputs: [1], targets: [4], classes: 3 })).message).toContain(
      'expected class indices below "classes" = 3, found 4',
    );
  });
});
