// Looking at a trained model through the CLI: `nnc evaluate` reports (goldens from hand-written
// checkpoints, so no training noise), the report's AUC against the outputs `nnc eval --split` prints,
// hidden values with `nnc eval --output`, and clear errors for a wrong checkpoint, split or file.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors, rocAucScore, writeSafetensors } from '@nnet/runtime/train';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { expectGolden, repoRoot } from './golden.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-evaluate-'));

/** A folder with a .nnet file; nnc runs there, so every path it prints is relative. */
function workspace(text: string): string {
  const dir = temporary();
  fs.writeFileSync(path.join(dir, 'model.nnet'), text);
  return dir;
}

const binaryModel = `model Cut {
  input x: [2]
  dense(1, sigmoid)
}

train Cut {
  data = moons(samples = 300, noise = 0.3)
  loss = binary_cross_entropy
  optimizer = adam(lr = 0.05)
  batch = 32
  epochs = 3
  split = [0.5, 0.25, 0.25]
  metrics = [auc]
  seed = 4
}
`;

const multiclassModel = `model Arms {
  input point: [2]
  dense(3, softmax)
}

train Arms {
  data = spiral(points = 40, classes = 3)
  loss = cross_entropy
  batch = 30
  split = [0.5, 0, 0.5]
  seed = 2
}
`;

/** A checkpoint as nnc train writes it, with hand-chosen weights. */
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

describe('nnc evaluate', () => {
  it('writes the binary report of a checkpoint: JSON golden, SVG and PNG pictures, a summary', async () => {
    const dir = workspace(binaryModel);
    writeCheckpoint(path.join(dir, 'hand.safetensors'), 'Cut', {
      'dense/weights': { shape: [2, 1], values: [1.5, -2.5] },
      'dense/bias': { shape: [1], values: [0.25] },
    });
    const { code, stdout, stderr } = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '--weights',
      'hand.safetensors',
      '-o',
      'report',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/AUC 0\.\d{4}, 95 % CI 0\.\d{4}–0\.\d{4} \(1000 bootstrap resamples\)/);
    expect(stdout).toContain('Kolmogorov–Smirnov, training vs test');
    const json = fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8');
    expect(json).not.toContain(dir);
    expectGolden(path.join(repoRoot, 'tests/evaluation/binary.evaluation.json'), json);
    for (const picture of ['roc', 'precision-recall', 'scores'])
      for (const extension of ['svg', 'png'])
        expect(fs.existsSync(path.join(dir, `report/${picture}.${extension}`))).toBe(true);
  });

  it('gives the AUC of the outputs nnc eval prints for the test split', async () => {
    const dir = workspace(binaryModel);
    writeCheckpoint(path.join(dir, 'hand.safetensors'), 'Cut', {
      'dense/weights': { shape: [2, 1], values: [0.5, -3] },
      'dense/bias': { shape: [1], values: [1] },
    });
    await runNnc(dir, 'evaluate', 'model.nnet', '-w', 'hand.safetensors', '-o', 'report');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8'));
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
    expect(printed.code).toBe(0);
    const rows = JSON.parse(printed.stdout) as { dense: number; target: number }[];
    expect(rows).toHaveLength(report.binary.splits.test.count);
    // The printed outputs have 6 significant digits: enough to keep the order of the scores here.
    expect(report.binary.splits.test.auc).toBeCloseTo(
      rocAucScore(
        rows.map((r) => r.dense),
        rows.map((r) => r.target),
      ),
      3,
    );
  });

  it('writes the confusion matrix and per-class scores of a multiclass model (golden)', async () => {
    const dir = workspace(multiclassModel);
    writeCheckpoint(path.join(dir, 'hand.safetensors'), 'Arms', {
      'dense/weights': { shape: [2, 3], values: [1, -1, 0, 0, 1, -1] },
      'dense/bias': { shape: [3], values: [0, 0.1, -0.1] },
    });
    const { code, stdout } = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '-w',
      'hand.safetensors',
      '-o',
      'report',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/evaluation on test: 60 samples, accuracy/);
    expect(fs.existsSync(path.join(dir, 'report/confusion.png'))).toBe(true);
    const json = fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8');
    const report = JSON.parse(json);
    const confusion = report.multiclass.splits.test.confusion as number[][];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expectGolden(path.join(repoRoot, 'tests/evaluation/multiclass.evaluation.json'), json);
  });

  it('refuses a checkpoint of another model, a missing file and a missing split, naming them', async () => {
    const dir = workspace(binaryModel + '\n' + multiclassModel);
    writeCheckpoint(path.join(dir, 'arms.safetensors'), 'Arms', {
      'dense/weights': { shape: [2, 3], values: [1, -1, 0, 0, 1, -1] },
      'dense/bias': { shape: [3], values: [0, 0, 0] },
    });
    const wrong = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '--run',
      'Cut',
      '-w',
      'arms.safetensors',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'nnc: arms.safetensors holds the weights of model Arms (from model.nnet), not of Cut',
    );
    const missing = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '--run',
      'Cut',
      '-w',
      'nope.safetensors',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'nnc: nope.safetensors: no such file; expected a checkpoint of Cut',
    );
    // Same layer names, other shapes: the loader names the tensor and what the model needs.
    writeCheckpoint(path.join(dir, 'shapes.safetensors'), 'Cut', {
      'dense/weights': { shape: [2, 3], values: [1, -1, 0, 0, 1, -1] },
      'dense/bias': { shape: [3], values: [0, 0, 0] },
    });
    const shapes = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '--run',
      'Cut',
      '-w',
      'shapes.safetensors',
    );
    expect(shapes.code).toBe(1);
    expect(shapes.stderr).toContain('dense/weights');
    expect(shapes.stderr).toContain('tensor "dense/weights" is [2, 3], the model expects [2, 1]');
    const split = await runNnc(
      dir,
      'evaluate',
      'model.nnet',
      '--run',
      'Arms',
      '-w',
      'arms.safetensors',
      '--split',
      'validation',
    );
    expect(split.code).toBe(1);
    expect(split.stderr).toBe(
      'nnc: model.nnet: run Arms has no validation split; its data spiral(…) gives: training, test; give `split = [...]` a second part for a validation set (e.g. `split = [0.8, 0.2]`); or pass --split test\n',
    );
  });
});

describe('nnc evaluate on a regression model', () => {
  it('writes mse, mae and R² (as the outputs nnc eval prints give), residuals, and the fit with each unit', async () => {
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
    expect(stdout).toMatch(/test {7}mse \d\.\d{4}, mae \d\.\d{4}, R² -?\d\.\d{4}/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report/evaluation.json'), 'utf8'));
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
    const rows = JSON.parse(printed.stdout) as {
      input: number[];
      dense_1: number;
      target: number;
    }[];
    for (const row of rows) {
      const x = row.input[0];
      expect(row.dense_1).toBeCloseTo(Math.abs(x) + 2 * Math.max(0, x - 0.5), 5);
    }
    const mse = rows.reduce((s, r) => s + (r.dense_1 - r.target) ** 2, 0) / rows.length;
    expect(report.regression.splits.test.mse).toBeCloseTo(mse, 5);
    const fit = fs.readFileSync(path.join(dir, 'report/fit.svg'), 'utf8');
    expect(fit.match(/<path class="unit"/g)).toHaveLength(3);
    expect(fit).toContain('target x*x');
    expect(fs.existsSync(path.join(dir, 'report/residuals.png'))).toBe(true);
  });
});

describe('nnc train and the evaluation report', () => {
  it('writes the report at the end for a classifier, and a checkpoint without absolute paths', async () => {
    const dir = workspace(binaryModel);
    const { code, stdout } = await runNnc(dir, 'train', 'model.nnet', '-q');
    expect(code).toBe(0);
    const test = /^test\s+loss [\d.]+, auc ([\d.]+)$/m.exec(stdout)!;
    const report = JSON.parse(
      fs.readFileSync(path.join(dir, 'out/Cut/evaluation/evaluation.json'), 'utf8'),
    );
    // The `auc` metric and the report's AUC are computed independently.
    expect(report.binary.splits.test.auc.toFixed(4)).toBe(test[1]);
    expect(report.checkpoint).toBe(path.join('out', 'Cut', 'checkpoint.safetensors'));
    const { metadata } = readSafetensors(path.join(dir, 'out/Cut/checkpoint.safetensors'));
    expect(metadata.source).toBe('model.nnet');
    expect(metadata.seed).toBe('4');
    for (const value of Object.values(metadata)) expect(value).not.toContain(dir);
    // `nnc evaluate` finds the run's checkpoint by itself and writes the same report.
    const again = await runNnc(dir, 'evaluate', 'model.nnet', '-o', 'again');
    expect(again.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'again/evaluation.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'out/Cut/evaluation/evaluation.json'), 'utf8'),
    );
  });
});

describe('nnc eval', () => {
  const nnc = (...args: string[]) => runNnc(repoRoot, ...args);
  const table = '[[0,0],[0,1],[1,0],[1,1]]';

  it("prints XOR's hidden layer next to its output (the course's h table)", async () => {
    const { code, stdout } = await nnc(
      'eval',
      'examples/xor-by-hand.nnet',
      '-i',
      table,
      '--output',
      'dense',
      '--output',
      'dense_1',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { input: [0, 0], dense: [0, 0], dense_1: 0 },
      { input: [0, 1], dense: [1, 0], dense_1: 1 },
      { input: [1, 0], dense: [1, 0], dense_1: 1 },
      { input: [1, 1], dense: [2, 1], dense_1: 0 },
    ]);
  });

  it('keeps the input -> output lines for one output, and writes CSV', async () => {
    expect((await nnc('eval', 'examples/xor-by-hand.nnet', '-i', table)).stdout).toBe(
      '[0,0] -> 0\n[0,1] -> 1\n[1,0] -> 1\n[1,1] -> 0\n',
    );
    expect(
      (
        await nnc(
          'predict',
          'examples/xor-by-hand.nnet',
          '-i',
          table,
          '-o',
          'dense',
          '--format',
          'csv',
        )
      ).stdout,
    ).toBe('sample,dense[0],dense[1]\n1,0,0\n2,1,0\n3,1,0\n4,2,1\n');
  });

  it('reads samples from CSV and JSON files, and names the file when the columns do not fit', async () => {
    const dir = temporary();
    fs.copyFileSync(path.join(repoRoot, 'examples/xor-by-hand.nnet'), path.join(dir, 'xor.nnet'));
    fs.writeFileSync(path.join(dir, 'in.csv'), 'a,b\n0,1\n1,1\n');
    fs.writeFileSync(path.join(dir, 'in.json'), '[[0, 1], [1, 1]]');
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'a,b,c\n0,1,2\n');
    const fromCsv = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'in.csv');
    expect(fromCsv.stdout).toBe('[0,1] -> 1\n[1,1] -> 0\n');
    expect((await runNnc(dir, 'eval', 'xor.nnet', '-i', 'in.json')).stdout).toBe(fromCsv.stdout);
    const bad = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'bad.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'nnc: bad.csv: 3 input columns (a, b, c), but the model expects 2',
    );
  });

  it('lists the named values when asked for an unknown one', async () => {
    const { code, stderr } = await nnc('eval', 'examples/xor-by-hand.nnet', '-i', table, '-o', 'h');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'nnc: model XorByHand has no value named "h"; its named values are: x, dense, dense_1\n',
    );
  });
});
