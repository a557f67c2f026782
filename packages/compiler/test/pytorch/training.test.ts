// train.py's training against nnet's runtime: for each model and optimizer below, three steps of
// the generated train_step (loss, penalties, make_optimizer's torch.optim twin) on one batch, from
// the same weights, must give the runtime's losses and weights (every weight, BatchNorm's running
// statistics included) to 1e-4 relative.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAndLoad } from '../../src/targets/js/load.js';
import {
  compileText,
  expectClose,
  randomValues,
  randomizeParams,
  runDriver,
  tempDir,
  torchAvailable,
  writeWeights,
  type DriverResult,
} from './helpers.js';

const STEPS = 3;

/** Each optimizer with hyperparameters away from the defaults, so one that is not passed on shows. */
const optimizers: [string, string][] = [
  ['sgd', 'sgd(lr = 0.1)'],
  ['sgd momentum', 'sgd(lr = 0.1, momentum = 0.8)'],
  ['sgd nesterov', 'sgd(lr = 0.1, momentum = 0.9, nesterov = true)'],
  ['adagrad', 'adagrad(lr = 0.1, initial_accumulator = 0.2, epsilon = 1e-4)'],
  ['adadelta', 'adadelta(lr = 0.5, rho = 0.9, epsilon = 1e-5)'],
  ['rmsprop', 'rmsprop(lr = 0.01, rho = 0.8, momentum = 0.5, centered = true, epsilon = 1e-4)'],
  ['adam', 'adam(lr = 0.01, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-4)'],
  ['adamax', 'adamax(lr = 0.01, beta1 = 0.85, beta2 = 0.95, epsilon = 1e-4)'],
  ['nadam', 'nadam(lr = 0.01, beta1 = 0.85, beta2 = 0.99, epsilon = 1e-4)'],
  ['adamw', 'adamw(lr = 0.01, weight_decay = 0.1, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-4)'],
];

const train = (model: string, loss: string, extra = '') =>
  `\ntrain ${model} {\n  data = csv("samples.csv", target = "y")\n  loss = ${loss}\n  optimizer = {OPTIMIZER}\n  batch = 6\n${extra}}\n`;

interface Model {
  id: string;
  text: string;
  batch: number;
  /** Which optimizers to run (all by default). */
  only?: string[];
}

const models: Model[] = [
  {
    id: 'dense, batchnorm, softmax with cross_entropy and l2',
    text:
      'model A {\n  input x: [4]\n  dense(6, use_bias = false) -> batchnorm -> tanh\n  dense(5, sigmoid)\n  dense(3, softmax)\n}\n' +
      train('A', 'cross_entropy', '  l2 = 0.01\n'),
    batch: 6,
  },
  {
    id: 'batchnorm over a middle axis, and a frozen batchnorm (its moving statistics still move)',
    text:
      'model D {\n  input x: [12]\n  reshape([3, 4])\n  batchnorm(axis = 0, momentum = 0.8)\n  flatten\n' +
      '  dense(5, tanh)\n  batchnorm(center = false) with { trainable = false }\n  dense(2)\n}\n' +
      train('D', 'mse'),
    batch: 6,
    only: ['sgd momentum', 'adam'],
  },
  {
    id: 'conv "same", avgpool, mse',
    text:
      'model B {\n  input image: [5, 5, 2]\n  conv2d(3, kernel = 3, padding = "same", tanh)\n  avgpool2d(2)\n  flatten\n  dense(2)\n}\n' +
      train('B', 'mse'),
    batch: 4,
    only: ['sgd momentum', 'adam', 'rmsprop'],
  },
  {
    id: 'lstm, sigmoid with binary_cross_entropy',
    text:
      'model C {\n  input seq: [4, 3]\n  lstm(4)\n  dense(1, sigmoid)\n}\n' +
      train('C', 'binary_cross_entropy'),
    batch: 5,
    only: ['sgd', 'adam'],
  },
  {
    id: 'lstm with l2 (recurrent kernels are penalized)',
    text:
      'model D {\n  input x: [12]\n  reshape([4, 3])\n  lstm(4)\n  dense(2)\n}\n' +
      train('D', 'mse', '  l2 = 0.05\n'),
    batch: 4,
    only: ['sgd', 'adam'],
  },
  {
    id: 'perceptron rule',
    text:
      'model P {\n  input x: [2]\n  perceptron(1)\n}\n' + train('P', 'perceptron', '  l1 = 0.05\n'),
    batch: 4,
    only: ['perceptron'],
  },
];

const dir = tempDir('nnet-pytorch-training-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Case {
  label: string;
  losses: number[];
  weights: Record<string, Float32Array>;
}

describe.skipIf(!torchAvailable)(
  `${STEPS} steps of train.py give the runtime's losses and weights`,
  () => {
    const cases: Case[] = [];
    let results: DriverResult[] = [];

    beforeAll(async () => {
      const driverCases = [];
      for (const [index, model] of models.entries()) {
        const runs =
          model.id === 'perceptron rule'
            ? [['perceptron', 'perceptron(rate = 0.5)']]
            : optimizers.filter(([id]) => !model.only || model.only.includes(id));
        for (const [id, call] of runs) {
          const caseDir = path.join(dir, `m${index}-${id.replace(/\W/g, '_')}`);
          fs.mkdirSync(caseDir);
          const file = path.join(caseDir, 'model.nnet');
          const text = model.text.replace('{OPTIMIZER}', call);
          const runtime = await compileAndLoad(text, { seed: 3, file });
          randomizeParams(runtime, 10 + index, 1.2);
          const weights = writeWeights(runtime, path.join(caseDir, 'weights.safetensors'));
          const inputSize = runtime.inputShape.reduce((a, b) => a * b, 1);
          const outputs = runtime.outputShape.reduce((a, b) => a * b, 1);
          const x = randomValues(model.batch * inputSize, 300 + index);
          const indices = runtime.loss!.targetsAreIndices;
          const y = indices
            ? randomValues(model.batch, 400 + index, outputs)
            : runtime.loss!.task === 'regression'
              ? randomValues(model.batch * outputs, 400 + index)
              : randomValues(model.batch * outputs, 400 + index, 2);
          const targets = indices ? Int32Array.from(y) : Float32Array.from(y);
          const losses = Array.from({ length: STEPS }, () =>
            runtime.trainStep(Float32Array.from(x), targets, model.batch),
          );
          cases.push({
            label: `${model.id}: ${id}`,
            losses,
            weights: Object.fromEntries(
              Object.entries(runtime.params).map(([name, values]) => [
                name,
                Float32Array.from(values),
              ]),
            ),
          });
          const { folder } = compileText(text, caseDir, { file });
          driverCases.push({
            action: 'train',
            folder,
            weights,
            batch: model.batch,
            x,
            y,
            steps: STEPS,
          });
        }
      }
      results = runDriver(driverCases, dir);
    });

    const labels = models.flatMap((model) =>
      (model.id === 'perceptron rule'
        ? ['perceptron']
        : optimizers.map(([id]) => id).filter((id) => !model.only || model.only.includes(id))
      ).map((id) => `${model.id}: ${id}`),
    );
    it.each(labels.map((label, index) => [label, index] as const))('%s', (label, index) => {
      const result = results[index];
      expect(result.error).toBeUndefined();
      expect(cases[index].label).toBe(label);
      expectClose(`${label}: losses`, result.losses as number[], cases[index].losses, 1e-4, 1e-6);
      const weights = result.weights as Record<string, number[]>;
      expect(Object.keys(weights).sort()).toEqual(Object.keys(cases[index].weights).sort());
      for (const [name, expected] of Object.entries(cases[index].weights))
        expectClose(`${label}: ${name}`, weights[name], expected, 1e-4, 1e-6);
    });
  },
);
