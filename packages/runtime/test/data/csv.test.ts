// CSV: RFC 4180 records (quotes, newlines in fields, CRLF), the Titanic-like fixture as the model
// case (one-hot text, imputed missing values, binary target), and errors that name line and column.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  csvToDataset,
  DataError,
  loadCsv,
  parseCsv,
  prepareTabularSplits,
  type Dataset,
} from '../../src/data/index.js';

const TITANIC = fileURLToPath(new URL('./fixtures/titanic-sample.csv', import.meta.url));

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

/** The value of input `name` for sample `s`. */
function inputValue(dataset: Dataset, s: number, name: string): number {
  const column = dataset.inputNames!.indexOf(name);
  expect(column, `input ${name}`).toBeGreaterThanOrEqual(0);
  return dataset.inputs[s * dataset.inputShape[0] + column];
}

describe('parseCsv', () => {
  it('reads quoted fields holding delimiters, newlines and doubled quotes', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n\n3,,"" \n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
      { line: 6, fields: ['3', '', ''] },
    ]);
  });

  it('drops a byte-order mark, keeps a quote inside an unquoted field, takes other delimiters', () => {
    expect(parseCsv('\uFEFFa;b\n5 "in;ch";"q"', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5 "in', 'ch"', 'q'] },
    ]);
    expect(parseCsv('a\tb\n1\t2', '\t')[1].fields).toEqual(['1', '2']);
  });

  it('reports an unclosed quote at the line that opened it, and text after a closing quote', () => {
    const unclosed = dataError(() => parseCsv('a,b\n1,2\n3,"open\nmore', ',', 'data.csv'));
    expect(unclosed).toMatchObject({ file: 'data.csv', row: 3 });
    expect(unclosed.message).toBe(
      'data.csv, line 3: expected a closing quote for the field opened on this line, found the end of the file',
    );
    expect(dataError(() => parseCsv('a\n"x"y')).message).toBe(
      'line 2: expected "," or the end of the line after a closing quote, found "y"',
    );
  });
});

describe('loadCsv on a Titanic-like file', () => {
  const dataset = loadCsv(TITANIC, { target: 'Survived' });

  it('predicts the 0/1 target column as a binary task, one row per passenger', () => {
    expect(dataset).toMatchObject({ count: 21, targetShape: [1], task: 'binary' });
    expect(Array.from(dataset.targets.slice(0, 5))).toEqual([0, 1, 1, 1, 0]);
    expect(dataset.inputNames).not.toContain('Survived');
    expect(dataset.inputShape).toEqual([dataset.inputNames!.length]);
  });

  it('keeps numeric columns and one-hot encodes text columns with sorted categories', () => {
    expect(dataset.inputNames!.slice(0, 2)).toEqual(['PassengerId', 'Pclass']);
    expect(dataset.inputNames).toEqual(
      expect.arrayContaining(['Sex=female', 'Sex=male', 'Embarked=C', 'Embarked=Q', 'Embarked=S']),
    );
    expect(inputValue(dataset, 0, 'Pclass')).toBe(3);
    expect(inputValue(dataset, 1, 'Fare')).toBeCloseTo(71.2833, 4);
    expect([inputValue(dataset, 0, 'Sex=female'), inputValue(dataset, 0, 'Sex=male')]).toEqual([
      0, 1,
    ]);
    expect(inputValue(dataset, 1, 'Embarked=C')).toBe(1);
    expect(inputValue(dataset, 0, 'Name=Braund, Mr. Owen Harris')).toBe(1);
    expect(inputValue(dataset, 20, 'Name=Johnston, Miss. Catherine Helen "Carrie"')).toBe(1);
    // Ticket mixes numbers and text ("A/5 21171"), so it is a text column.
    expect(inputValue(dataset, 0, 'Ticket=A/5 21171')).toBe(1);
    for (let s = 0; s < dataset.count; s++) {
      const sex = inputValue(dataset, s, 'Sex=female') + inputValue(dataset, s, 'Sex=male');
      expect(sex).toBe(1);
    }
  });

  it('leaves missing numbers (empty, NA, ?) NaN until fitted, then fills the column mean; missing text gets its own category', () => {
    for (const s of [5, 17, 19, 20]) expect(inputValue(dataset, s, 'Age')).toBeNaN();
    const [filled] = prepareTabularSplits([dataset]);
    const ages = [22, 38, 26, 35, 35, 54, 2, 27, 14, 4, 58, 20, 39, 14, 55, 2, 31];
    const mean = ages.reduce((sum, age) => sum + age, 0) / ages.length;
    for (const s of [5, 17, 19, 20]) expect(inputValue(filled, s, 'Age')).toBeCloseTo(mean, 4);
    expect(inputValue(dataset, 0, 'Cabin=(missing)')).toBe(1);
    expect(inputValue(dataset, 1, 'Cabin=C85')).toBe(1);
    expect(inputValue(dataset, 1, 'Cabin=(missing)')).toBe(0);
    expect(inputValue(dataset, 20, 'Embarked=(missing)')).toBe(1);
    expect(dataset.inputNames).not.toContain('Sex=(missing)');
  });

  it('names the columns there are when the target is not one of them', () => {
    const error = dataError(() => loadCsv(TITANIC, { target: 'survived' }));
    expect(error.file).toBe(TITANIC);
    expect(error.message).toContain(
      'expected a target column "survived", found only the columns PassengerId, Survived, Pclass, Name, Sex, Age, SibSp, Parch, Ticket, Fare, Cabin, Embarked',
    );
    expect(error.message).toContain('(did you mean "Survived"?)');
  });
});

describe('csvToDataset', () => {
  it('takes the last column as the target by default; text targets are classes in sorted order', () => {
    const dataset = csvToDataset(
      'x,y,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n7,8,versicolor\n',
    );
    expect(dataset).toMatchObject({
      count: 4,
      inputShape: [2],
      targetShape: [],
      classes: 3,
      task: 'classification',
    });
    expect(dataset.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(dataset.targets)).toEqual([0, 2, 0, 1]);
    expect(dataset.targets).toBeInstanceOf(Int32Array);
    expect(Array.from(dataset.inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('makes numeric targets other than 0/1 a regression, and names columns without a header', () => {
    const dataset = csvToDataset('1;2.5\n2;-1e3\n', { header: false, delimiter: ';' });
    expect(dataset).toMatchObject({
      count: 2,
      inputShape: [1],
      targetShape: [1],
      task: 'regression',
    });
    expect(dataset.inputNames).toEqual(['column 1']);
    expect(Array.from(dataset.targets)).toEqual([2.5, -1000]);
  });

  it('reports a non-numeric value in a numeric column with its line and column', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i === 17 ? 'abc' : i * 2},${i % 2}`);
    const error = dataError(() =>
      csvToDataset(['id,weight,label', ...rows].join('\n'), { file: 'w.csv' }),
    );
    expect(error).toMatchObject({ file: 'w.csv', row: 19, column: 'weight' });
    expect(error.message).toBe(
      'w.csv, line 19, column "weight": expected a number (29 of the column\'s 30 values are numbers), found "abc"',
    );
  });

  it('reports rows of the wrong length, a missing target value and a file with no data', () => {
    expect(dataError(() => csvToDataset('a,b\n1,2\n3\n')).message).toBe(
      'line 3: expected 2 fields as in the header, found 1',
    );
    const missingTarget = dataError(() => csvToDataset('a,b\n1,2\n3,NA\n'));
    expect(missingTarget).toMatchObject({ row: 3, column: 'b' });
    expect(missingTarget.message).toContain('expected a target value, found "NA"');
    expect(dataError(() => csvToDataset('a,b\n')).message).toBe(
      'expected data rows after the header, found none',
    );
    expect(dataError(() => csvToDataset('b\n1\n')).message).toContain(
      'expected at least one input column besides the target "b"',
    );
  });

  it('reports a missing file as a DataError naming it', () => {
    const error = dataError(() => loadCsv('/nonexistent/titanic.csv'));
    expect(error.message).toBe(
      '/nonexistent/titanic.csv: expected a file, found nothing at this path',
    );
  });
});
