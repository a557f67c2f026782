// The generated train.py under torchrun: two processes with DistributedDataParallel on gloo (CPU,
// loopback only) train a small model on a seeded data set; the loss must go down, both ranks must
// end with the same weights, only rank 0 may log and write the checkpoint, and the result must be
// what one process reaches with the same global batch.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '@nnet/runtime/train';
import { PYTHON, compileText, expectClose, tempDir, torchAvailable } from './helpers.js';

const text = `model Net {
  input x: [2]
  dense(16, tanh)
  dense(3, softmax)
}

train Net {
  data = blobs(samples = 96, centers = 3, features = 2, std = 2)
  loss = cross_entropy
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  batch = 16
  epochs = 4
  metrics = [accuracy]
  seed = 3
}
`;

const dir = tempDir('nnet-pytorch-torchrun-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const env = {
  ...process.env,
  OMP_NUM_THREADS: '1',
  GLOO_SOCKET_IFNAME: 'lo',
  MASTER_ADDR: '127.0.0.1',
};

function run(args: string[], cwd: string): string {
  const result = spawnSync(PYTHON, args, { cwd, env, encoding: 'utf8', timeout: 90_000 });
  if (result.status !== 0)
    throw new Error(
      `${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/**
 * torch 1.13's launcher under Python 3.11 cannot parse its own defaults `--redirects=0 --tee=0`
 * (Std.from_str("0") is None: 3.11 no longer iterates a flag's zero member). A mapping that only
 * names a local rank that does not exist leaves every real rank at Std.NONE, the intended default.
 */
const launcherFix = ['--redirects=9:0', '--tee=9:0'];

const weights = (file: string) =>
  Object.fromEntries(
    Object.entries(readSafetensors(file).tensors).map(([name, t]) => [name, t.data]),
  );

describe.skipIf(!torchAvailable)('train.py under torchrun --nproc_per_node=2 (gloo, CPU)', () => {
  let folder = '';
  let oneOutput = '';
  let twoOutput = '';

  beforeAll(async () => {
    folder = compileText(text, dir).folder;
    oneOutput = run(['train.py', '--cpu', '--out', 'one', '--dump-weights', 'one/final'], folder);
    const port = await freePort();
    twoOutput = run(
      [
        '-m',
        'torch.distributed.run',
        '--nnodes=1',
        '--nproc_per_node=2',
        '--master_addr=127.0.0.1',
        `--master_port=${port}`,
        ...launcherFix,
        'train.py',
        '--cpu',
        '--out',
        'two',
        '--dump-weights',
        'two/final',
      ],
      folder,
    );
  }, 120_000);

  it('trains: the loss falls to less than half, and most points are classified right', () => {
    const history = JSON.parse(
      readSafetensors(path.join(folder, 'two/checkpoint.safetensors')).metadata.history!,
    ) as {
      loss: number;
      metrics: { accuracy: number };
    }[];
    expect(history).toHaveLength(4);
    expect(history[3].loss).toBeLessThan(history[0].loss / 2);
    expect(history[3].metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('logs and writes the checkpoint from rank 0 only, in the nnet format', () => {
    expect(twoOutput.match(/^epoch 1\/4:/gm)).toHaveLength(1);
    expect(twoOutput).toContain('2 processes on cpu');
    expect(fs.readdirSync(path.join(folder, 'two')).sort()).toEqual([
      'checkpoint.safetensors',
      'final.rank0.safetensors',
      'final.rank1.safetensors',
    ]);
    const checkpoint = readSafetensors(path.join(folder, 'two/checkpoint.safetensors'));
    expect(checkpoint.metadata).toMatchObject({
      format: 'nnet',
      model: 'Net',
      run: 'Net',
      epoch: '4',
    });
    expect(Object.keys(checkpoint.tensors).sort()).toEqual([
      'dense/bias',
      'dense/weights',
      'dense_1/bias',
      'dense_1/weights',
    ]);
    expect(checkpoint.tensors['dense/weights'].shape).toEqual([2, 16]);
  });

  it('ends with the same weights on both ranks', () => {
    const rank0 = weights(path.join(folder, 'two/final.rank0.safetensors'));
    const rank1 = weights(path.join(folder, 'two/final.rank1.safetensors'));
    for (const [name, values] of Object.entries(rank0))
      expect(Array.from(rank1[name]), name).toEqual(Array.from(values));
  });

  it('reaches the weights one process reaches with the same global batch', () => {
    expect(oneOutput).toContain('1 process on cpu');
    const one = weights(path.join(folder, 'one/final.rank0.safetensors'));
    const two = weights(path.join(folder, 'two/final.rank0.safetensors'));
    expect(Object.keys(two).sort()).toEqual(Object.keys(one).sort());
    for (const [name, values] of Object.entries(one))
      expectClose(`${name}, 2 processes vs 1`, two[name], values, 1e-5, 1e-6);
  });
});
