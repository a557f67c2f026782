// The memory budget of one training step (NN5005): weights and gradients plus every value and its
// gradient over the batch, counted by hand here; a batch that fits passes, one that does not is
// reported at `batch =` with the figure.

import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/compile.js';
import { defaultLimits } from '../../src/limits.js';
import { trainingFootprint } from '../../src/check/budgets.js';

const source = (batch: number) =>
  [
    'model M {',
    '  input x: [300]',
    '  reshape([10, 10, 3])',
    '  conv2d(8, 3, relu)',
    '  flatten',
    '  dense(5)',
    '}',
    'train M {',
    '  data = random(300, 5)',
    '  loss = mse',
    `  batch = ${batch}`,
    '}',
  ].join('\n');

const check = (batch: number, maxTrainingBytes: number) =>
  checkFile('memory.nnet', {
    host: { readFile: () => source(batch) },
    limits: { ...defaultLimits, maxTrainingBytes },
  });

describe('the training memory budget', () => {
  it('counts every weight once and every value per sample', () => {
    const result = check(1, defaultLimits.maxTrainingBytes);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const graph = result.checked!.models[0];
    // conv: 3·3·3·8 + 8; dense: 512·5 + 5 (8·8·8 = 512 after a valid 3×3 conv).
    const parameters = 3 * 3 * 3 * 8 + 8 + 512 * 5 + 5;
    // input 300, reshape 300, conv output 512, flatten 512, dense 5.
    expect(trainingFootprint(graph)).toEqual({ parameters, perSample: 300 + 300 + 512 + 512 + 5 });
  });

  it('reports a batch that does not fit at `batch =`, and passes one that does', () => {
    const perSample = 300 + 300 + 512 + 512 + 5;
    const parameters = 3 * 3 * 3 * 8 + 8 + 512 * 5 + 5;
    const bytes = (batch: number) => 4 * (2 * parameters + 2 * perSample * batch);
    const limit = bytes(100);
    expect(check(100, limit).diagnostics.filter((d) => d.code === 'NN5005')).toEqual([]);
    const over = check(101, limit).diagnostics.filter((d) => d.code === 'NN5005');
    expect(over).toHaveLength(1);
    expect(over[0].span.start).toBe(source(101).indexOf('101'));
    expect(over[0].message).toContain('with batch 101');
  });
});
