// A worker compiles a trial once per model shape and data once per data seed (search/trial-cache.ts):
// trials that differ only in the learning rate and their seeds share one module, and all share one
// dataset. Each trial must still train exactly as `nnc train` trains that trial's own file: every
// epoch's loss and validation loss, to the last digit.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import {
  learningRateIsSettable,
  trialKey,
} from '../../packages/compiler/src/search/trial-cache.js';

const source = `model Net(width = 16, act = relu) {
  input x: [2]
  dense(width, act)
  dropout(0.1)
  dense(3, softmax)
}

train Net {
  data = spiral(points = 60, classes = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  batch = 16
  epochs = 8
  split = [0.75, 0.25]
  metrics = [accuracy]
  seed = 4
}

search Rates over Net {
  width in [8, 24]
  lr in [1e-3, 3e-2, 0.2]
  method = grid
  maximize = val_accuracy
}
`;

interface Trial {
  trial: number;
  overrides: { key: string; value: string }[];
  seed: number;
  losses: number[];
  curve: number[];
}

describe('trials sharing a compiled module and their data', () => {
  it('keys a trial by what shapes its code: the learning rate and the seeds left out', () => {
    const lr = new Set(['lr']);
    const a = trialKey(
      [
        { key: 'width', value: '8' },
        { key: 'lr', value: '1e-3' },
        { key: 'seed', value: '7' },
        { key: 'data_seed', value: '4' },
      ],
      lr,
    );
    const b = trialKey(
      [
        { key: 'width', value: '8' },
        { key: 'lr', value: '0.2' },
        { key: 'seed', value: '9' },
        { key: 'data_seed', value: '4' },
      ],
      lr,
    );
    expect(a).toEqual({ key: b!.key, seed: 7, dataSeed: 4, learningRate: 0.001 });
    expect(b!.learningRate).toBe(0.2);
    // Another width, or no learning rate at all, is another module.
    const wider = trialKey(
      [
        { key: 'width', value: '24' },
        { key: 'lr', value: '0.2' },
        { key: 'seed', value: '9' },
        { key: 'data_seed', value: '4' },
      ],
      lr,
    );
    expect(wider!.key).not.toBe(a!.key);
    const without = trialKey(
      [
        { key: 'width', value: '8' },
        { key: 'seed', value: '9' },
        { key: 'data_seed', value: '4' },
      ],
      lr,
    );
    expect(without!.key).not.toBe(a!.key);
    // A rate that is not a plain number, or a trial without its seeds, is compiled on its own.
    expect(
      trialKey(
        [
          { key: 'lr', value: 'rate * 2' },
          { key: 'seed', value: '1' },
        ],
        lr,
      ),
    ).toBe(undefined);
    expect(trialKey([{ key: 'width', value: '8' }], lr)).toBe(undefined);
  });

  it('sets another rate only on code where every optimizer got the same one', () => {
    const js =
      'o0 = adam([p0], { learningRate: 0.001, beta1: 0.9 }); o1 = adam([p1], { learningRate: 0.001 });';
    expect(learningRateIsSettable(js, 0.001)).toBe(true);
    expect(learningRateIsSettable(js.replace('0.001 }', '0.002 }'), 0.001)).toBe(false);
    expect(learningRateIsSettable('no optimizer', 0.001)).toBe(false);
  });

  it('trains every trial as `nnc train` trains its own file, epoch by epoch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-shared-'));
    fs.writeFileSync(path.join(dir, 'rates.nnet'), source);
    // One worker: the six trials run in one thread, two modules (per width) and one dataset.
    const searched = await runNnc(dir, 'search', 'rates.nnet', '--workers', '1', '-q', '-o', 'out');
    expect(searched.code, searched.stderr).toBe(0);
    const trials = JSON.parse(fs.readFileSync(path.join(dir, 'out/trials.json'), 'utf8'))
      .trials as Trial[];
    expect(trials).toHaveLength(6);
    // The cache did share: the learning rates differ, and so do the curves they gave.
    expect(new Set(trials.map((t) => t.losses[7])).size).toBe(6);
    for (const trial of trials) {
      const sets = [
        ...trial.overrides,
        { key: 'seed', value: String(trial.seed) },
        { key: 'data_seed', value: '4' },
      ].flatMap(({ key, value }) => ['--set', `${key}=${value}`]);
      const report = path.join(dir, `report-${trial.trial}.json`);
      const trained = await runNnc(
        dir,
        ...['train', 'rates.nnet', ...sets, '-q', '--no-evaluation', '--report', report],
        ...['-o', `out/train-${trial.trial}`],
      );
      expect(trained.code, trained.stderr).toBe(0);
      const epochs = JSON.parse(fs.readFileSync(report, 'utf8')).epochs as {
        loss: number;
        val_accuracy: number;
      }[];
      expect(
        epochs.map((e) => e.loss),
        `trial ${trial.trial}`,
      ).toEqual(trial.losses);
      expect(
        epochs.map((e) => e.val_accuracy),
        `trial ${trial.trial}`,
      ).toEqual(trial.curve);
    }
  }, 300_000);
});
