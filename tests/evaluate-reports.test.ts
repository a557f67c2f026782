// The multilabel and regression evaluation reports as goldens (the binary and multiclass ones are in
// evaluate.test.ts), from hand-written checkpoints so no training noise enters; each report's
// numbers are also recomputed here from the outputs `nnc eval --split test` prints.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rocAucScore, writeSafetensors } from '@nnet/runtime/train';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { expectGolden, repoRoot } from './golden.js';

function workspace(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-reports-'));
  fs.writeFileSync(path.join(dir, 'model.nnet'), text);
  return dir;
}

function writeCheckpoint(
  file: string,
  model: string,
  tensors: Record<string, { shape: number[]; values: number[] }>,
) {
  writeSafetensors(file, {
    tensors: Object.fromEntries(
      Object.entries(tensors).map(([name, t]) => [
        name,
        { shape: t.shape, data: Float32Array.from(t.values) },
      ]),
    ),
    metadata: { format: 'nnet', model, source: 'model.nnet', epoch: '1', history: '[]' },
  });
}

interface Row {
  input: number[];
  dense: number | number[];
  target: number | number[];
}

async function testRows(dir: string): Promise<Row[]> {
  const printed = await runNnc(
    dir,
    'eval',
    'model.nnet',
    '-w',
    'hand.safetensors',
    '--split',
    'test',
    '--format',
    'json',
  );
  expect(printed.stderr).toBe('');
  return JSON.parse(printed.stdout) as Row[];
}

describe('the multilabel evaluation report', () => {
  it('matches its golden, with per-label and subset accuracy and per-label AUC of the printed outputs', async () => {
    const dir = workspace(`model Tags {
  input features: [4]
  dense(3, sigmoid)
}

train Tags {
  data = json("tags.json")
  loss = binary_cross_entropy
  split = [0.6, 0.2, 0.2]
  metrics = [binary_accuracy]
  seed = 3
}
`);
    fs.copyFileSync(path.join(repoRoot, 'examples/data/tags.json'), path.join(dir, 'tags.json'));
    // Each tag reads mostly one feature: some right, some wrong, so no score is trivially 0 or 1.
    writeCheckpoint(path.join(dir, 'hand.safetensors'), 'Tags', {
      'dense/weights': {
        shape: [4, 3],
        values: [2, 0, 0.5, 0, 2, 0, 0.5, 0, 2, 0, -1, 1],
      },
      'dense/bias': { shape: [3], values: [0, 0.5, -0.5] },
    });
    const { code, stdout, stderr } = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '-w',
      'hand.safetensors',
      '-o',
      'report',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/subset accuracy \d+\.\d\d %/);
    const json = fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8');
    expect(json).not.toContain(dir);
    expectGolden(path.join(repoRoot, 'tests/evaluation/multilabel.evaluation.json'), json);
    const report = JSON.parse(json);
    const test = report.multilabel.splits.test;
    const rows = await testRows(dir);
    const outputs = rows.map((row) => row.dense as number[]);
    const targets = rows.map((row) => row.target as number[]);
    const right = outputs.map((o, i) => o.map((p, k) => (p > 0.5 ? 1 : 0) === targets[i][k]));
    expect(test.subsetAccuracy).toBeCloseTo(
      right.filter((labels) => labels.every(Boolean)).length / rows.length,
      12,
    );
    for (let k = 0; k < 3; k++) {
      expect(test.perLabel[k].accuracy).toBeCloseTo(
        right.filter((labels) => labels[k]).length / rows.length,
        12,
      );
      expect(test.perLabel[k].auc).toBeCloseTo(
        rocAucScore(
          outputs.map((o) => o[k]),
          targets.map((t) => t[k]),
        ),
        12,
      );
    }
    expect(fs.existsSync(path.join(dir, 'report/roc.png'))).toBe(true);
  });
});

describe('the regression evaluation report', () => {
  it('matches its golden, with mse, mae and R² of the printed outputs', async () => {
    const dir = workspace(`model Ramps {
  input x: [1]
  dense(3, relu)
  dense(1)
}

train Ramps {
  data = function("x*x", noise = 0.05, samples = 50, range = [-1, 1])
  loss = mse
  split = [0.6, 0.2, 0.2]
  seed = 3
}
`);
    // |x| + 2·relu(x − 0.5): three ramps.
    writeCheckpoint(path.join(dir, 'hand.safetensors'), 'Ramps', {
      'dense/weights': { shape: [1, 3], values: [1, -1, 1] },
      'dense/bias': { shape: [3], values: [0, 0, -0.5] },
      'dense_1/weights': { shape: [3, 1], values: [1, 1, 2] },
      'dense_1/bias': { shape: [1], values: [0] },
    });
    const { code, stderr } = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '-w',
      'hand.safetensors',
      '-o',
      'report',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8');
    expect(json).not.toContain(dir);
    expectGolden(path.join(repoRoot, 'tests/evaluation/regression.evaluation.json'), json);
    const test = JSON.parse(json).regression.splits.test;
    const rows = (await testRows(dir)).map((row) => ({
      actual: row.target as number,
      predicted: (row as unknown as { dense_1: number }).dense_1,
    }));
    const mean = rows.reduce((s, r) => s + r.actual, 0) / rows.length;
    const squares = rows.reduce((s, r) => s + (r.actual - r.predicted) ** 2, 0);
    expect(test.mse).toBeCloseTo(squares / rows.length, 6);
    expect(test.mae).toBeCloseTo(
      rows.reduce((s, r) => s + Math.abs(r.actual - r.predicted), 0) / rows.length,
      6,
    );
    expect(test.r2).toBeCloseTo(
      1 - squares / rows.reduce((s, r) => s + (r.actual - mean) ** 2, 0),
      6,
    );
  });
});
