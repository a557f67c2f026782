// l1 / l2 penalize every kernel the catalogue marks `regularized` — dense, conv, recurrent and
// attention kernels — and never biases or normalization weights, in the JS target (loss value and
// gradient, against a naive sum) and in the PyTorch target's generated nnet_kernels().

import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '../../src/compile.js';
import { compileModelToPytorch } from '../../src/targets/pytorch/index.js';
import { compileAndLoad } from '../../src/targets/js/load.js';

const lambda = 0.01;

/** A model text with an sgd(lr = 1) run, so one step moves each weight by exactly −∂E/∂w. */
const withRun = (model: string, l2: number) =>
  `${model}\ntrain M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1), l2 = ${l2} }\n`;

const models: Record<string, { text: string; penalized: string[]; free: string[] }> = {
  'reshape → lstm(4) → dense(2)': {
    text: 'model M { input x: [12]; reshape([4, 3]); lstm(4); dense(2) }',
    penalized: ['lstm/kernel', 'lstm/recurrent_kernel', 'dense/weights'],
    free: ['lstm/bias', 'dense/bias'],
  },
  'gru and rnn': {
    text: 'model M { input x: [12]; reshape([4, 3]); gru(3, return_sequences = true); rnn(2) }',
    penalized: ['gru/kernel', 'gru/recurrent_kernel', 'rnn/kernel', 'rnn/recurrent_kernel'],
    free: ['gru/bias', 'rnn/bias'],
  },
  'dense → batchnorm → dense': {
    text: 'model M { input x: [12]; dense(4); batchnorm; dense(2) }',
    penalized: ['dense/weights', 'dense_1/weights'],
    free: [
      'dense/bias',
      'batchnorm/gamma',
      'batchnorm/beta',
      'batchnorm/moving_mean',
      'batchnorm/moving_variance',
      'dense_1/bias',
    ],
  },
  'attention projections': {
    text: 'model M { input x: [12]; reshape([3, 4]); attention(2); flatten; dense(2) }',
    penalized: [
      'attention/query_kernel',
      'attention/key_kernel',
      'attention/value_kernel',
      'attention/output_kernel',
      'dense/weights',
    ],
    free: ['attention/query_bias', 'attention/output_bias', 'dense/bias'],
  },
};

const sumOfSquares = (values: Float32Array) => values.reduce((sum, v) => sum + v * v, 0);

describe('l2 in the JS target', () => {
  for (const [name, { text, penalized, free }] of Object.entries(models)) {
    it(`${name}: the loss adds ½λΣw² over every kernel and the gradient λw`, async () => {
      const plain = await compileAndLoad(withRun(text, 0), { seed: 5 });
      const regularized = await compileAndLoad(withRun(text, lambda), { seed: 5 });
      expect(Object.keys(plain.params)).toEqual(expect.arrayContaining([...penalized, ...free]));
      const before = Object.fromEntries(
        Object.entries(regularized.params).map(([k, v]) => [k, Float32Array.from(v)]),
      );
      const batch = 2;
      const x = Float32Array.from({ length: batch * 12 }, (_, i) => Math.sin(i * 0.7));
      const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));
      const lossPlain = plain.trainStep(x, y, batch);
      const lossRegularized = regularized.trainStep(x, y, batch);
      const expectedPenalty =
        (lambda / 2) * penalized.reduce((sum, p) => sum + sumOfSquares(before[p]), 0);
      expect(expectedPenalty).toBeGreaterThan(0);
      expect(lossRegularized - lossPlain).toBeCloseTo(expectedPenalty, 5);
      // One sgd(lr = 1) step: the difference of the two updates is the penalty's gradient.
      for (const param of [...penalized, ...free]) {
        const stepPlain = before[param].map((b, i) => b - plain.params[param][i]);
        const stepRegularized = before[param].map((b, i) => b - regularized.params[param][i]);
        for (let i = 0; i < stepPlain.length; i++) {
          const expected = penalized.includes(param) ? lambda * before[param][i] : 0;
          expect(stepRegularized[i] - stepPlain[i], `${param}[${i}]`).toBeCloseTo(expected, 5);
        }
      }
    });
  }
});

describe('l2 in the PyTorch target', () => {
  it('nnet_kernels() lists the LSTM kernels and the dense kernel, not the biases', () => {
    const file = path.join(os.tmpdir(), 'regularization.nnet');
    const text = withRun(models['reshape → lstm(4) → dense(2)'].text, lambda);
    const result = checkFile(file, { host: { readFile: () => text } });
    const checked = result.checked!;
    const compiled = compileModelToPytorch(
      checked.models[0],
      checked.runs[0],
      result.sources,
      builtinCatalogue(),
    );
    const modelText = compiled.value!.files['model.py'];
    const kernels = /def nnet_kernels\(self\):[\s\S]*?return \[([^\]]*)\]/.exec(modelText)![1];
    const listed = kernels
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    expect(listed).toHaveLength(3);
    expect(listed.filter((item) => /weight_ih_l0$/.test(item))).toHaveLength(1);
    expect(listed.filter((item) => /weight_hh_l0$/.test(item))).toHaveLength(1);
    expect(listed.some((item) => /bias/.test(item))).toBe(false);
  });

  it('the attention projections appear once each (q, k, v share in_proj_weight)', () => {
    const file = path.join(os.tmpdir(), 'regularization.nnet');
    const text = withRun(
      'model M { input x: [12]; reshape([3, 4]); attention(2, key_dim = 2); flatten; dense(2) }',
      lambda,
    );
    const result = checkFile(file, { host: { readFile: () => text } });
    const checked = result.checked!;
    const compiled = compileModelToPytorch(
      checked.models[0],
      checked.runs[0],
      result.sources,
      builtinCatalogue(),
    );
    expect(compiled.value, JSON.stringify(compiled.diagnostics)).toBeDefined();
    const modelText = compiled.value!.files['model.py'];
    const kernels = /def nnet_kernels\(self\):[\s\S]*?return \[([^\]]*)\]/.exec(modelText)![1];
    const listed = kernels
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    expect(listed.filter((item) => item.endsWith('in_proj_weight'))).toHaveLength(1);
    expect(listed.filter((item) => item.endsWith('out_proj.weight'))).toHaveLength(1);
    expect(listed).toHaveLength(3);
  });
});
