// A CSV whose label column holds 0/1 trains a softmax classifier: the labels become class indices
// (they used to reach the loss as floats read as indices, and the first step's loss was NaN), and
// labels that are not whole numbers are refused with the row.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

function workspace(csv: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-csv-classes-'));
  fs.writeFileSync(path.join(dir, 'points.csv'), csv);
  fs.writeFileSync(
    path.join(dir, 'model.nnet'),
    `model M {
  input x: [2]
  dense(8, relu)
  dense(2, softmax)
}

train M {
  data = csv("points.csv", target = "label")
  loss = cross_entropy
  optimizer = adam(lr = 0.05)
  batch = 4
  epochs = 60
  seed = 3
  metrics = [accuracy]
}
`,
  );
  return dir;
}

describe('class labels from a CSV column', () => {
  it('0/1 labels train a two-output softmax model', async () => {
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 40; i++) {
      const a = (i % 8) / 8;
      const b = ((i * 3) % 8) / 8;
      rows.push(`${a},${b},${a + b > 0.9 ? 1 : 0}`);
    }
    const dir = workspace(`${rows.join('\n')}\n`);
    const { code, stdout, stderr } = await runNnc(dir, 'train', 'model.nnet', '--no-evaluation');
    expect(stderr).not.toContain('NaN');
    expect(code).toBe(0);
    const accuracy = Number(/^train +loss [\d.]+, accuracy ([\d.]+) %/m.exec(stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(85);
  });

  it('labels that are not whole numbers are refused with the row', async () => {
    const dir = workspace('x1,x2,label\n0,0,0\n0,1,0.5\n1,0,1\n');
    const { code, stderr } = await runNnc(dir, 'train', 'model.nnet', '--no-evaluation');
    expect(code).not.toBe(0);
    expect(stderr).toContain('points.csv');
    expect(stderr).toContain('has target 0.5');
    expect(stderr).toContain('class index 0…1');
  });
});
