// What `nnc eval` does with inputs beyond the happy path: an IDX file, a model with several outputs,
// a CSV with no samples, and a split the run does not have — each error names the file and what
// was expected (the same sentence from eval, evaluate and data).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '@nnet/runtime/train';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { repoRoot } from './golden.js';

function xorFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
  fs.copyFileSync(path.join(repoRoot, 'examples/xor-by-hand.nnet'), path.join(dir, 'xor.nnet'));
  return dir;
}

/** An IDX file of unsigned bytes (type 0x08) with the given dimensions. */
function idx(dims: number[], bytes: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(bytes)]);
}

describe('nnc eval inputs', () => {
  it('reads an IDX file, bytes scaled to [0, 1]', async () => {
    const dir = xorFolder();
    fs.writeFileSync(path.join(dir, 'points.idx'), idx([4, 2], [0, 0, 0, 255, 255, 0, 255, 255]));
    const run = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'points.idx');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('#1 -> 0\n#2 -> 1\n#3 -> 1\n#4 -> 0\n');
    fs.writeFileSync(path.join(dir, 'wide.idx'), idx([1, 3], [0, 0, 0]));
    const wide = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'wide.idx');
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('nnc: wide.idx: its samples have shape [3] (3 values)');
  });

  it('prints every output of a model with several, or the one asked for', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
    fs.writeFileSync(
      path.join(dir, 'two.nnet'),
      `model Two {
  input x: [2]
  h = dense(2, relu) with { weights = [[1, -1], [1, 1]], bias = [0, 0] }
  total = h -> dense(1) with { weights = [[1], [1]], bias = [0.5] }
  first = h -> dense(1) with { weights = [[1], [0]], bias = [0] }
  output total, first
}
`,
    );
    const all = await runNnc(dir, 'eval', 'two.nnet', '-i', '[[1,2],[3,-1]]', '--format', 'json');
    expect(all.stderr).toBe('');
    // h = relu(x1 + x2, −x1 + x2): (3, 1) and (2, 0).
    expect(JSON.parse(all.stdout)).toEqual([
      { input: [1, 2], total: 4.5, first: 3 },
      { input: [3, -1], total: 2.5, first: 2 },
    ]);
    const one = await runNnc(dir, 'eval', 'two.nnet', '-i', '[[1,2]]', '-o', 'h');
    expect(one.stdout).toBe('[1,2] -> [3, 1]\n');
  });

  it('refuses a CSV without samples, naming the file and the rows expected', async () => {
    const dir = xorFolder();
    fs.writeFileSync(path.join(dir, 'header.csv'), 'a,b\n');
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    const header = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'header.csv');
    expect(header.code).toBe(2);
    expect(header.stderr).toBe(
      'nnc: header.csv: no samples (its only line, `a,b`, is read as a header); expected rows of 2 numbers, after an optional header row\n',
    );
    const empty = await runNnc(dir, 'eval', 'xor.nnet', '-i', 'empty.csv');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      'nnc: empty.csv: no samples; expected rows of 2 numbers, after an optional header row\n',
    );
  });

  it('names the .nnet file, the run and the splits it has when a split is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
    fs.copyFileSync(path.join(repoRoot, 'examples/xor-train.nnet'), path.join(dir, 'xor.nnet'));
    const expected =
      'nnc: xor.nnet: run XorTrain has no test split; its data xor(…) gives: training; add a third part to `split = [...]` for a test set (e.g. `split = [0.6, 0.2, 0.2]`); or pass --split training\n';
    for (const command of ['eval', 'data']) {
      const run = await runNnc(dir, command, 'xor.nnet', '--split', 'test');
      expect(run.code, command).toBe(1);
      expect(run.stderr, command).toBe(expected);
    }
    const unknown = await runNnc(dir, 'eval', 'xor.nnet', '--split', 'testing');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'nnc: xor.nnet: there is no split "testing" (expected training, validation or test); the data xor(…) of run XorTrain gives: training; or pass --split training\n',
    );
  });

  it('refuses a --seed or --limit that is not a whole number', async () => {
    const dir = xorFolder();
    const seed = await runNnc(dir, 'eval', 'xor.nnet', '-i', '[[0,1]]', '--seed', 'abc');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe('nnc: --seed expects a whole number, found "abc"\n');
    const limit = await runNnc(dir, 'eval', 'xor.nnet', '-i', '[[0,1]]', '--limit', 'two');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toBe('nnc: --limit expects a whole number of at least 1, found "two"\n');
    const evaluate = await runNnc(dir, 'evaluate', 'xor.nnet', '--seed', '1.5');
    expect(evaluate.code).toBe(2);
    expect(evaluate.stderr).toBe('nnc: --seed expects a whole number, found "1.5"\n');
  });

  it('stops quietly when the reader of its output closes the pipe (`nnc eval … | head`)', async () => {
    const dir = xorFolder();
    const samples = JSON.stringify(Array.from({ length: 20000 }, (_, i) => [i % 2, 1]));
    fs.writeFileSync(path.join(dir, 'many.json'), samples);
    const bin = path.join(repoRoot, 'packages/compiler/bin/nnc.js');
    const child = spawn(process.execPath, [bin, 'eval', 'xor.nnet', '-i', 'many.json'], {
      cwd: dir,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('checks the data file before a split is read: columns that no longer fit are NN4152 at the data line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
    fs.writeFileSync(
      path.join(dir, 'points.nnet'),
      `model Cut {
  input x: [2]
  dense(1, sigmoid)
}

train Cut {
  data = csv("points.csv", target = "label")
  loss = binary_cross_entropy
  split = [0.5, 0.5]
}
`,
    );
    // The table gained a column since the model was written.
    fs.writeFileSync(
      path.join(dir, 'points.csv'),
      'x1,x2,x3,label\n0,0,1,0\n1,1,0,1\n0,1,1,1\n1,0,0,0\n',
    );
    for (const args of [
      ['eval', 'points.nnet', '--split', 'validation'],
      ['evaluate', 'points.nnet', '--split', 'validation'],
    ]) {
      const run = await runNnc(dir, ...args);
      expect(run.code, args[0]).toBe(1);
      expect(run.stderr, args[0]).toContain(
        'points.nnet:7:10 error NN4152 `points.csv` gives 3 inputs (`x1`, `x2`, `x3`), but input `x` takes [2]',
      );
    }
  });

  it('warns when a model with a train run has no checkpoint here, and reads out/<run>/ when it has', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
    fs.copyFileSync(path.join(repoRoot, 'examples/xor-train.nnet'), path.join(dir, 'xor.nnet'));
    const untrained = await runNnc(dir, 'eval', 'xor.nnet', '-i', '[[0,1]]');
    expect(untrained.code).toBe(0);
    expect(untrained.stderr).toBe(
      `nnc: warning: no checkpoint at ${path.join('out', 'XorTrain', 'checkpoint.safetensors')} (where \`nnc train\` writes it, in the folder it runs in) and no --weights: these outputs come from the model's initial weights (hand-set or seeded), not trained ones\n`,
    );
    // A hand-made checkpoint where nnc train writes one: 0·x + bias 0 → sigmoid(0) = 0.5.
    const zeros = (shape: number[]) => ({
      shape,
      data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
    });
    fs.mkdirSync(path.join(dir, 'out/XorTrain'), { recursive: true });
    writeSafetensors(path.join(dir, 'out/XorTrain/checkpoint.safetensors'), {
      tensors: {
        'dense/weights': zeros([2, 4]),
        'dense/bias': zeros([4]),
        'dense_1/weights': zeros([4, 1]),
        'dense_1/bias': zeros([1]),
      },
      metadata: {
        format: 'nnet',
        model: 'XorTrain',
        source: 'xor.nnet',
        epoch: '1',
        history: '[]',
      },
    });
    const trained = await runNnc(dir, 'eval', 'xor.nnet', '-i', '[[0,1]]');
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toBe('[0,1] -> 0.5\n');
  });

  it('shows a split of a CSV with text labels by class name, inputs at float32 precision', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-eval-inputs-'));
    fs.writeFileSync(
      path.join(dir, 'kinds.nnet'),
      `model Kinds {
  input x: [2]
  dense(2, softmax) with { weights = [[1, 0], [0, 1]], bias = [0, 0] }
}

train Kinds {
  data = csv("kinds.csv", target = "kind")
  loss = sparse_cross_entropy
  split = [0.5, 0.5]
  seed = 1
}
`,
    );
    fs.writeFileSync(
      path.join(dir, 'kinds.csv'),
      'a,b,kind\n1.04,-0.055,rose\n0.1,2.3,tulip\n-0.7,0.2,tulip\n3.3,0,rose\n',
    );
    const table = await runNnc(dir, 'eval', 'kinds.nnet', '--split', 'training');
    expect(table.stderr).toBe('');
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^input\s+dense\s+target$/);
    expect(lines).toHaveLength(3);
    const byInput = Object.fromEntries(
      lines.slice(1).map((line) => [line.split(/\s+/)[0], line.split(/\s+/).at(-1)]),
    );
    const expected: Record<string, string> = {
      '[1.04,-0.055]': 'rose',
      '[0.1,2.3]': 'tulip',
      '[-0.7,0.2]': 'tulip',
      '[3.3,0]': 'rose',
    };
    for (const [input, kind] of Object.entries(byInput)) expect(kind, input).toBe(expected[input]);
    const json = await runNnc(dir, 'eval', 'kinds.nnet', '--split', 'training', '--format', 'json');
    for (const record of JSON.parse(json.stdout) as { target: number }[])
      expect([0, 1]).toContain(record.target);
  });
});
