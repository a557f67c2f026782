// `nnc train` on examples/transformer-encoder.nnet reaches the validation accuracy the example's
// header states, on one thread with its fixed seed: the figure in the file is the figure a student
// gets, and a kernel change that moves it shows up here.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { repoRoot } from '../golden.js';

describe('nnc train on examples/transformer-encoder.nnet', () => {
  it('reaches the accuracy its header states (seed 0, one thread)', async () => {
    const example = path.join(repoRoot, 'examples/transformer-encoder.nnet');
    const stated = /reaches 100 % training\s*\/\/\s*and ([\d.]+) % validation accuracy/.exec(
      fs.readFileSync(example, 'utf8'),
    );
    expect(stated, 'the example states its validation accuracy').not.toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-transformer-'));
    const trained = await runNnc(
      dir,
      'train',
      example,
      '-o',
      'out',
      '-q',
      '--no-evaluation',
      '--threads',
      '1',
    );
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^train {6}loss [\d.]+, accuracy 100\.00 %$/m);
    const validation = /^validation loss [\d.]+, accuracy ([\d.]+) %$/m.exec(trained.stdout);
    expect(validation, trained.stdout).not.toBeNull();
    expect(validation![1]).toBe(stated![1]);
  }, 120_000);
});
