// csv(…) through the CLI: missing values are filled with the training split's mean (it used to be
// the mean of the whole file, test rows included), `nnc data --split` exports the rows `nnc eval
// --split` reads, and a trained model applies the checkpoint's scaling to new CSV rows.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

/** x is copied to the output by hand-set weights, so `nnc eval` shows the filled input. */
const identity = (extra = '') => `model Copy {
  input x: [1]
  dense(1) with { weights = [[1]], bias = [0] }
}

train Copy {
  data = csv("t.csv", target = "y"${extra})
  loss = mse
  optimizer = sgd(lr = 0.01)
  split = [0.5, 0.25, 0.25]
  epochs = 1
  seed = 4
}
`;

function workspace(nnet: string, csv: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-csv-honest-'));
  fs.writeFileSync(path.join(dir, 't.csv'), csv);
  fs.writeFileSync(path.join(dir, 'model.nnet'), nnet);
  return dir;
}

/** 40 rows: whole x from 1 to 41 with every fourth missing (mean of the file 19.2); y = 0/1. */
const rows = Array.from(
  { length: 40 },
  (_, i) => `${i % 4 === 3 ? '' : ((i * 7) % 41) + 1},${i % 2}`,
);
const csv = ['x,y', ...rows].join('\n') + '\n';

describe('csv missing values and scaling come from the training split only', () => {
  it('a missing x in a test row becomes the mean of the training rows', async () => {
    // x is a whole number where present; a filled value (a mean) is not one.
    const dir = workspace(identity(), csv);
    const outputs = async (split: string) => {
      const run = await runNnc(dir, 'eval', 'model.nnet', '--split', split, '--format', 'json');
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { dense: number }[]).map((r) => r.dense);
    };
    const training = await outputs('training');
    const test = await outputs('test');
    const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-4;
    const present = training.filter(whole);
    const trainingMean = present.reduce((a, b) => a + b, 0) / present.length;
    const allPresent = rows
      .map((r) => r.split(',')[0])
      .filter((x) => x !== '')
      .map(Number);
    const fileMean = allPresent.reduce((a, b) => a + b, 0) / allPresent.length;
    expect(Math.abs(trainingMean - fileMean)).toBeGreaterThan(0.01);
    const filled = [...training, ...test].filter((v) => !whole(v));
    expect(test.filter((v) => !whole(v)).length).toBeGreaterThan(0);
    for (const value of filled) expect(value).toBeCloseTo(trainingMean, 4);
  });

  it('the exported test split, given to nnc eval --input, gives what --split test gives', async () => {
    const dir = workspace(identity(', scale = standardize'), csv);
    const trained = await runNnc(dir, 'train', 'model.nnet', '--no-evaluation');
    expect(trained.code).toBe(0);
    const written = await runNnc(dir, 'data', 'model.nnet', '--split', 'test', '-o', 'test.csv');
    expect(written.stdout).toContain('wrote test.csv: the 10 samples of the test split');
    const fromFile = await runNnc(dir, 'eval', 'model.nnet', '-i', 'test.csv', '--format', 'csv');
    const fromSplit = await runNnc(dir, 'eval', 'model.nnet', '--split', 'test', '--format', 'csv');
    expect(fromFile.stderr).toBe('');
    const column = (text: string) =>
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[1]);
    expect(column(fromFile.stdout)).toEqual(column(fromSplit.stdout));
    expect(column(fromFile.stdout)).toHaveLength(10);
    // The checkpoint carries the fitted statistics; nnc data shows them.
    const shown = await runNnc(dir, 'data', 'model.nnet');
    expect(shown.stdout).toMatch(
      /x \(number\) → 1 input; missing → [\d.]+, then \(x − [\d.]+\) \/ [\d.]+/,
    );
    expect(shown.stdout).toContain('fitted on 20 training rows');
  });

  it('new rows without a model column are refused naming the file and the columns', async () => {
    const dir = workspace(identity(), csv);
    expect((await runNnc(dir, 'train', 'model.nnet', '--no-evaluation')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'new.csv'), 'X,y\n3,0\n');
    const { code, stderr } = await runNnc(dir, 'eval', 'model.nnet', '-i', 'new.csv');
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      "nnc: new.csv, line 1: expected the model's input columns x, found the columns X, y (missing: x)",
    );
  });

  it('nnc data -o makes the folder it writes into, and names the user’s file when it cannot write', async () => {
    const dir = workspace(identity(), csv);
    const written = await runNnc(
      dir,
      'data',
      'model.nnet',
      '--split',
      'test',
      '-o',
      path.join('exports', 'new', 'test.csv'),
    );
    expect(written.stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'exports/new/test.csv'), 'utf8')).toMatch(/^x,y\n/);
    // A folder where the file should go: the error is about test.csv, not a temporary file.
    fs.mkdirSync(path.join(dir, 'taken.csv'));
    const blocked = await runNnc(dir, 'data', 'model.nnet', '--split', 'test', '-o', 'taken.csv');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('taken.csv');
    expect(blocked.stderr).not.toContain('.tmp-');
  });
});
