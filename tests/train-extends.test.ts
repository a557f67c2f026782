// `train M as B extends A { … }`: B gets A's settings (through a chain of bases), its own settings
// replace those of the same name, and the formatter keeps `extends`.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../packages/compiler/src/compile.js';
import { formatText } from '../packages/compiler/src/format/index.js';
import { repoRoot } from './golden.js';

describe('train … extends', () => {
  it('copies the base run’s settings and lets the run’s own win', () => {
    const result = checkFile(path.join(repoRoot, 'tests/cases/valid/train-extends.nnet'));
    const runs = new Map(result.checked!.runs.map((r) => [r.name, r]));
    const sgd = runs.get('Sgd')!;
    const momentum = runs.get('Momentum')!;
    const adam = runs.get('Adam')!;
    expect(momentum.data).toEqual(sgd.data);
    expect(momentum.loss).toEqual(sgd.loss);
    expect(momentum.settings).toEqual(sgd.settings);
    expect(momentum.optimizer!.args.momentum).toBe(0.9);
    expect(adam.optimizer!.name).toBe('adam');
    expect(adam.settings.epochs).toBe(50);
    expect(adam.settings.batch).toBe(4);
    expect(adam.settings.log_every).toBe(1);
    expect(sgd.optimizer!.name).toBe('sgd');
  });
});

describe('formatting train … extends', () => {
  it('prints `as` and `extends` on the header line and keeps a comment before the base', () => {
    const text =
      'model M {\n  input x: [2]\n  dense(1)\n}\n\ntrain M as A { data = xor\n loss = mse }\n\ntrain   M  as B   extends /* the plain run */ A { epochs = 3 }\n';
    const formatted = formatText('runs.nnet', text).value!;
    expect(formatted).toContain('train M as B extends /* the plain run */ A {\n  epochs = 3\n}\n');
    expect(formatText('runs.nnet', formatted).value).toBe(formatted);
  });
});
