// `nnc search` with `method = tpe` end to end: with one worker the same file gives the same trials
// on every run (each trial's draws come from its own generator and the trials finished before it);
// with two workers and successive halving every trial runs once, is complete or pruned, and the
// values after the random start-up are TPE's (they differ from `method = random`'s).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';

const source = (method: string) => `model Net(width = 8) {
  input x: [2]
  dense(width, relu)
  dense(3, softmax)
}

train Net {
  data = spiral(points = 40, classes = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  batch = 16
  epochs = 6
  split = [0.75, 0.25]
  metrics = [accuracy]
  seed = 2
}

search Tune over Net {
  width in [4, 8, 16, 32]
  lr in loguniform(1e-3, 0.3)
  method = ${method}
  trials = 10
  seed = 5
  maximize = val_accuracy
  prune = asha(min_epochs = 2, reduction = 2)
}
`;

interface Line {
  trial: number;
  values: Record<string, number>;
  seed: number;
  status: string;
  metric: number | null;
  point?: Record<string, number>;
}

async function search(method: string, workers: number): Promise<Line[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-tpe-'));
  fs.writeFileSync(path.join(dir, 'tune.nnet'), source(method));
  const run = await runNnc(dir, 'search', 'tune.nnet', '--workers', String(workers), '-q');
  expect(run.code, run.stderr).toBe(0);
  return fs
    .readFileSync(path.join(dir, 'out/search/Tune/trials.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)
    .sort((a, b) => a.trial - b.trial);
}

describe('nnc search with TPE', () => {
  it('gives the same trials on every run with one worker, and TPE values after the start-up', async () => {
    const method = 'tpe(startup_trials = 4)';
    const first = await search(method, 1);
    const second = await search(method, 1);
    const summary = (lines: Line[]) =>
      lines.map((l) => [l.trial, l.values, l.seed, l.status, l.metric]);
    expect(summary(second)).toEqual(summary(first));
    expect(first.map((l) => l.trial)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const line of first) {
      expect([4, 8, 16, 32]).toContain(line.values.width);
      expect(line.values.lr).toBeGreaterThanOrEqual(1e-3);
      expect(line.values.lr).toBeLessThanOrEqual(0.3);
      expect(line.point?.width).toBe([4, 8, 16, 32].indexOf(line.values.width));
    }
    // Random sampling with the same seed draws other values for trials 5–10.
    const random = await search('random', 1);
    const later = (lines: Line[]) => lines.slice(4).map((l) => l.values.lr);
    expect(later(first)).not.toEqual(later(random));
  }, 600_000);

  it('runs every trial once on two workers with successive halving', async () => {
    const lines = await search('tpe(startup_trials = 3)', 2);
    expect(lines.map((l) => l.trial)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const line of lines) expect(['complete', 'pruned']).toContain(line.status);
    expect(lines.some((l) => l.status === 'complete')).toBe(true);
  }, 600_000);
});
