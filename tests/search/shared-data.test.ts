// A search reads its data once, on the main thread, into shared memory (search/shared-data.ts),
// and its workers train on those bytes. Checked: the shared parts hold what `nnc train`'s loading
// gives, in SharedArrayBuffers, without the unused test part; every trial says it trained on
// them; 2 workers give every trial the very numbers 1 worker gives; a trial whose data differs (a
// searched constant in the data) loads its own and still trains as `nnc train` trains its file.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTensorInto, makeSpiral, Prng, splitDataset } from '@nnet/runtime/train';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { loadProgram } from '../../packages/compiler/src/program.js';
import { loadSplits } from '../../packages/compiler/src/run/load-splits.js';
import { compileTrial } from '../../packages/compiler/src/search/trial-compile.js';
import { evaluateGeneratedModule } from '../../packages/compiler/src/search/generated-module.js';
import { loadSharedData } from '../../packages/compiler/src/search/shared-data.js';
import { runWithSeeds, trialKey } from '../../packages/compiler/src/search/trial-cache.js';
import { runtimeFileUrl } from '../../packages/compiler/src/targets/js/load.js';

const source = (data: string) => `const points = 50

model Net(width = 12) {
  input x: [2]
  dense(width, tanh)
  dropout(0.1)
  dense(3, softmax)
}

train Net {
  data = ${data}
  loss = cross_entropy
  optimizer = adam(lr = 0.02)
  batch = 16
  epochs = 5
  split = [0.6, 0.2, 0.2]
  metrics = [accuracy]
  seed = 4
}

search Widths over Net {
  width in [6, 12, 18, 24]
  lr in [0.01, 0.05]
  method = grid
  maximize = val_accuracy
}

search Points over Net {
  points in [30, 50]
  width in [6, 12]
  method = grid
  maximize = val_accuracy
}
`;

interface Trial {
  trial: number;
  values: Record<string, unknown>;
  overrides: { key: string; value: string }[];
  seed: number;
  losses: number[];
  curve: number[];
  metric: number;
  sharedData?: boolean;
}

function readTrials(dir: string, out: string): Trial[] {
  const json = JSON.parse(fs.readFileSync(path.join(dir, out, 'trials.json'), 'utf8'));
  return json.trials as Trial[];
}

describe('data shared by a search’s workers', () => {
  it('holds what `nnc train` loads, in shared memory, without the test part', async () => {
    const file = path.join(os.tmpdir(), 'nnet-shared-data.nnet');
    const text = source('spiral(points = points, classes = 3)');
    const program = loadProgram(file, { readFile: (f) => (f === file ? text : undefined) });
    const overrides = [
      { key: 'width', value: '12' },
      { key: 'seed', value: '9' },
      { key: 'data_seed', value: '4' },
    ];
    const runtimeUrl = runtimeFileUrl();
    const runtime: unknown = await import(runtimeUrl);
    const shared = loadSharedData(program, 'Net', overrides, new Set(), runtime, runtimeUrl);
    expect(shared).toBeDefined();
    // What `nnc train` of the trial's file loads: every part, the test part included.
    const compiled = compileTrial(program, 'Net', overrides, runtimeUrl, (f) => f);
    if ('error' in compiled) throw new Error(compiled.error);
    const module = evaluateGeneratedModule(compiled.js, runtime, loadTensorInto)!;
    const run = runWithSeeds(compiled.run, trialKey(overrides, new Set())!);
    const model = module.create({ seed: 9 });
    const own = loadSplits(run, model, os.tmpdir(), 9);
    expect(own.test!.count).toBe(30);
    const { train, validation } = shared!.splits;
    expect(Object.keys(shared!.splits).sort()).toEqual(['train', 'validation']);
    for (const [mine, theirs] of [
      [train, own.train],
      [validation!, own.validation!],
    ]) {
      expect(mine.inputs.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(mine.targets.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(mine.inputs.constructor).toBe(theirs.inputs.constructor);
      expect(Array.from(mine.inputs)).toEqual(Array.from(theirs.inputs));
      expect(Array.from(mine.targets)).toEqual(Array.from(theirs.targets));
      expect({ ...mine, inputs: 0, targets: 0 }).toEqual({ ...theirs, inputs: 0, targets: 0 });
    }
    // The data seed is part of the key: another seed is other data.
    const reseeded = loadSharedData(
      program,
      'Net',
      overrides.map((o) => (o.key === 'data_seed' ? { ...o, value: '5' } : o)),
      new Set(),
      runtime,
      runtimeUrl,
    );
    expect(reseeded!.key).not.toBe(shared!.key);
    expect(Array.from(reseeded!.splits.train.targets)).not.toEqual(Array.from(train.targets));
    // Data that does not load is no shared data: each trial then reports the error itself.
    const broken = source('csv("missing.csv", target = "y")');
    const brokenProgram = loadProgram(file, {
      readFile: (f) => (f === file ? broken : undefined),
    });
    expect(
      loadSharedData(brokenProgram, 'Net', overrides, new Set(), runtime, runtimeUrl),
    ).toBeUndefined();
  });

  it('splits the same first parts when the test part is left out', () => {
    const data = makeSpiral({ points: 40, classes: 3, noise: 0.2 }, new Prng(1));
    const all = splitDataset(data, [0.5, 0.3, 0.2], 7);
    const kept = splitDataset(data, [0.5, 0.3, 0.2], 7, 2);
    expect(kept).toHaveLength(2);
    expect(kept.map((p) => Array.from(p.inputs))).toEqual(
      all.slice(0, 2).map((p) => Array.from(p.inputs)),
    );
    expect(kept.map((p) => Array.from(p.targets))).toEqual(
      all.slice(0, 2).map((p) => Array.from(p.targets)),
    );
  });

  it('gives every trial the numbers of 1 worker on 2, all on the shared data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-shared-data-'));
    fs.writeFileSync(path.join(dir, 'net.nnet'), source('spiral(points = points, classes = 3)'));
    const runs: Trial[][] = [];
    for (const workers of ['1', '2']) {
      const out = `out-${workers}`;
      const searched = await runNnc(
        dir,
        'search',
        'net.nnet',
        '--workers',
        workers,
        '-q',
        '-o',
        out,
      );
      expect(searched.code, searched.stderr).toBe(0);
      const trials = readTrials(dir, out);
      expect(trials).toHaveLength(8);
      expect(trials.map((t) => t.sharedData)).toEqual(trials.map(() => true));
      runs.push(trials);
    }
    const numbers = (trials: Trial[]) =>
      trials.map((t) => ({ trial: t.trial, losses: t.losses, curve: t.curve, metric: t.metric }));
    expect(numbers(runs[1])).toEqual(numbers(runs[0]));
    // The trials differ (width and rate change the curves), so equal lists are not equal by chance.
    expect(new Set(runs[0].map((t) => t.losses.at(-1))).size).toBe(8);
  }, 300_000);

  it('lets a trial with other data load its own, trained as `nnc train` does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-shared-data-'));
    fs.writeFileSync(path.join(dir, 'net.nnet'), source('spiral(points = points, classes = 3)'));
    const searched = await runNnc(
      dir,
      ...['search', 'net.nnet', '--search', 'Points', '--workers', '2', '-q', '-o', 'out'],
    );
    expect(searched.code, searched.stderr).toBe(0);
    const trials = readTrials(dir, 'out');
    expect(trials).toHaveLength(4);
    // The first trial to start (the largest: width 12) decides which points are shared.
    const sharedPoints = new Set(trials.filter((t) => t.sharedData).map((t) => t.values.points));
    expect(sharedPoints.size).toBe(1);
    expect(trials.filter((t) => t.sharedData)).toHaveLength(2);
    for (const trial of trials) {
      const sets = [
        ...trial.overrides,
        { key: 'seed', value: String(trial.seed) },
        { key: 'data_seed', value: '4' },
      ].flatMap(({ key, value }) => ['--set', `${key}=${value}`]);
      const report = path.join(dir, `report-${trial.trial}.json`);
      const trained = await runNnc(
        dir,
        ...['train', 'net.nnet', ...sets, '-q', '--no-evaluation', '--report', report],
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
