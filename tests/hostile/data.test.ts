// Hostile data files through `nnc train` (issue 16): devices, IDX with zero samples, CSV with
// 1e400 or a duplicate header, JSON with a BOM or nested 10,000 deep, labels past the class count.
// Each must be refused before training with the file, the row or column, and what was expected.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { encodeIdx } from '../../packages/runtime/src/data/idx.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-data-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A two-input classifier trained for one epoch on `data`. */
function program(data: string, inputs = 2, outputs = 2): string {
  return `model M {
  input x: [${inputs}]
  dense(${outputs}, softmax)
}

train M {
  data = ${data}
  loss = cross_entropy
  optimizer = sgd(0.1)
  epochs = 1
}
`;
}

async function train(name: string, source: string) {
  fs.writeFileSync(path.join(folder, `${name}.nnet`), source);
  return runNnc(folder, 'train', `${name}.nnet`, '-q', '-o', path.join(folder, `out-${name}`));
}

describe('data files', () => {
  it('a CSV on /dev/zero is refused before a byte is read', async () => {
    const run = await train('dev-zero', program('csv("/dev/zero")'));
    expect(run.code).toBe(1);
    // Said by the check before training (NN4154, at the data value), as the loader says it.
    expect(run.stderr).toContain(
      'error NN4154 `/dev/zero`: expected a regular file, found a character device',
    );
  });

  it('an IDX file of zero samples does not train "successfully"', async () => {
    fs.writeFileSync(path.join(folder, 'empty-images.idx'), encodeIdx([0, 2], []));
    fs.writeFileSync(path.join(folder, 'empty-labels.idx'), encodeIdx([0], []));
    const run = await train('idx-empty', program('idx("empty-images.idx", "empty-labels.idx")'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /empty-images\.idx, byte 4: expected at least one sample, found an IDX file of 0 samples/,
    );
    expect(run.stdout).not.toContain('epoch');
  });

  it('1e400 in a CSV is an error with its row and column, not Infinity', async () => {
    fs.writeFileSync(path.join(folder, 'huge.csv'), 'a,b,label\n1,2,0\n3,1e400,1\n');
    const run = await train('csv-huge', program('csv("huge.csv")'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error NN4154 `huge.csv`: line 3, column "b": expected a number a float32 can hold (at most about 3.4e38 in size), found 1e400',
    );
  });

  it('a CSV with a duplicate header is refused', async () => {
    fs.writeFileSync(path.join(folder, 'dup.csv'), 'a,a,label\n1,2,0\n3,4,1\n');
    const run = await train('csv-dup', program('csv("dup.csv")'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error NN4154 `dup.csv`: line 1: expected distinct column names, found "a" as columns 1 and 2 of the header',
    );
  });

  it('JSON and CSV both accept a byte-order mark', async () => {
    fs.writeFileSync(
      path.join(folder, 'bom.json'),
      '\ufeff{"inputs": [[0, 1], [1, 0]], "targets": [0, 1]}',
    );
    fs.writeFileSync(path.join(folder, 'bom.csv'), '\ufeffa,b,label\n0,1,cat\n1,0,dog\n');
    const json = await train('json-bom', program('json("bom.json")'));
    const csv = await train('csv-bom', program('csv("bom.csv")'));
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect([csv.code, csv.stderr]).toEqual([0, '']);
    expect(json.stdout).toContain('2 training samples');
  });

  it('JSON nested 10,000 deep is a clear error, not a stack overflow', async () => {
    const deep = '['.repeat(10_000) + '1' + ']'.repeat(10_000);
    fs.writeFileSync(path.join(folder, 'deep.json'), `{"inputs": [${deep}], "targets": [0]}`);
    const run = await train('json-deep', program('json("deep.json")'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'deep.json: inputs[0]: expected samples of at most 32 dimensions, found lists nested more than 32 deep',
    );
    expect(run.stderr).not.toContain('internal error');
  });

  it('a label past the model outputs names the source and the sample', async () => {
    fs.writeFileSync(
      path.join(folder, 'labels.json'),
      '{"inputs": [[0, 1], [1, 0], [1, 1]], "targets": [0, 1, 7]}',
    );
    const run = await train('label-range', program('json("labels.json")', 2, 3));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'json("labels.json"), sample 3: expected a class index from 0 to 2 (the model has 3 outputs), found 7',
    );
  });

  it('samples of the wrong shape name the source file', async () => {
    fs.writeFileSync(path.join(folder, 'three.csv'), 'a,b,c,label\n1,2,3,0\n3,4,5,1\n');
    const run = await train('csv-shape', program('csv("three.csv")'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error NN4152 `three.csv` gives 3 inputs (`a`, `b`, `c`), but input `x` takes [2]',
    );
  });
});
