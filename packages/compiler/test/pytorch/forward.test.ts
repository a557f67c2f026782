// The generated nn.Module against nnet's runtime on the same weights: each model below runs in the
// runtime (seeded random weights, written as an nnet checkpoint) and in PyTorch (the checkpoint
// loaded by nnet_checkpoint.py), in inference mode on the same channels-last inputs; the outputs
// and train.py's loss must agree to 1e-5 relative (with a floor of 1e-6 of the output's scale).

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
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

const run = (model: string, loss: string) =>
  `\ntrain ${model} {\n  data = csv("samples.csv", target = "y")\n  loss = ${loss}\n  optimizer = sgd\n  batch = 4\n}\n`;

/** [id, model text with its run, batch, int inputs below this vocabulary size]. */
const cases: [string, string, number, number?][] = [
  [
    'gaussian_noise is the identity in eval mode',
    'model M {\n  input x: [5]\n  dense(4, tanh)\n  gaussian_noise(0.5)\n  dense(3)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'gcn: Â·H·W + b with the adjacency normalized in the module (nl.GraphConv)',
    'model M {\n  input x: [16]\n  s = reshape([4, 4]) -> sigmoid\n  s -> gcn(s, 3, tanh)\n  flatten\n  dense(2)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    "dense_transposed: the tied layers' nn.Linear weights read transposed (nl.DenseTransposed), one without a bias",
    'model M {\n  input x: [6]\n  shared first = dense(5, tanh)\n  shared second = dense(3, relu)\n' +
      '  code = x -> first -> second\n  h = code -> dense_transposed(second, tanh)\n' +
      '  h -> dense_transposed(first, use_bias = false)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'positional_encoding, position_embedding, causal attention, conv1d(kernel = 1) per position',
    'model M {\n  input x: [12]\n  reshape([3, 4])\n  positional_encoding\n  position_embedding\n  attention(2, causal = true)\n  conv1d(3, kernel = 1)\n  flatten\n  dense(2)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'nearest upsampling (nn.Upsample) between convolutions',
    'model M {\n  input image: [3, 4, 2]\n  conv2d(3, kernel = 2, padding = "same", relu)\n  upsample2d([2, 3])\n' +
      '  conv2d(2, kernel = 3)\n  upsample2d\n  flatten\n  dense(3)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'zero padding (nn.ZeroPad2d), uneven then symmetric, between convolutions',
    'model M {\n  input image: [3, 4, 2]\n  conv2d(3, kernel = 2, relu)\n  zero_padding2d([[0, 1], [2, 0]])\n' +
      '  conv2d(2, kernel = 3)\n  zero_padding2d([1, 2])\n  flatten\n  dense(3)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'rmsnorm (x · rsqrt(mean(x²) + ε) · weight) over a sequence and over features',
    'model M {\n  input x: [12]\n  reshape([3, 4])\n  rmsnorm\n  flatten\n  dense(3, tanh)\n  rmsnorm(0.01)\n  dense(2)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'conv valid, maxpool, softmax with cross_entropy',
    'model M {\n  input image: [6, 6, 1]\n  conv2d(3, kernel = 3, relu)\n  maxpool2d(2)\n  flatten\n  dense(4, softmax)\n}\n' +
      run('M', 'cross_entropy'),
    3,
  ],
  [
    'uneven "same" padding: conv stride 2, avgpool, maxpool stride 1, even kernel',
    'model M {\n  input image: [6, 6, 2]\n  conv2d(3, kernel = 3, strides = 2, padding = "same", tanh)\n  avgpool2d(2, padding = "same")\n' +
      '  maxpool2d(2, strides = 1, padding = "same")\n  conv2d(4, kernel = 2, padding = "same")\n  flatten\n  dense(3)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'conv1d with dilation, maxpool1d, strided "same" conv1d, sigmoid with binary_cross_entropy',
    'model M {\n  input seq: [10, 3]\n  conv1d(4, kernel = 3, dilation = 2, relu)\n  maxpool1d(2, padding = "same")\n' +
      '  conv1d(2, kernel = 2, strides = 2, padding = "same")\n  flatten\n  dense(2, sigmoid)\n}\n' +
      run('M', 'binary_cross_entropy'),
    3,
  ],
  [
    'batchnorm (inference) on channels and on features, globalavgpool',
    'model M {\n  input image: [4, 4, 2]\n  conv2d(3, kernel = 3, padding = "same") -> batchnorm -> relu\n  globalavgpool\n' +
      '  dense(5) -> batchnorm(epsilon = 0.01, momentum = 0.9) -> elu(0.5)\n  dense(3)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'batchnorm (inference) over a middle axis, without γ and β',
    'model M {\n  input x: [12]\n  reshape([3, 4])\n  batchnorm(axis = 0, scale = false)\n  batchnorm(axis = 1, center = false)\n' +
      '  flatten\n  dense(2)\n}\n' +
      run('M', 'mse'),
    3,
  ],
  [
    'residual add, multiply and concat of named branches',
    'model M {\n  input x: [6]\n  h = dense(6, tanh)\n  r = add(x, h)\n  g = x -> dense(6, sigmoid)\n  m = multiply(r, g)\n  c = concat(m, h)\n  c -> dense(2)\n}\n' +
      run('M', 'mse(half = false)'),
    4,
  ],
  [
    'maximum of two branches, then of three (torch.maximum, stack().amax)',
    'model M {\n  input x: [6]\n  h = dense(6, tanh)\n  g = x -> dense(6)\n  m = maximum(x, h)\n  n = maximum(m, g, h)\n  n -> dense(2)\n}\n' +
      run('M', 'mse'),
    4,
  ],
  [
    'maximum of channels-first branches',
    'model M {\n  input image: [4, 4, 1]\n  a = conv2d(2, kernel = 3, padding = "same")\n  b = image -> conv2d(2, kernel = 1, relu)\n' +
      '  m = maximum(a, b)\n  m -> maxpool2d(2) -> flatten -> dense(3, softmax)\n}\n' +
      run('M', 'cross_entropy'),
    3,
  ],
  [
    'concat of channels-first branches',
    'model M {\n  input image: [4, 4, 1]\n  a = conv2d(2, kernel = 3, padding = "same")\n  b = image -> conv2d(3, kernel = 1, relu)\n' +
      '  c = concat(a, b)\n  c -> maxpool2d(2) -> flatten -> dense(3, softmax)\n}\n' +
      run('M', 'cross_entropy'),
    3,
  ],
  [
    'embedding, lstm and gru sequences, rnn(relu)',
    'model M {\n  input tokens: int[5]\n  embedding(12, 4)\n  lstm(3, return_sequences = true)\n  gru(4, return_sequences = true)\n  rnn(2, relu)\n  dense(3, softmax)\n}\n' +
      run('M', 'cross_entropy'),
    3,
    12,
  ],
  [
    'layernorm without beta, without gamma, without both (nl.LayerNorm, elementwise_affine=False)',
    'model M {\n  input seq: [3, 4]\n  layernorm(center = false)\n  layernorm(scale = false, epsilon = 0.01)\n  layernorm(center = false, scale = false)\n  flatten\n  dense(2)\n}\n' +
      run('M', 'mse'),
    2,
  ],
  [
    'causal attention, layernorm, lstm',
    'model M {\n  input seq: [5, 8]\n  attention(2, causal = true)\n  layernorm\n  layernorm(epsilon = 0.01)\n  lstm(4)\n  dense(2)\n}\n' +
      run('M', 'mse'),
    2,
  ],
  [
    'every elementwise activation',
    'model M {\n  input x: [4]\n  dense(6, leaky_relu(0.2))\n  dense(6, elu(0.7))\n  dense(6, selu)\n  dense(6, softplus)\n  dense(6, softsign)\n' +
      '  dense(6, hard_sigmoid)\n  dense(6, gaussian)\n  dense(6, swish)\n  dense(6, gelu)\n  dense(6, gelu(approximate = true))\n  dense(1, sigmoid)\n}\n' +
      run('M', 'binary_cross_entropy'),
    5,
  ],
  [
    'reshape, softmax over the last axis of a 2-D value, logcosh',
    'model M {\n  input x: [6]\n  dense(6)\n  reshape([2, 3])\n  softmax\n  flatten\n  dense(2)\n}\n' +
      run('M', 'logcosh'),
    3,
  ],
];

const dir = tempDir('nnet-pytorch-forward-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Expected {
  output: Float32Array;
  loss: number;
}

describe.skipIf(!torchAvailable)(
  'generated PyTorch modules compute what the runtime computes',
  () => {
    const expected: Expected[] = [];
    let results: DriverResult[] = [];

    beforeAll(async () => {
      const driverCases = [];
      for (const [index, [, text, batch, vocabulary]] of cases.entries()) {
        const caseDir = path.join(dir, `case${index}`);
        fs.mkdirSync(caseDir);
        const file = path.join(caseDir, 'model.nnet');
        const model = await compileAndLoad(text, { seed: 7, file });
        randomizeParams(model, index + 1);
        const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
        const x = randomValues(batch * inputSize, 100 + index, vocabulary);
        const outputs = model.outputShape.reduce((a, b) => a * b, 1);
        const indices = model.loss!.targetsAreIndices;
        const y = indices
          ? randomValues(batch, 200 + index, outputs)
          : model.loss!.task === 'binary'
            ? randomValues(batch * outputs, 200 + index, 2)
            : randomValues(batch * outputs, 200 + index);
        const input = vocabulary ? Int32Array.from(x) : Float32Array.from(x);
        expected.push({
          output: Float32Array.from(model.predict(input, batch)),
          loss: model.evaluateBatch(
            input,
            indices ? Int32Array.from(y) : Float32Array.from(y),
            batch,
          ).loss,
        });
        const { folder } = compileText(text, caseDir, { file });
        driverCases.push({
          action: 'forward',
          folder,
          weights: writeWeights(model, path.join(caseDir, 'weights.safetensors')),
          batch,
          x,
          y,
        });
      }
      results = runDriver(driverCases, dir);
    });

    it.each(cases.map(([id], index) => [id, index] as const))('%s', (id, index) => {
      const result = results[index];
      expect(result.error).toBeUndefined();
      expectClose(`${id}: output`, result.output as number[], expected[index].output, 1e-5, 1e-6);
      expectClose(`${id}: loss`, [result.loss as number], [expected[index].loss], 1e-5, 1e-6);
    });
  },
);
