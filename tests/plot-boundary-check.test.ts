// `nnc train --plot-boundary` on a model whose input is not 2-D is refused before any data is read
// or any epoch is trained (it used to train to the end and only then say it could not draw).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

describe('--plot-boundary needs 2-D inputs', () => {
  it('says so before training, naming the input shape, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-boundary-'));
    fs.writeFileSync(
      path.join(dir, 'model.nnet'),
      `model Line {
  input x: [1]
  dense(1)
}

train Line {
  data = function("2*x")
  loss = mse
  optimizer = sgd
  epochs = 50
}
`,
    );
    const { code, stdout, stderr } = await runNnc(dir, 'train', 'model.nnet', '--plot-boundary');
    expect(code).toBe(2);
    expect(stderr).toBe(
      "nnc: --plot-boundary draws the plane of 2-D inputs, but Line takes [1]; leave out --plot-boundary (the evaluation report and `nnc eval` show any model's outputs)\n",
    );
    expect(stdout).not.toContain('Training');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
