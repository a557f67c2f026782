// `nnc train --trace`: the deck's perceptron table for the course examples, as goldens
// (tests/traces/), checked row by row against the perceptron rule run by hand here; batches give a
// row per sample under one step; CSV and JSON Lines carry the same numbers; bad flags are refused.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const nnc = (...args: string[]) => runNnc(repoRoot, ...args);
const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-trace-'));

/** The table: from its header to the blank line before the epoch table. */
function traceTable(stdout: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('step'));
  const end = lines.indexOf('', start);
  return lines.slice(start, end).join('\n') + '\n';
}

/**
 * Every cell of every row starts where a column of the header above it starts (a header may be
 * printed again when a column widens): the table reads as columns whatever the numbers.
 */
function expectAligned(table: string): void {
  let starts: number[] = [];
  const cellStarts = (line: string) => [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index);
  for (const line of table.trimEnd().split('\n')) {
    if (line.startsWith('step')) starts = cellStarts(line);
    else
      for (const start of cellStarts(line))
        expect(starts, `a cell of "${line}" starts at column ${start}`).toContain(start);
  }
}

/** Rosenblatt's rule with the course's step (1 only for z > 0), samples in order. */
function perceptronRule(samples: [number, number, number][], w: number[], epochs: number) {
  const rows: {
    x: number[];
    sum: number;
    u: number;
    y: number;
    before: number[];
    after: number[];
  }[] = [];
  for (let epoch = 0; epoch < epochs; epoch++)
    for (const [a, b, y] of samples) {
      const before = [...w];
      const sum = w[0] + w[1] * a + w[2] * b;
      const u = sum > 0 ? 1 : 0;
      w = [w[0] + (y - u), w[1] + (y - u) * a, w[2] + (y - u) * b];
      rows.push({ x: [a, b], sum, u, y, before, after: [...w] });
    }
  return rows;
}

const tuple = (v: number[]) => `(${v.join(', ')})`;

/**
 * XOR's table holds rounded floats: a kernel summing in another order may move one across a
 * rounding boundary. The text must match the golden but for numbers within 0.2 % (or 1e-4).
 */
function expectCloseGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) return expectGolden(file, actual);
  const tokens = (text: string) => text.split(/(-?\d+(?:\.\d+)?(?:e-?\d+)?)/);
  const expected = tokens(fs.readFileSync(file, 'utf8'));
  const found = tokens(actual);
  expect(found.length, `${file}: the same layout`).toBe(expected.length);
  found.forEach((token, i) => {
    if (i % 2 === 0) expect(token.trim(), `${file}: text`).toBe(expected[i].trim());
    else
      expect(
        Math.abs(Number(token) - Number(expected[i])),
        `${file}: ${token} vs ${expected[i]}`,
      ).toBeLessThanOrEqual(Math.max(1e-4, 2e-3 * Math.abs(Number(expected[i]))));
  });
}

describe('the perceptron table', () => {
  const cases = [
    {
      file: 'perceptron-or.nnet',
      samples: [
        [0, 0, 0],
        [0, 1, 1],
        [1, 0, 1],
        [1, 1, 1],
      ] as [number, number, number][],
      initial: [0, 1, -1],
      epochs: 4,
    },
    {
      file: 'perceptron-and-not.nnet',
      samples: [
        [0, 0, 0],
        [0, 1, 0],
        [1, 0, 1],
        [1, 1, 0],
      ] as [number, number, number][],
      initial: [0, 0, 0],
      epochs: 5,
    },
  ];
  for (const c of cases) {
    it(`${c.file}: every row is the perceptron rule's step, in the deck's columns`, async () => {
      const { code, stdout } = await nnc(
        'train',
        `examples/${c.file}`,
        '--trace',
        '-q',
        '--no-evaluation',
        '-o',
        temporary(),
      );
      expect(code).toBe(0);
      const table = traceTable(stdout);
      expectGolden(
        path.join(repoRoot, 'tests/traces', c.file.replace('.nnet', '.trace.txt')),
        table,
      );
      expectAligned(table);
      const [header, ...rows] = table.trimEnd().split('\n');
      expect(header.split(/\s{2,}/)).toEqual(['step', 'x', 'Σwx', 'u', 'y', 'w before → after']);
      const expected = perceptronRule(c.samples, c.initial, c.epochs);
      expect(rows).toHaveLength(expected.length);
      rows.forEach((row, i) => {
        const e = expected[i];
        expect(row.split(/\s{2,}/)).toEqual([
          String(i + 1),
          tuple(e.x),
          String(e.sum),
          String(e.u),
          String(e.y),
          `${tuple(e.before)} → ${tuple(e.after)}`,
        ]);
      });
    });
  }

  it('xor-train (batch = 4): one row per sample under its step, the weights on the first', async () => {
    const out = temporary();
    const { code, stdout } = await nnc(
      'train',
      'examples/xor-train.nnet',
      '--trace',
      '--epochs',
      '3',
      '-q',
      '--no-evaluation',
      '-o',
      out,
    );
    expect(code).toBe(0);
    const table = traceTable(stdout);
    expectCloseGolden(path.join(repoRoot, 'tests/traces/xor-train.trace.txt'), table);
    expectAligned(table);
    const rows = table
      .trimEnd()
      .split('\n')
      .filter((row) => !row.startsWith('step'));
    expect(rows).toHaveLength(3 * 4);
    // Steps count optimizer steps (1, 2, 3), not samples (4, 8, 12).
    expect(rows.map((r) => r.split(/\s{2,}/)[0] || '·')).toEqual('1···2···3···'.split(''));
    // The weights after step 1 are those before step 2.
    const weights = (row: string) =>
      row
        .split(/\s{2,}/)
        .at(-1)!
        .split(' → ');
    expect(weights(rows[4])[0]).toBe(weights(rows[0])[1]);
    // 17 parameters as 5 units in the deck's order: bias first, then one weight per input.
    expect(weights(rows[0])[0].match(/\(/g)).toHaveLength(5);
  });

  it('batch = 2 with growing numbers: a column widens once, under the header printed again', async () => {
    const { code, stdout } = await nnc(
      'train',
      'tests/traces/growing-batch.nnet',
      '--trace',
      '-q',
      '--no-evaluation',
      '-o',
      temporary(),
    );
    expect(code).toBe(0);
    const table = traceTable(stdout);
    expectGolden(path.join(repoRoot, 'tests/traces/growing-batch.trace.txt'), table);
    expectAligned(table);
    const lines = table.trimEnd().split('\n');
    // The first step's zeros set narrow columns; step 2's -11.4 widens Σwx and u, once.
    expect(lines.filter((line) => line.startsWith('step'))).toHaveLength(2);
    expect(lines[3]).toMatch(/^step/);
    expect(lines.filter((line) => !line.startsWith('step'))).toHaveLength(8 * 2);
  });

  it('writes the same numbers as CSV (a row per sample) and JSON Lines (a line per step)', async () => {
    const out = temporary();
    const csv = await nnc(
      'train',
      'examples/perceptron-or.nnet',
      '--trace-format',
      'csv',
      '-q',
      '--no-evaluation',
      '-o',
      out,
    );
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('trace.csv');
    const lines = fs.readFileSync(path.join(out, 'trace.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'step,sample,x1,x2,sum1,u1,y,before.w0,before.w1,before.w2,after.w0,after.w1,after.w2',
    );
    expect(lines[2]).toBe('2,1,0,1,-1,0,1,0,1,-1,1,1,0');
    expect(lines).toHaveLength(1 + 16);
    const json = await nnc(
      'train',
      'examples/perceptron-or.nnet',
      '--trace-format',
      'json',
      '-q',
      '--no-evaluation',
      '-o',
      out,
    );
    expect(json.code).toBe(0);
    const steps = fs
      .readFileSync(path.join(out, 'trace.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(steps).toHaveLength(16);
    expect(steps[1]).toEqual({
      step: 2,
      samples: [{ x: [0, 1], sum: [-1], u: [0], y: [1] }],
      before: { 'perceptron.1': [0, 1, -1] },
      after: { 'perceptron.1': [1, 1, 0] },
    });
  });

  it('refuses a bad --trace-format and a bad --record, naming the flag and the choices', async () => {
    const format = await nnc('train', 'examples/perceptron-or.nnet', '--trace-format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('nnc: --trace-format expects text, csv, json; found "xml"\n');
    const what = await nnc('train', 'examples/perceptron-or.nnet', '--record', 'gradients');
    expect(what.code).toBe(2);
    expect(what.stderr).toBe(
      'nnc: --record expects weights, weights:every=Nsteps or weights:every=Nepochs; found "gradients" (only weights can be recorded)\n',
    );
    const unit = await nnc('train', 'examples/perceptron-or.nnet', '--record', 'weights:every=10');
    expect(unit.stderr).toBe(
      'nnc: --record: say whether every 10 counts steps or epochs, e.g. --record weights:every=10steps\n',
    );
    const zero = await nnc(
      'train',
      'examples/perceptron-or.nnet',
      '--record',
      'weights:every=0 steps',
    );
    expect(zero.stderr).toBe(
      'nnc: --record: every expects a whole number of at least 1; found 0\n',
    );
  });
});
