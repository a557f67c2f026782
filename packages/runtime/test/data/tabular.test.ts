// Tabular preprocessing of csv(…): the fill and scaling are fitted on the training rows only and
// match scikit-learn's SimpleImputer + StandardScaler / MinMaxScaler pipeline (fixtures from
// scripts/sklearn-tabular-fixtures.py); columns/drop choose inputs; new rows encode the same way.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  applyTabular,
  csvToDataset,
  encodeTabularRow,
  fitTabular,
  numericPositions,
  prepareTabularSplits,
  subsetDataset,
  tabularFromJson,
  tabularToJson,
  type Dataset,
  type MissingMethod,
  type ScaleMethod,
} from '../../src/data/index.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const fixture = JSON.parse(
  fs.readFileSync(path.join(root, 'tests/fixtures/sklearn-tabular.json'), 'utf8'),
) as {
  columns: string[];
  cases: {
    missing: MissingMethod;
    scale: ScaleMethod;
    fill: number[];
    training: number[][];
    test: number[][];
  }[];
};
const titanic = fs.readFileSync(path.join(root, 'examples/data/titanic-style.csv'), 'utf8');

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

/** The named inputs of the first `rows` samples. */
function columnsOf(dataset: Dataset, names: string[], rows: number): number[][] {
  const width = dataset.inputShape[0];
  const at = names.map((name) => dataset.inputNames!.indexOf(name));
  return Array.from({ length: rows }, (_, s) => at.map((c) => dataset.inputs[s * width + c]));
}

describe('tabular preprocessing against scikit-learn', () => {
  for (const reference of fixture.cases) {
    it(`missing = ${reference.missing}, scale = ${reference.scale}: fitted on training rows only`, () => {
      const dataset = csvToDataset(titanic, {
        target: 'Survived',
        drop: ['PassengerId', 'Name'],
        scale: reference.scale,
        missing: reference.missing,
      });
      const indices = Array.from({ length: dataset.count }, (_, i) => i);
      const training = subsetDataset(
        dataset,
        indices.filter((i) => i % 5 !== 0),
      );
      const test = subsetDataset(
        dataset,
        indices.filter((i) => i % 5 === 0),
      );
      const [fittedTraining, fittedTest] = prepareTabularSplits([training, test]);
      const numeric = numericPositions(dataset.tabular!).map((p) => dataset.inputNames![p]);
      expect(numeric).toEqual(fixture.columns);
      const statistics = fittedTraining.tabular!.statistics!;
      expect(statistics.rows).toBe(training.count);
      statistics.fill.forEach((fill, k) => expect(fill).toBeCloseTo(reference.fill[k], 4));
      for (const [part, expected] of [
        [fittedTraining, reference.training],
        [fittedTest, reference.test],
      ] as const) {
        const found = columnsOf(part, fixture.columns, expected.length);
        found.forEach((row, s) =>
          row.forEach((value, k) => expect(value).toBeCloseTo(expected[s][k], 4)),
        );
      }
      // The test rows' statistics are those of the training rows: the same object, not refitted.
      expect(fittedTest.tabular!.statistics).toEqual(statistics);
    });
  }

  it('a missing value in a test row is filled with the training mean, not the mean of all rows', () => {
    const dataset = csvToDataset('x,y\n1,0\n3,1\n,0\n100,1\n', { target: 'y' });
    const training = subsetDataset(dataset, [0, 1]);
    const test = subsetDataset(dataset, [2, 3]);
    const [, filled] = prepareTabularSplits([training, test]);
    expect(Array.from(filled.inputs)).toEqual([2, 100]);
    // Without a split the whole file is the training set.
    expect(Array.from(prepareTabularSplits([dataset])[0].inputs)).toEqual(
      [1, 3, 104 / 3, 100].map(Math.fround),
    );
  });

  it('constant and empty columns keep a divisor of 1 (no division by zero)', () => {
    const dataset = csvToDataset('a,b,y\n5,,0\n5,,1\n', { scale: 'standardize' });
    const statistics = fitTabular(dataset.tabular!, dataset);
    expect(statistics).toEqual({ rows: 2, fill: [5, 0], center: [5, 0], divisor: [1, 1] });
    expect(Array.from(applyTabular(dataset.tabular!, statistics, dataset).inputs)).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe('choosing columns', () => {
  const text = 'id,Sex,Age,Fare,Survived\n1,male,22,7.25,0\n2,female,,71.3,1\n3,female,26,7.9,1\n';

  it('`columns` takes the inputs in its order; `drop` leaves columns out', () => {
    const chosen = csvToDataset(text, { target: 'Survived', columns: ['Age', 'Sex'] });
    expect(chosen.inputNames).toEqual(['Age', 'Sex=female', 'Sex=male']);
    const dropped = csvToDataset(text, { target: 'Survived', drop: ['id', 'Fare'] });
    expect(dropped.inputNames).toEqual(['Sex=female', 'Sex=male', 'Age']);
    expect(Array.from(dropped.sourceRows!)).toEqual([2, 3, 4]);
  });

  it('an unknown or repeated column, or the target among the inputs, is a DataError naming it', () => {
    const typo = dataError(() => csvToDataset(text, { target: 'Survived', drop: ['ID'] }));
    expect(typo.message).toBe(
      'expected a column to drop "ID", found only the columns id, Sex, Age, Fare, Survived (did you mean "id"?)',
    );
    expect(
      dataError(() => csvToDataset(text, { target: 'Survived', columns: ['Age', 'Survived'] }))
        .message,
    ).toBe('expected input columns other than the target "Survived", found it in the list');
    expect(
      dataError(() => csvToDataset(text, { target: 'Survived', columns: ['Age', 'Age'] })).message,
    ).toBe('expected each input column once, found "Age" twice');
  });
});

describe('the encoding travels with the checkpoint', () => {
  it('round-trips through JSON and encodes a new row the same way', () => {
    const dataset = csvToDataset('Sex,Age,y\nmale,20,0\nfemale,,1\nfemale,40,1\n', {
      scale: 'minmax',
    });
    const [fitted] = prepareTabularSplits([dataset]);
    const encoding = tabularFromJson(tabularToJson(fitted.tabular!), 'c.safetensors');
    expect(encoding).toEqual(fitted.tabular);
    const inputs = new Float32Array(3);
    const row: Record<string, string> = { Sex: 'male', Age: '' };
    const fail = (): never => {
      throw new Error('unexpected');
    };
    encodeTabularRow(encoding, (column) => row[column.name], inputs, 0, fail);
    const one = { ...dataset, inputs, count: 1 };
    // Age missing → the training mean 30 → (30 − 20) / (40 − 20) = 0.5.
    expect(Array.from(applyTabular(encoding, encoding.statistics!, one).inputs)).toEqual([
      0, 1, 0.5,
    ]);
    expect(() => tabularFromJson('{"target": 3}', 'c.safetensors')).toThrow(
      'c.safetensors: expected the tabular encoding nnet writes, found something else',
    );
  });
});
