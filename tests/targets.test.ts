// Target sanity checks before training: binary cross-entropy on values outside [0, 1], softmax
// cross-entropy on multi-hot rows, and class labels that are continuous values — each an error
// naming the data, the sample and the fix, never a silent negative loss.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-targets-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const train = (model: string, data: string, loss: string) => `model M {
  input x: [2]
  ${model}
}

train M {
  data = ${data}
  loss = ${loss}
  epochs = 1
}
`;

describe('target checks', () => {
  it('refuse binary cross-entropy on a target outside [0, 1], naming the CSV row', async () => {
    const dir = workspace({
      'model.nnet': train(
        'dense(1, sigmoid)',
        'csv("values.csv", target = "y")',
        'binary_cross_entropy',
      ),
      'values.csv': 'a,b,y\n0.1,0.2,1\n0.3,0.4,0\n0.5,0.6,2.5\n',
    });
    const { code, stderr, stdout } = await runNnc(dir, 'train', 'model.nnet', '-q');
    expect(code).toBe(1);
    expect(stdout).not.toContain('epoch');
    expect(stderr).toBe(
      'nnc: values.csv: data row 3 (after the header) has target 2.5, but binary_cross_entropy expects targets in [0, 1] (labels 0/1 or probabilities); outside it the loss goes negative and training is meaningless. Is this a regression target? Then use mse\n',
    );
  });

  it('refuse softmax cross-entropy on multi-hot rows, pointing to sigmoid and binary_cross_entropy', async () => {
    const dir = workspace({
      'model.nnet': train('dense(3, softmax)', 'json("tags.json")', 'cross_entropy'),
      'tags.json': JSON.stringify({
        inputs: [
          [0, 1],
          [1, 0],
        ],
        targets: [
          [0, 1, 0],
          [1, 0, 1],
        ],
      }),
    });
    const { code, stderr } = await runNnc(dir, 'train', 'model.nnet', '-q');
    expect(code).toBe(1);
    expect(stderr).toContain('nnc: data json("tags.json"): sample 2 has 2 classes set');
    expect(stderr).toContain('end the model in sigmoid, use binary_cross_entropy');
  });

  it('refuse class labels that are continuous values', async () => {
    const dir = workspace({
      'model.nnet': train('dense(3, softmax)', 'json("values.json")', 'sparse_cross_entropy'),
      'values.json': JSON.stringify({
        inputs: [
          [0, 1],
          [1, 0],
        ],
        targets: [0.5, 1.7],
        task: 'regression',
      }),
    });
    const { code, stderr } = await runNnc(dir, 'train', 'model.nnet', '-q');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'nnc: data json("values.json"): sample 1 has target 0.5, but sparse_cross_entropy expects a class index 0…2',
    );
  });
});
