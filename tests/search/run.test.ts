// `nnc search` end to end: a search killed part-way resumes without redoing finished trials (their
// lines stay as they were, each trial is in the results once), every trial has its own seed, and
// the best trial's .nnet file, and the original file with best.args, train under `nnc train` to
// the same validation accuracy, to the last digit (the trial's seed and data seed are in both).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { repoRoot } from '../golden.js';
import { trialSeed } from '../../packages/compiler/src/search/space.js';

const source = `model Net(width = 16, depth = 1, act = relu) {
  input x: [2]
  repeat depth {
    dense(width, act)
  }
  dense(3, softmax)
}

train Net {
  data = spiral(points = 80, classes = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  batch = 16
  epochs = 25
  split = [0.75, 0.25]
  metrics = [accuracy]
  seed = 4
}

search Tune over Net {
  width in [8, 16, 32]
  depth in [1, 2]
  act in [relu, tanh]
  method = grid
  maximize = val_accuracy
  prune = median(warmup = 3)
}
`;

const lines = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/** Starts `nnc search` from the sources in a child process (so it can be killed). */
function startSearch(dir: string) {
  const main = path.join(repoRoot, 'packages/compiler/src/cli/main.ts');
  const script = `import(${JSON.stringify(main)}).then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`;
  return spawn(
    process.execPath,
    [
      ...['--import', 'tsx', '--conditions=@nnet/source', '-e', script, '--', 'search'],
      ...[path.join(dir, 'tune.nnet'), '--out', path.join(dir, 'out/search/Tune')],
      ...['--workers', '1', '-q'],
    ],
    // From the repository, where `tsx` resolves.
    { cwd: repoRoot, stdio: 'ignore' },
  );
}

describe('nnc search', () => {
  it('resumes a killed search, running only the trials that had not finished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-search-'));
    fs.writeFileSync(path.join(dir, 'tune.nnet'), source);
    const results = path.join(dir, 'out/search/Tune/trials.jsonl');
    const child = startSearch(dir);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    // Kill it once 3 trials are written, while later ones run.
    const deadline = Date.now() + 240_000;
    while (lines(results).length < 3 && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const before = lines(results);
    expect(before.length, 'killed after 3 trials, before the last of 12').toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(12);
    const finishedBefore = before.map((l) => JSON.parse(l).trial as number);

    const { code, stdout } = await runNnc(
      dir,
      'search',
      'tune.nnet',
      '--resume',
      '--workers',
      '2',
      '-q',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      `resuming: ${before.length} finished trials kept, ${12 - before.length} to run`,
    );
    const after = lines(results);
    // The finished trials' lines are untouched and first; every trial appears exactly once.
    expect(after.slice(0, before.length)).toEqual(before);
    const trials = after.map((l) => JSON.parse(l).trial as number);
    expect([...trials].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(trials.slice(before.length).some((t) => finishedBefore.includes(t))).toBe(false);
    const statuses = after.map((l) => JSON.parse(l).status as string);
    expect(statuses).toContain('complete');
    // Every trial has its own seed, trialSeed(search seed, trial): the resumed ones too.
    const seeds = after.map((l) => JSON.parse(l) as { trial: number; seed: number });
    for (const { trial, seed } of seeds) expect(seed).toBe(trialSeed(0, trial));
    expect(new Set(seeds.map((s) => s.seed)).size).toBe(12);

    // The best trial, written as a .nnet file, trains to the same validation accuracy.
    const summary = JSON.parse(
      fs.readFileSync(path.join(dir, 'out/search/Tune/trials.json'), 'utf8'),
    );
    const best = summary.trials.find((t: { trial: number }) => t.trial === summary.best);
    expect(best.status).toBe('complete');
    const report = path.join(dir, 'best-report.json');
    const trained = await runNnc(
      dir,
      'train',
      'out/search/Tune/best.nnet',
      '-q',
      '--no-evaluation',
      '--report',
      report,
      '-o',
      'out/best',
    );
    expect(trained.code).toBe(0);
    // best.nnet carries the trial's seed and the run's data seed (4): the same data, the same start.
    const bestText = fs.readFileSync(path.join(dir, 'out/search/Tune/best.nnet'), 'utf8');
    expect(bestText).toContain(`seed = ${best.seed}\n`);
    expect(bestText).toContain('data_seed = 4\n');
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(json.final.validation.accuracy).toBe(best.metric);
    expect(json.params).toBe(best.params);
    // So do the original file and best.args (values, seeds): `--set` writes the same file.
    const args = fs
      .readFileSync(path.join(dir, 'out/search/Tune/best.args'), 'utf8')
      .trim()
      .split(' ');
    expect(args).toContain(`seed=${best.seed}`);
    const argsReport = path.join(dir, 'args-report.json');
    const viaArgs = await runNnc(
      dir,
      ...['train', 'tune.nnet', ...args, '-q', '--no-evaluation', '--report', argsReport],
      ...['-o', 'out/args'],
    );
    expect(viaArgs.code, viaArgs.stderr).toBe(0);
    const argsJson = JSON.parse(fs.readFileSync(argsReport, 'utf8'));
    expect(argsJson.final.validation.accuracy).toBe(best.metric);
    // And the pictures were written.
    for (const picture of ['metric-by-trial', 'parallel-coordinates', 'learning-curves'])
      expect(fs.existsSync(path.join(dir, `out/search/Tune/pictures/${picture}.svg`))).toBe(true);
  }, 600_000);
});
