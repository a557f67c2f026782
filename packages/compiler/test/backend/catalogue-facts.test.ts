// The back-end facts of the catalogue agree with what implements them: each activation's form with
// the runtime kernel's kind, each optimizer's runtime option names with the arguments it takes, and
// every initializer with python/nnet_checkpoint.py's table.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { activationTable } from '@nnet/runtime';
import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/index.js';

const catalogue = createCatalogue();

describe('catalogue facts', () => {
  it.each([...catalogue.activations.values()].map((a) => [a.name, a] as const))(
    'activation %s: its form is the runtime kernel kind',
    (name, spec) => {
      const kernel = activationTable[name as keyof typeof activationTable];
      expect(kernel, `the runtime has no kernel for ${name}`).toBeDefined();
      expect(spec.form).toBe(kernel.kind);
    },
  );

  it.each([...catalogue.optimizers.values()].map((o) => [o.name, o] as const))(
    'optimizer %s: every argument has a runtime option, one of them the learning rate',
    (_name, spec) => {
      expect(Object.keys(spec.runtimeOptions).sort()).toEqual(spec.args.map((a) => a.name).sort());
      expect(Object.values(spec.runtimeOptions).filter((o) => o === 'learningRate')).toHaveLength(
        1,
      );
    },
  );

  it('nnet_checkpoint.py implements every initializer of the catalogue', () => {
    const python = fs.readFileSync(
      path.join(import.meta.dirname, '../../src/targets/pytorch/python/nnet_checkpoint.py'),
      'utf8',
    );
    const table = /INITIALIZERS = \{([\s\S]*?)\n\}/.exec(python)![1];
    const names = [...table.matchAll(/^\s+"([a-z_]+)":/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual([...catalogue.initializers.keys()].sort());
  });

  it('a loss fuses only with an activation of the catalogue', () => {
    for (const loss of catalogue.losses.values())
      if (loss.fusesWith) expect(catalogue.activations.has(loss.fusesWith)).toBe(true);
  });
});
