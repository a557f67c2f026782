// `nnc train --set key=value`: a model parameter, a constant, a train setting and an optimizer
// argument set from the command line reach the trained model (its parameter count, its report),
// and a key that names nothing or a value the checker rejects is an error naming the flag.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { withArgument } from '../../packages/compiler/src/search/overrides.js';

const source = `const seed_value = 3

model Net(width = 16, depth = 1) {
  input x: [2]
  repeat depth {
    dense(width, relu)
  }
  dense(3, softmax)
}

train Net {
  data = spiral(points = 30, classes = 3)
  loss = cross_entropy
  optimizer = adam
  epochs = 1
  split = [0.8, 0.2]
  metrics = [accuracy]
  seed = seed_value
}
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-set-'));
  fs.writeFileSync(path.join(dir, 'net.nnet'), source);
  return dir;
}

describe('nnc train --set', () => {
  it('sets a model parameter, a constant, a setting and an optimizer argument', async () => {
    const dir = workspace();
    const { code, stdout } = await runNnc(
      dir,
      'train',
      'net.nnet',
      '-q',
      '--no-evaluation',
      '--set',
      'width=8',
      '--set',
      'depth=2',
      '--set',
      'epochs=2',
      '--set',
      'lr=0.01',
      '--set',
      'seed_value=5',
    );
    expect(code).toBe(0);
    // 2·8+8 + 8·8+8 + 8·3+3 = 24 + 72 + 27 = 123 parameters (16 wide, 1 deep would be 99).
    expect(stdout).toContain('Training Net (123 parameters)');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out/Net/report.json'), 'utf8'));
    expect(report.epochs).toHaveLength(2);
  });

  it('names the flag of an unknown key, with a did-you-mean', async () => {
    const dir = workspace();
    const { code, stderr } = await runNnc(dir, 'train', 'net.nnet', '--set', 'widht=8');
    expect(code).toBe(2);
    expect(stderr).toContain('--set widht=8: `widht` is not a parameter of model `Net`');
    expect(stderr).toContain('did you mean `width`?');
  });

  it('checks the value like the file: a wrong type and a value out of its domain', async () => {
    const dir = workspace();
    const { code, stderr } = await runNnc(
      dir,
      'train',
      'net.nnet',
      '--set',
      'width=2.5',
      '--set',
      'lr=-1',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/NN3021 `units` must be a whole number, found 2\.5 \(with --set/);
    expect(stderr).toMatch(/`lr` must be > 0, found -1 \(the value given by --set lr=-1\)/);
    expect(stderr).toContain('optimizer = adam(lr = -1)');
  });

  it('a flag without = is a usage error', async () => {
    const { code, stderr } = await runNnc(workspace(), 'train', 'net.nnet', '--set', 'width');
    expect(code).toBe(2);
    expect(stderr).toContain('expected KEY=VALUE');
  });
});

describe('withArgument', () => {
  it('adds, replaces and keeps the other arguments of an optimizer call', () => {
    expect(withArgument('adam', 'lr', '0.01')).toBe('adam(lr = 0.01)');
    expect(withArgument('sgd(lr = 0.1, momentum = 0.9)', 'lr', '0.5')).toBe(
      'sgd(lr = 0.5, momentum = 0.9)',
    );
    expect(withArgument('sgd(momentum in [0, 0.9])', 'momentum', '0.9')).toBe(
      'sgd(momentum = 0.9)',
    );
    expect(withArgument('sgd()', 'lr', '1')).toBe('sgd(lr = 1)');
  });
});
