// Recordings of real runs: `nnc train --record` in a child process, stopped with SIGKILL part way,
// leaves a weights.nnwr that reads up to its last complete snapshot (consecutive steps, finite
// weights that moved) and that `nnc graph --weights` draws; a finished run's report counts them.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '@nnet/runtime/train';
import { repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const nncBin = path.join(repoRoot, 'packages/compiler/bin/nnc.js');

describe('a recording of a killed run', () => {
  it('reads up to its last complete snapshot and is drawn', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-killed-'));
    const file = path.join(out, 'weights.nnwr');
    // show-net trains 45,000 steps; a snapshot every 5 steps is 9,001 snapshots if it finishes.
    const child = spawn(
      process.execPath,
      [
        nncBin,
        'train',
        'examples/show-net.nnet',
        '-q',
        '--no-evaluation',
        '--threads',
        '1',
        '--record',
        'weights:every=5steps',
        '-o',
        out,
      ],
      { cwd: repoRoot, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill it once the file holds more than 40 snapshots of 24 + 4 · 25 bytes (after its header).
    const enough = 4096 + 40 * 124;
    const started = Date.now();
    while (Date.now() - started < 120_000 && child.exitCode === null) {
      if (fs.existsSync(file) && fs.statSync(file).size > enough) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect(await exited, 'the run was killed, not finished').toBe('SIGKILL');

    const recording = readRecording(file);
    const steps = recording.snapshots.map((s) => s.step);
    expect(steps.length).toBeGreaterThan(40);
    expect(steps.length).toBeLessThan(9001);
    expect(steps).toEqual(steps.map((_, i) => 5 * i));
    // The bytes past the last complete snapshot are at most one partial snapshot, and said so.
    const tail =
      fs.statSync(file).size - recording.dataOffset - steps.length * recording.recordBytes;
    expect(tail).toBeGreaterThanOrEqual(0);
    expect(tail).toBeLessThan(recording.recordBytes);
    expect(recording.truncated === undefined).toBe(tail === 0);
    const first = recording.snapshots[0].params['dense/weights'];
    const last = recording.snapshots.at(-1)!.params['dense/weights'];
    expect(last.every(Number.isFinite)).toBe(true);
    expect(Array.from(last)).not.toEqual(Array.from(first));

    const drawn = await runNnc(
      repoRoot,
      'graph',
      'examples/show-net.nnet',
      '--weights',
      file,
      '--at',
      `0,${steps.at(-1)}`,
      '-o',
      path.join(out, 'net'),
    );
    expect(drawn.stderr).not.toContain('nearest');
    expect(drawn.code).toBe(0);
    const svg = fs.readFileSync(path.join(out, `net.step-${steps.at(-1)}.svg`), 'utf8');
    expect(svg).toContain(`after ${steps.at(-1)!.toLocaleString('en-US')} steps`);
    fs.rmSync(out, { recursive: true, force: true });
  }, 180_000);
  it('of a finished run: the first and last snapshots always, counted in report.json', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-recorded-'));
    // 200 points in batches of 10, 3 epochs: 60 steps; every 7 steps, plus the first and the last.
    const run = await runNnc(
      repoRoot,
      'train',
      'examples/show-net.nnet',
      '-q',
      '--no-evaluation',
      '--set',
      'epochs=3',
      '--record',
      'weights:every=7steps',
      '-o',
      out,
    );
    expect(run.stderr).toBe('');
    const recording = readRecording(path.join(out, 'weights.nnwr'));
    expect(recording.snapshots.map((s) => s.step)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 60]);
    expect(recording.truncated).toBeUndefined();
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      recording: { snapshots: number; cpuSeconds: number };
    };
    expect(report.recording.snapshots).toBe(10);
    expect(Number.isFinite(report.recording.cpuSeconds)).toBe(true);
    expect(report.recording.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(run.stdout).toContain('weights.nnwr (10 snapshots)');
    fs.rmSync(out, { recursive: true, force: true });
  });
});
