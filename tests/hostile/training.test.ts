// `nnc train` against hostile options, checkpoints and runs (issue 16): bad --epochs, -o on a file,
// --report on a folder, checkpoints of another model or with corrupt metadata, temporary files of
// killed runs, full-batch overflow and a loss growing 1000×. Each asserts the message and exit code.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import {
  readSafetensors,
  writeSafetensors,
} from '../../packages/runtime/src/training/safetensors.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-train-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function xorProgram(model: string, optimizer = 'sgd(0.5)', epochs = 2, hidden = 'dense(4, tanh)') {
  return `model ${model} {
  input x: [2]
  ${hidden}
  dense(1)
}

train ${model} {
  data = xor()
  loss = mse
  optimizer = ${optimizer}
  batch = 4
  epochs = ${epochs}
}
`;
}

const write = (name: string, text: string) => fs.writeFileSync(path.join(folder, name), text);
const nnc = (...args: string[]) => runNnc(folder, ...args);

describe('command line', () => {
  write('xor.nnet', xorProgram('Xor'));

  it.each(['abc', '0', '-5', '2.5'])('--epochs %s is a usage error, exit 2', async (value) => {
    const run = await nnc('train', 'xor.nnet', '--epochs', value, '-o', 'out-epochs');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `nnc: --epochs expects a whole number of at least 1, found ${JSON.stringify(value)}\n`,
    );
    expect(fs.existsSync(path.join(folder, 'out-epochs'))).toBe(false);
  });

  it('-o naming an existing file is a clear error, not an internal one', async () => {
    const run = await nnc('train', 'xor.nnet', '-q', '-o', 'xor.nnet');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `nnc: cannot write ${path.join(folder, 'xor.nnet')}: a file is already there, expected a folder\n`,
    );
  });

  it('--report naming a folder is a clear error before training, no temporary file', async () => {
    fs.mkdirSync(path.join(folder, 'a-folder'));
    const run = await nnc('train', 'xor.nnet', '-o', 'out-report', '--report', 'a-folder');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nnc: cannot write .*a-folder: it is a folder, expected a file\n$/);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(folder).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('--report / is the same clear error', async () => {
    const run = await nnc('train', 'xor.nnet', '-o', 'out-report-root', '--report', '/');
    expect([run.code, run.stderr, run.stdout]).toEqual([
      2,
      'nnc: cannot write /: it is a folder, expected a file\n',
      '',
    ]);
  });
});

describe('checkpoints', () => {
  it('a checkpoint of another model names that model and the missing tensors', async () => {
    write('first.nnet', xorProgram('First'));
    write('second.nnet', xorProgram('Second', 'sgd(0.5)', 2, 'dense(5, tanh)'));
    expect((await nnc('train', 'first.nnet', '-q', '-o', 'out-first')).code).toBe(0);
    const run = await nnc(
      'train',
      'second.nnet',
      '-q',
      '-o',
      'out-second',
      '--resume',
      'out-first/checkpoint.safetensors',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'out-first/checkpoint.safetensors: this checkpoint is for model First, not Second: tensor "dense/weights" is [2, 4], the model expects [2, 5]',
    );
  });

  it('a renamed tensor: "missing tensor Y"', async () => {
    const file = path.join(folder, 'out-first/checkpoint.safetensors');
    const content = readSafetensors(file);
    content.tensors['dense/renamed'] = content.tensors['dense/bias'];
    delete content.tensors['dense/bias'];
    writeSafetensors(path.join(folder, 'renamed.safetensors'), content);
    const run = await nnc(
      'train',
      'first.nnet',
      '-q',
      '-o',
      'out-r',
      '--resume',
      'renamed.safetensors',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'renamed.safetensors: this checkpoint does not fit model First (was the model changed since it was written?): missing tensor "dense/bias" [4]',
    );
  });

  it('an epoch that is not a number is refused with the reason', async () => {
    const content = readSafetensors(path.join(folder, 'out-first/checkpoint.safetensors'));
    content.metadata.epoch = 'abc';
    writeSafetensors(path.join(folder, 'corrupt.safetensors'), content);
    const run = await nnc(
      'train',
      'first.nnet',
      '-q',
      '-o',
      'out-c',
      '--resume',
      'corrupt.safetensors',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'corrupt.safetensors: corrupt checkpoint metadata: "epoch" must be a whole number >= 0, found "abc"',
    );
  });

  it('temporary files of killed runs are removed on the next write', async () => {
    const out = path.join(folder, 'out-stale');
    fs.mkdirSync(out);
    // PID 2^22 + 1 is above Linux's pid_max: no process runs under it.
    const stale = path.join(out, `checkpoint.safetensors.tmp-${2 ** 22 + 1}`);
    const other = path.join(out, 'notes.tmp-1');
    fs.writeFileSync(stale, 'half a checkpoint');
    fs.writeFileSync(other, 'not ours');
    expect((await nnc('train', 'first.nnet', '-q', '-o', 'out-stale')).code).toBe(0);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
  });
});

describe('divergence', () => {
  it('full-batch overflow stops the run with the cause and keeps finite weights', async () => {
    write('overflow.nnet', xorProgram('Overflow', 'sgd(1e15)', 3, 'dense(8, relu)'));
    const run = await nnc('train', 'overflow.nnet', '-q', '-o', 'out-overflow');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /training diverged: NaN or infinite in weight "dense(_1)?\/(weights|bias)" after the last update of the epoch at epoch \d, step 1 \(after \d+ samples\); learning rate 1e\+15 is probably too high — try 1e\+14/,
    );
    expect(run.stdout).not.toMatch(/loss NaN/);
  });

  it('a loss growing 1000× over its best warns about the learning rate', async () => {
    write('grows.nnet', xorProgram('Grows', 'sgd(1.6)', 12, 'dense(2, linear)'));
    const run = await nnc('train', 'grows.nnet', '-q', '-o', 'out-grows');
    expect(run.stdout).toMatch(
      /warning: the loss grew [\d,]+ times, from [\d.]+ at epoch \d+ to [\d.e+]+ at epoch \d+: training diverges; the learning rate 1.6 is probably too high — try 0.16/,
    );
    // The run ends on weights whose loss overflows float32: said in words, never "Infinity".
    expect(run.stdout).toContain('train      loss infinite (overflowed)');
    expect(run.stdout).not.toMatch(/\bInfinity\b|\bNaN\b/);
  });
});
