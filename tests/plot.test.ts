// Comparing runs: `log_every` losses in the report (checked against the per-epoch losses they
// average), `nnc plot` over several reports (one curve per run and split, the final-values table),
// and clear errors for a report without steps, an evaluation report or a missing file.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const runs = `model A {
  input x: [2]
  dense(4, tanh)
  dense(1, sigmoid)
}

train A {
  data = xor
  loss = binary_cross_entropy
  optimizer = sgd(lr = 0.5)
  batch = 4
  epochs = 10
  split = [1, 0]
  log_every = 2
  metrics = [binary_accuracy]
  seed = 1
}

model Bm {
  input x: [2]
  dense(4, tanh)
  dense(1, sigmoid)
}

train Bm {
  data = moons(samples = 100)
  loss = binary_cross_entropy
  optimizer = adam(lr = 0.02)
  batch = 10
  epochs = 4
  split = [0.8, 0.2]
  log_every = 3
  seed = 1
}
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-plot-'));
  fs.writeFileSync(path.join(dir, 'runs.nnet'), runs);
  return dir;
}

interface Report {
  epochs: { epoch: number; loss: number }[];
  steps: { step: number; epoch: number; loss: number }[];
}

describe('log_every and nnc plot', () => {
  it('records the mean loss of every N steps, and overlays runs per step and per epoch', async () => {
    const dir = workspace();
    const a = await runNnc(dir, 'train', 'runs.nnet', '--run', 'A', '-q', '--no-evaluation');
    expect(a.code).toBe(0);
    const b = await runNnc(dir, 'train', 'runs.nnet', '--run', 'Bm', '-q', '--no-evaluation');
    expect(b.code).toBe(0);
    const report = JSON.parse(
      fs.readFileSync(path.join(dir, 'out/A/report.json'), 'utf8'),
    ) as Report;
    // XOR's 4 samples in one batch: one step per epoch, so each entry averages two epochs' losses.
    expect(report.steps.map((s) => [s.step, s.epoch])).toEqual([
      [2, 2],
      [4, 4],
      [6, 6],
      [8, 8],
      [10, 10],
    ]);
    report.steps.forEach((s, i) =>
      expect(s.loss).toBeCloseTo(
        (report.epochs[2 * i].loss + report.epochs[2 * i + 1].loss) / 2,
        6,
      ),
    );

    const plotted = await runNnc(
      dir,
      'plot',
      'out/A/report.json',
      'out/Bm/report.json',
      '--per',
      'step',
      '--log',
      '-o',
      'pictures/compare.svg',
    );
    expect(plotted.stderr).toBe('');
    expect(plotted.code).toBe(0);
    const svg = fs.readFileSync(path.join(dir, 'pictures/compare.svg'), 'utf8');
    // A has no validation split; Bm has: three curves.
    expect(svg.match(/<path class="series"/g)).toHaveLength(3);
    for (const label of ['A: training', 'Bm: training', 'Bm: validation', 'step (gradient update)'])
      expect(svg).toContain(label);
    expect(fs.existsSync(path.join(dir, 'pictures/compare.png'))).toBe(true);
    const lines = plotted.stdout.split('\n');
    expect(lines[0]).toMatch(/^run\s+params\s+epochs\s+train loss/);
    expect(lines[1]).toMatch(/^A\s+17\s+10\s/);
    expect(lines[2]).toMatch(/^Bm\s+17\s+4\s/);

    const perEpoch = await runNnc(
      dir,
      'plot',
      'out/A/report.json',
      '--metric',
      'binary_accuracy',
      '-o',
      'acc.svg',
    );
    expect(perEpoch.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'acc.svg'), 'utf8')).toContain('>epoch<');
  });

  it('says what is missing: per-step losses, a training report, the file', async () => {
    const dir = workspace();
    fs.writeFileSync(
      path.join(dir, 'plain.json'),
      JSON.stringify({
        run: 'R',
        epochs: [{ epoch: 1, loss: 1, seconds: 0 }],
        final: {},
        params: 1,
        samplesPerSecond: 1,
      }),
    );
    const noSteps = await runNnc(dir, 'plot', 'plain.json', '--per', 'step');
    expect(noSteps.code).toBe(1);
    expect(noSteps.stderr).toBe(
      'nnc: plain.json has no per-step losses; add `log_every = 1` (or N) to train R and train again, or plot --per epoch\n',
    );
    fs.writeFileSync(
      path.join(dir, 'evaluation.json'),
      JSON.stringify({ format: 'nnet-evaluation-report' }),
    );
    const evaluation = await runNnc(dir, 'plot', 'evaluation.json');
    expect(evaluation.stderr).toContain('nnc: evaluation.json: is an evaluation report');
    const missing = await runNnc(dir, 'plot', 'nope.json');
    expect(missing.stderr).toBe('nnc: nope.json: no such file\n');
    const metric = await runNnc(dir, 'plot', 'plain.json', '--metric', 'auc');
    expect(metric.stderr).toBe(
      'nnc: plain.json did not record auc; it recorded: loss. Plot one of those with --metric, or add `metrics = [auc]` to the train run and train again\n',
    );
  });

  it('writes the SVG and the PNG whether -o names the .svg, the .png or neither', async () => {
    const dir = workspace();
    fs.writeFileSync(
      path.join(dir, 'plain.json'),
      JSON.stringify({
        run: 'R',
        epochs: [
          { epoch: 1, loss: 1, seconds: 0 },
          { epoch: 2, loss: 0.5, seconds: 0 },
        ],
        final: {},
        params: 1,
        samplesPerSecond: 1,
      }),
    );
    for (const out of ['a.svg', 'b.png', 'c']) {
      const plot = await runNnc(dir, 'plot', 'plain.json', '-o', out);
      expect(plot.code, out).toBe(0);
      const base = out.replace(/\.(svg|png)$/, '');
      expect(fs.readFileSync(path.join(dir, `${base}.svg`), 'utf8')).toMatch(/^<svg/);
      expect([...fs.readFileSync(path.join(dir, `${base}.png`)).subarray(1, 4)]).toEqual([
        0x50, 0x4e, 0x47,
      ]);
      expect(plot.stdout).toContain(`wrote ${base}.svg, ${base}.png`);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.png.png'))).toEqual([]);
  });
});
