// Every file a command reads besides .nnet sources and data (a checkpoint, a recording, eval's
// --input, an ONNX model, a report to plot, a file to format) named as /dev/zero or a FIFO (issue
// 16): each is refused before it is opened, naming the path and what it is, never read forever.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-special-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const nnc = (...args: string[]) => runNnc(folder, ...args);
fs.writeFileSync(
  path.join(folder, 'xor.nnet'),
  'model Xor {\n  input x: [2]\n  dense(1)\n}\n\ntrain Xor {\n  data = xor()\n  loss = mse\n  optimizer = sgd(0.5)\n  epochs = 1\n}\n',
);
execFileSync('mkfifo', [path.join(folder, 'pipe.nnet')]);
// Names with the extension a command expects, pointing at the zero device.
for (const name of ['zero.csv', 'zero.json', 'zero.idx', 'zero.onnx', 'zero.nnet'])
  fs.symlinkSync('/dev/zero', path.join(folder, name));

const device = 'expected a regular file, found a character device';

describe('files named on the command line', () => {
  it('--resume /dev/zero', async () => {
    const run = await nnc('train', 'xor.nnet', '-q', '-o', 'out', '--resume', '/dev/zero');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`nnc: /dev/zero: ${device}\n`);
  });

  it('eval --weights on a FIFO', async () => {
    const run = await nnc('eval', 'xor.nnet', '-w', 'pipe.nnet', '--input', '[[0, 1]]');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('nnc: pipe.nnet: expected a regular file, found a named pipe (FIFO)\n');
  });

  it('eval --weights on a folder', async () => {
    fs.mkdirSync(path.join(folder, 'checkpoints'), { recursive: true });
    const run = await nnc('eval', 'xor.nnet', '-w', 'checkpoints', '--input', '[[0, 1]]');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('nnc: checkpoints: expected a regular file, found a folder\n');
  });

  it.each([
    ['/dev/zero', 'a character device'],
    ['zero.onnx', 'a character device'],
    ['pipe.nnet', 'a named pipe (FIFO)'],
    ['.', 'a folder'],
  ])('graph --weights %s', async (file, kind) => {
    const run = await nnc('graph', 'xor.nnet', '--weights', file, '-o', 'weights.svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `nnc: --weights ${file}: expected a regular file, found ${kind}; give a checkpoint (.safetensors) or a recording (weights.nnwr) that nnc train wrote\n`,
    );
    expect(fs.existsSync(path.join(folder, 'weights.svg'))).toBe(false);
  });

  it.each(['zero.csv', 'zero.json', 'zero.idx'])('eval --input %s', async (file) => {
    const run = await nnc('eval', 'xor.nnet', '--input', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`nnc: --input ${file}: ${device}\n`);
  });

  it('import of an ONNX model on /dev/zero', async () => {
    const run = await nnc('import', 'zero.onnx', '-o', 'imported.nnet');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`nnc: cannot read zero.onnx: ${device}\n`);
    expect(fs.existsSync(path.join(folder, 'imported.nnet'))).toBe(false);
  });

  it('fmt of /dev/zero and of a FIFO', async () => {
    const run = await nnc('fmt', 'zero.nnet', 'pipe.nnet');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'nnc: cannot read zero.nnet: it is a character device, not a regular file\n' +
        'nnc: cannot read pipe.nnet: it is a named pipe (FIFO), not a regular file\n',
    );
  });

  it('fmt of a file over the source size limit', async () => {
    fs.writeFileSync(path.join(folder, 'long.nnet'), '// padding\n'.repeat(100));
    const previous = process.env.NNET_MAX_SOURCE_BYTES;
    process.env.NNET_MAX_SOURCE_BYTES = '1000';
    try {
      const run = await nnc('fmt', 'long.nnet');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'nnc: cannot read long.nnet: it is 1.1 KB, more than the 1000 bytes a .nnet file may have (raise it with NNET_MAX_SOURCE_BYTES)\n',
      );
    } finally {
      if (previous === undefined) delete process.env.NNET_MAX_SOURCE_BYTES;
      else process.env.NNET_MAX_SOURCE_BYTES = previous;
    }
  });

  it('plot of a report on /dev/zero', async () => {
    const run = await nnc('plot', 'zero.json', '-o', 'curves.svg');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nnc: zero.json: ${device}\n`);
  });

  it('an IDX data source on /dev/zero names the file', async () => {
    fs.writeFileSync(
      path.join(folder, 'idx.nnet'),
      'model M {\n  input x: [2]\n  dense(2, softmax)\n}\n\ntrain M {\n  data = idx("/dev/zero", "/dev/zero")\n  loss = cross_entropy\n  optimizer = sgd(0.1)\n  epochs = 1\n}\n',
    );
    const run = await nnc('train', 'idx.nnet', '-q', '-o', 'out-idx');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`/dev/zero: ${device}`);
    expect(run.stdout).not.toContain('epoch');
  });
});
