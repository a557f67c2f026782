// The course's labs of issue #11 as a student runs them: each example trained by `nnc train` in a
// fresh folder, then what its comment promises checked in the files it writes (the evaluation
// report, the comparison picture, predictions on new rows). Loose bounds: the claims, not digits.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { repoRoot } from './golden.js';

/** A copy of examples/FILE and examples/data in a fresh folder, where nnc runs. */
function lab(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-labs-'));
  fs.copyFileSync(path.join(repoRoot, 'examples', file), path.join(dir, file));
  fs.cpSync(path.join(repoRoot, 'examples/data'), path.join(dir, 'data'), { recursive: true });
  return dir;
}

async function train(dir: string, file: string, ...more: string[]) {
  const run = await runNnc(dir, 'train', file, '-q', '--threads', '1', ...more);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('the labs of issue #11, trained from examples/', () => {
  it('universal-approximation: R² ≈ 0.98 on test, and the fit with one ramp per hidden unit', async () => {
    const dir = lab('universal-approximation.nnet');
    await train(dir, 'universal-approximation.nnet');
    const folder = path.join(dir, 'out/UniversalApproximation/evaluation');
    const report = readJson(path.join(folder, 'evaluation.json'));
    expect(report.task).toBe('regression');
    expect(report.regression.splits.test.r2).toBeGreaterThan(0.95);
    const fit = fs.readFileSync(path.join(folder, 'fit.svg'), 'utf8');
    expect(fit.match(/<path class="unit"/g)).toHaveLength(20);
    expect(fit).toContain('target sin(2*x) + x/2');
    for (const picture of ['fit.png', 'residuals.png'])
      expect(fs.statSync(path.join(folder, picture)).size).toBeGreaterThan(1000);
  });

  it('regression: the sine is fitted to the noise level (it once stopped on a plateau)', async () => {
    const dir = lab('regression.nnet');
    await train(dir, 'regression.nnet');
    const report = readJson(path.join(dir, 'out/SineFit/evaluation/evaluation.json'));
    expect(report.regression.splits.validation.r2).toBeGreaterThan(0.95);
    expect(report.regression.splits.validation.mse).toBeLessThan(0.02);
  });

  it('multilabel: per-label accuracy and AUC, subset accuracy below the label accuracy', async () => {
    const dir = lab('multilabel.nnet');
    const { stdout } = await train(dir, 'multilabel.nnet');
    expect(stdout).toMatch(/subset accuracy \d+\.\d\d % \(every label right\)/);
    const report = readJson(path.join(dir, 'out/Tags/evaluation/evaluation.json'));
    const test = report.multilabel.splits.test;
    expect(test.perLabel).toHaveLength(3);
    expect(test.subsetAccuracy).toBeLessThan(test.labelAccuracy);
    for (const label of test.perLabel) expect(label.auc).toBeGreaterThan(0.8);
  });

  it('titanic-style: the binary report, and predictions for new passengers’ raw rows', async () => {
    const dir = lab('titanic-style.nnet');
    await train(dir, 'titanic-style.nnet');
    const folder = path.join(dir, 'out/TitanicStyle/evaluation');
    const report = readJson(path.join(folder, 'evaluation.json'));
    expect(report.binary.splits.test.auc).toBeGreaterThan(0.75);
    for (const picture of ['roc', 'precision-recall', 'scores'])
      expect(fs.existsSync(path.join(folder, `${picture}.png`))).toBe(true);
    const predicted = await runNnc(
      dir,
      'predict',
      'titanic-style.nnet',
      '-i',
      'data/new-passengers.csv',
      '--format',
      'json',
    );
    expect(predicted.stderr).toBe('');
    const rows = JSON.parse(predicted.stdout) as { dense_1: number }[];
    expect(rows.length).toBe(
      fs.readFileSync(path.join(dir, 'data/new-passengers.csv'), 'utf8').trim().split('\n').length -
        1,
    );
    for (const row of rows) expect(row.dense_1).toBeGreaterThanOrEqual(0);
  });

  it('parametrization-comparison: Wide memorises, Narrow cannot, in one picture per step', async () => {
    const dir = lab('parametrization-comparison.nnet');
    await train(dir, 'parametrization-comparison.nnet', '--run', 'Wide', '--no-evaluation');
    await train(dir, 'parametrization-comparison.nnet', '--run', 'Narrow', '--no-evaluation');
    const wide = readJson(path.join(dir, 'out/Wide/report.json'));
    const narrow = readJson(path.join(dir, 'out/Narrow/report.json'));
    expect(wide.final.train.loss).toBeLessThan(1e-3);
    expect(narrow.final.train.loss).toBeGreaterThan(0.1);
    expect(wide.final.validation.loss).toBeGreaterThan(narrow.final.validation.loss);
    const plot = await runNnc(
      dir,
      'plot',
      'out/Wide/report.json',
      'out/Narrow/report.json',
      '--per',
      'step',
      '--log',
      '-o',
      'compare.svg',
    );
    expect(plot.code).toBe(0);
    expect(plot.stdout).toMatch(/^Wide\s+4,161\s+60\s/m);
    expect(plot.stdout).toMatch(/^Narrow\s+961\s+60\s/m);
    const svg = fs.readFileSync(path.join(dir, 'compare.svg'), 'utf8');
    expect(svg.match(/<path class="series"/g)).toHaveLength(4);
    expect(svg).toContain('log scale');
    expect(fs.existsSync(path.join(dir, 'compare.png'))).toBe(true);
  });
});
