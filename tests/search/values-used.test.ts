// A top-level optimizer argument (`momentum in …` beside `optimizer in [sgd, adam]`) is kept only
// by the trials whose optimizer takes it: the file the trial trains and the values its table,
// results and plots show agree (an adam trial shows no momentum, rather than one it never used).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '@nnet/compiler';
import { builtinCatalogue } from '../../packages/compiler/src/compile.js';
import { gridConfigurations } from '../../packages/compiler/src/search/space.js';
import { trialOverrides, valuesUsed } from '../../packages/compiler/src/search/trials.js';

const text = `model Net(width = 8) {
  input x: [2]
  dense(width, relu)
  dense(3, softmax)
}

train Net {
  data = spiral(points = 30, classes = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  epochs = 1
}

search Tune over Net {
  optimizer in [sgd, adam]
  momentum in [0, 0.9]
  method = grid
}
`;

describe('a top-level optimizer argument', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-values-used-'));
  const file = path.join(dir, 'tune.nnet');
  fs.writeFileSync(file, text);
  const search = checkFile(file).checked!.searches[0];
  const catalogue = builtinCatalogue();

  it('is shown and written only for the optimizer that takes it', () => {
    const configurations = gridConfigurations(search.dimensions);
    expect(configurations).toHaveLength(4);
    for (const configuration of configurations) {
      const shown = valuesUsed(search, configuration, 'adam', catalogue);
      const written = trialOverrides(search, configuration, 'adam', catalogue).map((o) => o.key);
      if (configuration.values.optimizer === 'sgd') {
        expect(shown).toEqual(configuration.values);
        expect(written).toContain('momentum');
      } else {
        expect(shown).toEqual({ optimizer: 'adam' });
        expect(written).not.toContain('momentum');
      }
    }
  });
});
