// Training end to end: the course's exercises through `nnc train` (perceptron table, spiral ≥ 98 %),
// the NaN guard, early stopping, checkpoints (atomic, resumable, validated on read), reports and
// pictures, and clear errors for bad data. MNIST itself is trained by the demo, not here.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  fit,
  loadDataSource,
  readSafetensors,
  type Dataset,
} from '@nnet/runtime/train';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const nnc = (...args: string[]) => runNnc(repoRoot, ...args);

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-train-'));

describe('nnc train on the course exercises', () => {
  it('prints the perceptron rule step by step and stops at (w0, w1, w2) = (0, 1, 1)', async () => {
    const out = temporary();
    const { code, stdout } = await nnc(
      'train',
      'examples/perceptron-or.nnet',
      '--trace',
      '-q',
      '-o',
      out,
    );
    expect(code).toBe(0);
    // The deck's columns (tests/trace.test.ts checks every row against the rule).
    const rows = stdout
      .split('\n')
      .filter((line) => /^\d+ {2}/.test(line) && line.includes('→'))
      .map((line) => line.split(/\s{2,}/));
    expect(rows).toHaveLength(16);
    expect(rows[1]).toEqual(['2', '(0, 1)', '-1', '0', '1', '(0, 1, -1) → (1, 1, 0)']);
    expect(rows[15].at(-1)).toBe('(0, 1, 1) → (0, 1, 1)');
  });

  it('trains the spiral classifier to at least 98 % training accuracy, with curves, boundary and report', async () => {
    const out = temporary();
    const report = path.join(out, 'report.json');
    const { code, stdout } = await nnc(
      'train',
      'examples/spiral.nnet',
      '-q',
      '-o',
      out,
      '--plot-boundary',
      '--report',
      report,
    );
    expect(code).toBe(0);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(json.final.train.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(json.epochs).toHaveLength(10_000);
    expect(json.params).toBe(603);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'model',
        'run',
        'epochs',
        'final',
        'samplesPerSecond',
        'stoppedEarly',
      ]),
    );
    expect(stdout).toMatch(/train\s+loss [\d.]+, accuracy 98\.\d\d %/);
    for (const picture of ['curves.svg', 'curves.png', 'boundary.svg', 'boundary.png']) {
      expect(fs.existsSync(path.join(out, picture)), picture).toBe(true);
    }
    expect(fs.readFileSync(path.join(out, 'curves.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(
      fs.readFileSync(path.join(out, 'curves.svg'), 'utf8').match(/class="series"/g),
    ).toHaveLength(2);
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 120_000);
});

describe('the NaN guard', () => {
  it('stops at the first NaN, says when and why, restores the last good weights and keeps the checkpoint', async () => {
    const out = temporary();
    const file = path.join(out, 'explode.nnet');
    fs.writeFileSync(
      file,
      `model M {\n  input x: [1]\n  dense(8, relu)\n  dense(1)\n}\ntrain M {\n  data = function("100 * x", noise = 0)\n  loss = mse\n  optimizer = sgd(lr = 10)\n  batch = 20\n  epochs = 5\n}\n`,
    );
    const { code, stdout } = await nnc('train', file, '-q', '-o', out);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /the loss became (NaN|infinite) at epoch \d+, step \d+ \(after \d+ samples\); learning rate 10 is probably too high — try 1/,
    );
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('fit restores finite weights after a NaN', async () => {
    const model = await compileAndLoad(
      `model M { input x: [1]; dense(4, relu); dense(1) }\ntrain M { data = random(1, 1), loss = mse, optimizer = sgd(lr = 100) }`,
      { seed: 1 },
    );
    const data = scaled(
      loadDataSource('random', { inputs: 1, outputs: 1, samples: 50 }, { seed: 1 }),
      100,
    );
    const result = await fit(model, { train: data }, { epochs: 20, batch: 10, seed: 1 });
    expect(result.nan).toBeDefined();
    expect(result.nan!.message).toContain('learning rate 100 is probably too high');
    for (const values of Object.values(model.params))
      expect(values.every(Number.isFinite)).toBe(true);
  });
});

describe('early stopping and checkpoints', () => {
  const text = `model M { input x: [4]; dense(16, tanh); dense(1) }\ntrain M { data = random(4, 1), loss = mse, optimizer = adam(lr = 0.05) }`;

  it('stops when the monitored quantity stops improving and restores the best epoch', async () => {
    const model = await compileAndLoad(text, { seed: 3 });
    const all = loadDataSource('random', { inputs: 4, outputs: 1, samples: 60 }, { seed: 3 });
    const train = slice(all, 0, 40);
    const validation = slice(all, 40, 60);
    const messages: string[] = [];
    const result = await fit(
      model,
      { train, validation },
      {
        epochs: 200,
        batch: 8,
        seed: 3,
        earlyStop: { monitor: 'val_loss', patience: 3 },
        reporter: { onMessage: (m) => messages.push(m) },
      },
    );
    expect(result.stoppedEarly).toBe(true);
    const best = Math.min(...result.history.map((r) => r.validation!.loss));
    expect(result.history[result.bestEpoch! - 1].validation!.loss).toBe(best);
    expect(result.history.length).toBe(result.bestEpoch! + 3);
    expect(messages.join('\n')).toContain(`restored the weights of epoch ${result.bestEpoch}`);
  });

  it('resuming from a checkpoint gives the same weights as an uninterrupted run', async () => {
    const data = loadDataSource('random', { inputs: 4, outputs: 1, samples: 32 }, { seed: 4 });
    const straight = await compileAndLoad(text, { seed: 4 });
    await fit(straight, { train: data }, { epochs: 6, batch: 8, seed: 4, shuffle: false });

    const dir = temporary();
    const first = await compileAndLoad(text, { seed: 4 });
    await fit(
      first,
      { train: data },
      { epochs: 3, batch: 8, seed: 4, shuffle: false, checkpointDir: dir },
    );
    const resumed = await compileAndLoad(text, { seed: 99 });
    const result = await fit(
      resumed,
      { train: data },
      {
        epochs: 6,
        batch: 8,
        seed: 4,
        shuffle: false,
        resume: path.join(dir, 'checkpoint.safetensors'),
      },
    );
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const name of Object.keys(straight.params))
      expect(Array.from(resumed.params[name])).toEqual(Array.from(straight.params[name]));
  });

  it('writes safetensors a second, independent reader understands, and rejects truncated files', () => {
    const bytes = encodeSafetensors({
      tensors: { 'dense/weights': { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) } },
      metadata: { epoch: '7' },
    });
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString());
    expect(header['dense/weights']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.__metadata__).toEqual({ epoch: '7' });
    expect((8 + headerLength) % 8).toBe(0);
    expect(bytes.readFloatLE(8 + headerLength + 4 * 5)).toBe(6);
    expect(Array.from(decodeSafetensors(bytes).tensors['dense/weights'].data)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'w.safetensors')).toThrow(
      /w\.safetensors: tensor "dense\/weights" ends at byte \d+ but the file has \d+: the file is truncated/,
    );
    expect(() => readSafetensors('/no/such.safetensors')).toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe('bad data gets a clear error and no checkpoint', () => {
  it('a CSV without the target column names the file and the columns there are', async () => {
    const out = temporary();
    fs.writeFileSync(path.join(out, 'people.csv'), 'age,height\n30,170\n40,180\n');
    fs.writeFileSync(
      path.join(out, 'm.nnet'),
      `model M {\n  input x: [1]\n  dense(1, sigmoid)\n}\ntrain M {\n  data = csv("people.csv", target = "survived")\n  loss = binary_cross_entropy\n}\n`,
    );
    const { code, stderr } = await nnc(
      'train',
      path.join(out, 'm.nnet'),
      '-q',
      '-o',
      path.join(out, 'run'),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/people\.csv.*survived/);
    expect(stderr).toMatch(/age.*height/);
    expect(fs.existsSync(path.join(out, 'run', 'checkpoint.safetensors'))).toBe(false);
  });

  it('a truncated IDX file says how many bytes were expected and found', async () => {
    const out = temporary();
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 2, 0, 0, 0, 2]);
    fs.writeFileSync(path.join(out, 'images.idx'), Buffer.concat([header, Buffer.alloc(13)]));
    fs.writeFileSync(
      path.join(out, 'labels.idx'),
      Buffer.concat([Buffer.from([0, 0, 8, 1, 0, 0, 0, 10]), Buffer.alloc(10)]),
    );
    fs.writeFileSync(
      path.join(out, 'm.nnet'),
      `model M {\n  input x: [2, 2]\n  flatten\n  dense(10)\n}\ntrain M {\n  data = idx("images.idx", "labels.idx")\n  loss = cross_entropy\n}\n`,
    );
    const { code, stderr } = await nnc(
      'train',
      path.join(out, 'm.nnet'),
      '-q',
      '-o',
      path.join(out, 'run'),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/images\.idx/);
    expect(stderr).toMatch(/expected 56 bytes .* found 29 bytes/);
    expect(stderr).not.toMatch(/\bat \w+ \(/);
  });
});

function slice(data: Dataset, start: number, end: number): Dataset {
  const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = Math.max(
    1,
    data.targetShape.reduce((a, b) => a * b, 1),
  );
  return {
    ...data,
    count: end - start,
    inputs: data.inputs.slice(start * inputSize, end * inputSize),
    targets: data.targets.slice(start * targetSize, end * targetSize),
  };
}

function scaled(data: Dataset, factor: number): Dataset {
  return {
    ...data,
    inputs: Float32Array.from(data.inputs, (v) => v * factor),
    targets: Float32Array.from(data.targets, (v) => v * factor * factor),
  };
}
