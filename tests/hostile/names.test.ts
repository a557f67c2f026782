// Names that collide (issue 16): a PyTorch package for a model named `__name__`, `torch`, `print`
// or `main` must not rebind those names or shadow the torch module.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { className, snakeCase } from '../../packages/compiler/src/targets/pytorch/python-text.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-names-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('generated Python never collides with Python or PyTorch names', () => {
  it.each([
    ['__name__', 'Model__name__', 'model___name__'],
    ['torch', 'torchModel', 'torch_model'],
    ['Torch', 'Torch', 'torch_model'],
    ['print', 'printModel', 'print_model'],
    ['main', 'mainModel', 'main_model'],
    ['F', 'FModel', 'f'],
    ['nn', 'nnModel', 'nn_model'],
    ['Mlp', 'Mlp', 'mlp'],
  ])('model %s: class %s in package %s', (name, expectedClass, expectedPackage) => {
    expect(className(name)).toBe(expectedClass);
    expect(snakeCase(name)).toBe(expectedPackage);
  });

  it('a model named __name__ keeps `if __name__ == "__main__"` working', async () => {
    fs.writeFileSync(
      path.join(folder, 'dunder.nnet'),
      'model __name__ {\n  input x: [2]\n  dense(1, sigmoid)\n}\n\ntrain __name__ {\n  data = xor()\n  loss = binary_cross_entropy\n  optimizer = sgd(0.5)\n  epochs = 1\n}\n',
    );
    const run = await runNnc(folder, 'compile', 'dunder.nnet', '--target', 'pytorch', '-o', 'py');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const train = fs.readFileSync(path.join(folder, 'py/model___name__/train.py'), 'utf8');
    expect(train).toContain('from model import Model__name__');
    expect(train).toMatch(/if __name__ == "__main__":/);
    // Nothing binds __name__ (an import, a class or an assignment).
    expect(train).not.toMatch(/(import|class|def)\s+__name__\b|^__name__\s*=/m);
  });
});
