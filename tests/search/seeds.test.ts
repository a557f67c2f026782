// `seeds = N` in a search: every trial trains N times, its own seed first and then
// repeatSeeds(search seed, trial, N), and is ranked by the mean. Checked: each training's metric is
// what `nnc train` gives with that seed, the trial's metric is their mean, best.nnet reproduces the
// first, the check line says so, and a bad count is NN4106.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '@nnet/compiler';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { describeSearches } from '../../packages/compiler/src/search/describe.js';
import { repeatSeeds, trialSeed } from '../../packages/compiler/src/search/space.js';

const source = (seeds: string) => `model Net(width = 16) {
  input x: [2]
  dense(width, tanh)
  dropout(0.2)
  dense(3, softmax)
}

train Net {
  data = spiral(points = 60, classes = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.02)
  batch = 16
  epochs = 6
  split = [0.75, 0.25]
  metrics = [accuracy]
  seed = 4
}

search Repeat over Net {
  width in [8, 24]
  method = grid
  seed = 5
  ${seeds}
  maximize = val_accuracy
}
`;

interface Trial {
  trial: number;
  seed: number;
  metric: number;
  repeats: { seed: number; metric: number }[];
  overrides: { key: string; value: string }[];
}

describe('seeds = N', () => {
  const checkText = (text: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-seeds-')), 'repeat.nnet');
    fs.writeFileSync(file, text);
    return checkFile(file);
  };

  it('is counted by the check, and a count below 1 is an error', () => {
    const checked = checkText(source('seeds = 3'));
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(describeSearches(checked.checked!.searches)[0]).toContain(
      '2 trials (grid) × 3 seeds (their mean)',
    );
    const zero = checkText(source('seeds = 0'));
    expect(zero.diagnostics.map((d) => d.code)).toEqual(['NN4106']);
    expect(zero.diagnostics[0].message).toContain('a whole number ≥ 1');
  });

  it('trains each trial with each seed, ranks by the mean, and best.nnet gives the first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-seeds-'));
    fs.writeFileSync(path.join(dir, 'repeat.nnet'), source('seeds = 3'));
    const searched = await runNnc(
      dir,
      'search',
      'repeat.nnet',
      '--workers',
      '2',
      '-q',
      '-o',
      'out',
    );
    expect(searched.code, searched.stderr).toBe(0);
    expect(searched.stdout).toMatch(/best: trial #\d, val_accuracy [\d.]+ % \(mean of 3 seeds; /);
    const trials = JSON.parse(fs.readFileSync(path.join(dir, 'out/trials.json'), 'utf8'))
      .trials as Trial[];
    expect(trials).toHaveLength(2);
    for (const trial of trials) {
      expect(trial.seed).toBe(trialSeed(5, trial.trial));
      expect(trial.repeats.map((r) => r.seed)).toEqual([
        trial.seed,
        ...repeatSeeds(5, trial.trial, 3),
      ]);
      const metrics = trial.repeats.map((r) => r.metric);
      expect(trial.metric).toBe((metrics[0] + metrics[1] + metrics[2]) / 3);
      // Each training is `nnc train` of the trial's file with that seed.
      for (const repeat of trial.repeats) {
        const sets = [
          ...trial.overrides,
          { key: 'seed', value: String(repeat.seed) },
          { key: 'data_seed', value: '4' },
        ].flatMap(({ key, value }) => ['--set', `${key}=${value}`]);
        const report = path.join(dir, `report-${trial.trial}-${repeat.seed}.json`);
        const trained = await runNnc(
          dir,
          ...['train', 'repeat.nnet', ...sets, '-q', '--no-evaluation', '--report', report],
          ...['-o', `out/train-${repeat.seed}`],
        );
        expect(trained.code, trained.stderr).toBe(0);
        const final = JSON.parse(fs.readFileSync(report, 'utf8')).final;
        expect(final.validation.accuracy, `trial ${trial.trial}, seed ${repeat.seed}`).toBe(
          repeat.metric,
        );
      }
    }
    // The three seeds do not all give the same accuracy (else the mean would test nothing).
    expect(new Set(trials.flatMap((t) => t.repeats.map((r) => r.metric))).size).toBeGreaterThan(1);
    const best = fs.readFileSync(path.join(dir, 'out/best.nnet'), 'utf8');
    expect(best).toContain('Its metric is the mean over 3 seeds');
    // The pictures say that their values are means.
    for (const picture of ['metric-by-trial', 'learning-curves'])
      expect(
        fs.readFileSync(path.join(dir, `out/pictures/${picture}.svg`), 'utf8'),
        picture,
      ).toContain('mean of 3 seeds');
  }, 300_000);
});
