// AdaBoost end to end from .nnet files: `nnc train` of the examples prints the per-round table
// (golden), writes an ensemble checkpoint whose α match the table and whose vote reproduces the
// printed accuracy; and the case where scikit-learn stops early is reported (golden table).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boostTableHeader, boostTableRow, readSafetensors, runSamme } from '@nnet/runtime/train';
import { expectGolden, repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

/** The lines that depend on the machine (time) or the folder (paths) are left out. */
const stable = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/ s of boosting$/.test(line) && !line.startsWith('wrote '))
    .join('\n');

/** The text must match the golden but for numbers within 0.5 % (or 1e-3). */
function expectCloseGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) return expectGolden(file, actual);
  const tokens = (text: string) => text.split(/(-?\d+(?:\.\d+)?)/);
  const expected = tokens(fs.readFileSync(file, 'utf8'));
  const found = tokens(actual);
  expect(found.length, `${file}: the same layout`).toBe(expected.length);
  found.forEach((token, i) => {
    if (i % 2 === 0) expect(token.trim(), `${file}: text`).toBe(expected[i].trim());
    else
      expect(
        Math.abs(Number(token) - Number(expected[i])),
        `${file}: ${token} vs ${expected[i]}`,
      ).toBeLessThanOrEqual(Math.max(1e-3, 5e-3 * Math.abs(Number(expected[i]))));
  });
}

describe('nnc train of an ensemble', () => {
  for (const example of ['adaboost-moons', 'adaboost-xor', 'adaboost-mlp']) {
    it(`${example}.nnet: the per-round table, checkpoint and pictures`, async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-boost-'));
      const run = await runNnc(repoRoot, 'train', `examples/${example}.nnet`, '-o', out);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const golden = path.join(repoRoot, 'tests/examples', `${example}.train.txt`);
      // Perceptrons add small whole numbers; the MLPs' table holds rounded floats of a training
      // that another kernel's summing order may move in the last digit.
      if (example === 'adaboost-mlp') expectCloseGolden(golden, stable(run.stdout));
      else expectGolden(golden, stable(run.stdout));
      const checkpoint = readSafetensors(path.join(out, 'ensemble.safetensors'));
      expect(checkpoint.metadata.format).toBe('nnet-ensemble');
      // The α of the checkpoint are those of the table's kept rows, in order.
      const tableAlphas = [...run.stdout.matchAll(/^ *\d+(?:\.\d+)? +[\d.]+ +([\d.]+) /gm)].map(
        (m) => Number(m[1]),
      );
      const alphas = Array.from(checkpoint.tensors.alphas.data);
      expect(alphas.length).toBe(tableAlphas.length);
      alphas.forEach((a, t) => expect(a).toBeCloseTo(tableAlphas[t], 3));
      // One set of weights per kept learner, and no more.
      const learnerOf = (key: string) => Number(/^learner_(\d+)\//.exec(key)?.[1] ?? 0);
      expect(Math.max(...Object.keys(checkpoint.tensors).map(learnerOf))).toBe(alphas.length);
      // `nnc eval` of the checkpoint: H's accuracy on the training split is the one training printed.
      const evaluated = await runNnc(
        repoRoot,
        'eval',
        `examples/${example}.nnet`,
        '--split',
        'training',
        '--weights',
        path.join(out, 'ensemble.safetensors'),
      );
      expect(evaluated.stderr).toBe('');
      const printed = /^training +accuracy of H ([\d.]+) %$/m.exec(run.stdout)![1];
      expect(evaluated.stdout).toMatch(
        new RegExp(
          `accuracy of H \\(${alphas.length} learners\\) on training: ${printed.replace('.', '\\.')} %`,
        ),
      );
      for (const picture of ['staged.svg', 'rounds.svg'])
        expect(fs.readFileSync(path.join(out, picture), 'utf8')).toMatch(/^<svg/);
      // The round panels say which colour is which class: one swatch per class.
      const rounds = fs.readFileSync(path.join(out, 'rounds.svg'), 'utf8');
      expect([...rounds.matchAll(/>class (\d+)<\/text>/g)].map((m) => m[1])).toEqual(['0', '1']);
      fs.rmSync(out, { recursive: true, force: true });
    });
  }
});

describe('an ensemble where a command wants a model', () => {
  it('nnc compile -m ENSEMBLE names the learner and the run to pick instead', async () => {
    const run = await runNnc(repoRoot, 'compile', 'examples/adaboost-xor.nnet', '-m', 'BoostedXor');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'nnc: BoostedXor is an ensemble of XorLine: pick its learner with --model XorLine, or its run with --run BoostedXor\n',
    );
  });
});

describe('where scikit-learn stops silently', () => {
  it('nnet prints the refused round with its reason (golden of the per-round table)', () => {
    const fixtures = JSON.parse(
      fs.readFileSync(
        path.join(repoRoot, 'packages/runtime/test/boost/fixtures/adaboost-samme.json'),
        'utf8',
      ),
    ) as {
      cases: {
        name: string;
        classes: number;
        rounds: number;
        labels: number[];
        fits: { predictions: number[] }[];
        sklearn: { fitted: number; estimator_weights: number[] };
      }[];
    };
    const early = fixtures.cases.find((c) => c.sklearn.fitted < c.rounds)!;
    const lines = [
      `${early.name}: scikit-learn ${early.sklearn.fitted} of ${early.rounds} estimators, then α = ${JSON.stringify(early.sklearn.estimator_weights.slice(early.sklearn.fitted, early.sklearn.fitted + 3))}… and no warning`,
      boostTableHeader(early.classes),
    ];
    let next = 0;
    const result = runSamme(
      early.labels,
      {
        rounds: early.rounds,
        classes: early.classes,
        onWeak: 'stop',
        onRound: (round) => lines.push(boostTableRow(round, early.classes)),
      },
      () => ({ learner: next, predictions: early.fits[next++].predictions }),
    );
    expect(result.stopped?.round).toBe(early.sklearn.fitted + 1);
    expectGolden(
      path.join(repoRoot, 'tests/examples/adaboost-sklearn-early-stop.table.txt'),
      lines.join('\n') + '\n',
    );
  });
});

describe('a weak learner with model arguments (`of Mlp(width = 2, act = tanh)`)', () => {
  const file = 'tests/cases/valid/ensemble-learner-arguments.nnet';

  it('trains, saves and evaluates the learner with its arguments, not the model defaults', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-boost-variant-'));
    const run = await runNnc(repoRoot, 'train', file, '--run', 'Boosted', '-o', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'of Mlp(width = 2, act = tanh) (9 parameters each) with run Boosted',
    );
    const checkpoint = readSafetensors(path.join(out, 'ensemble.safetensors'));
    expect(checkpoint.metadata.learner).toBe('Mlp(width = 2, act = tanh)');
    // Two hidden units (the argument), not Mlp's default 16.
    expect(checkpoint.tensors['learner_1/dense/weights'].shape).toEqual([2, 2]);
    expect(checkpoint.tensors['learner_1/dense_1/weights'].shape).toEqual([2, 1]);
    const evaluated = await runNnc(
      repoRoot,
      'eval',
      file,
      '--run',
      'Boosted',
      '--split',
      'training',
      '--weights',
      path.join(out, 'ensemble.safetensors'),
    );
    expect(evaluated.stderr).toBe('');
    const printed = /^training +accuracy of H ([\d.]+) %$/m.exec(run.stdout)![1];
    expect(evaluated.stdout).toContain(`on training: ${printed} %`);
    // Without --run, the file's first model's boosting run is taken, as for `of Mlp`.
    const first = await runNnc(
      repoRoot,
      'eval',
      file,
      '--split',
      'training',
      '--weights',
      path.join(out, 'ensemble.safetensors'),
    );
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`on training: ${printed} %`);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('is a model of its own name for the commands that take one', async () => {
    const named = await runNnc(repoRoot, 'compile', file, '-m', 'Boosted');
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(
      'nnc: Boosted is an ensemble of Mlp(width = 2, act = tanh): pick its learner with --model Boosted.Mlp, or its run with --run Boosted\n',
    );
    const summary = await runNnc(repoRoot, 'summary', file, '-m', 'Boosted.Mlp');
    expect(summary.stderr).toBe('');
    expect(summary.stdout).toContain('Model: "Boosted.Mlp"');
    expect(summary.stdout).toContain('Total params: 9 (trainable 9, non-trainable 0)');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-boost-variant-'));
    const compiled = await runNnc(repoRoot, 'compile', file, '-m', 'Boosted.Mlp', '-o', out);
    expect(compiled.stderr).toBe('');
    const js = fs.readFileSync(path.join(out, 'Boosted.Mlp.js'), 'utf8');
    expect(js).toContain('export const modelName = "Boosted.Mlp";');
    // Width 2 (the argument): dense 2 × 2 + 2, then 2 × 1 + 1.
    expect(js).toContain('{"name":"dense/weights","shape":[2,2],"trainable":true}');
    expect(js).toContain('{"name":"dense_1/weights","shape":[2,1],"trainable":true}');
    fs.rmSync(out, { recursive: true, force: true });
  });
});
