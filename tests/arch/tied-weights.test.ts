// Tied transposed weights (`dense_transposed(enc)`): counted once as PyTorch counts a tied
// autoencoder; one training step's loss and gradients equal PyTorch's (tests/fixtures/torch-tied.json,
// scripts/torch-tied-fixtures.py) and finite differences; the ONNX graph computes what the runtime
// does (onnxruntime) with one initializer; the PyTorch package uses one Parameter as W and W.t().

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, summarize } from '@nnet/compiler';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import { repoRoot } from '../golden.js';

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-tied.json'), 'utf8'),
) as {
  inputs: number;
  units: number;
  batch: number;
  params: number;
  kernel: number[];
  bias: number[];
  decoderBias: number[];
  x: number[];
  loss: number;
  dKernel: number[];
  dBias: number[];
  dDecoderBias: number[];
};

const tied = `
  model Tied {
    input x: [6]
    shared enc = dense(3, relu)
    code = x -> enc
    code -> dense_transposed(enc, sigmoid)
  }
  train Tied { data = random(6, 6), loss = mse(half = false), optimizer = sgd(lr = 1) }`;

function expectClose(actual: ArrayLike<number>, expected: number[], digits = 5) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i], `[${i}]`).toBeCloseTo(value, digits));
}

describe('dense_transposed (tied weights)', () => {
  it('counts the tied kernel once, as PyTorch counts a tied autoencoder', () => {
    const result = checkFile('/tmp/tied.nnet', { host: { readFile: () => tied } });
    expect(result.diagnostics).toEqual([]);
    const graph = result.checked!.models[0];
    expect(summarize(graph, builtinCatalogue(), 'torch').totals.total).toBe(fixture.params);
    expect(summarize(graph, builtinCatalogue(), 'keras').totals.total).toBe(fixture.params);
  });

  it('the example counts 105,520: the encoder once, and the decoder’s biases', () => {
    const result = checkFile(path.join(repoRoot, 'examples/tied-autoencoder.nnet'));
    expect(result.diagnostics).toEqual([]);
    const summary = summarize(result.checked!.models[0], builtinCatalogue(), 'torch');
    expect(summary.totals.total).toBe(784 * 128 + 128 + 128 * 32 + 32 + 128 + 784);
  });

  it('a training step has PyTorch’s loss and gradients, summed over both uses of the kernel', async () => {
    const model = await compileAndLoad(tied, { seed: 1 });
    model.params['code/weights'].set(fixture.kernel);
    model.params['code/bias'].set(fixture.bias);
    model.params['dense_transposed/bias'].set(fixture.decoderBias);
    const x = Float32Array.from(fixture.x);
    const before = Object.fromEntries(
      Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]),
    );
    const loss = model.trainStep(x, x, fixture.batch);
    expect(loss).toBeCloseTo(fixture.loss, 6);
    // sgd with lr = 1: the step is the gradient.
    const gradient = (name: string) => before[name].map((b, i) => b - model.params[name][i]);
    expectClose(gradient('code/weights'), fixture.dKernel);
    expectClose(gradient('code/bias'), fixture.dBias);
    expectClose(gradient('dense_transposed/bias'), fixture.dDecoderBias);
  });

  it('the tied kernel’s gradient equals finite differences of the loss', async () => {
    const model = await compileAndLoad(tied, { seed: 3 });
    const x = Float32Array.from(fixture.x);
    const kernel = model.params['code/weights'];
    const saved = Float32Array.from(kernel);
    const snapshot = () =>
      Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
    const restore = (values: Record<string, Float32Array>) => {
      for (const [k, v] of Object.entries(values)) model.params[k].set(v);
    };
    const start = snapshot();
    model.trainStep(x, x, fixture.batch);
    const gradient = saved.map((b, i) => b - kernel[i]);
    restore(start);
    const lossAt = () => {
      const values = snapshot();
      const value = model.trainStep(x, x, fixture.batch);
      restore(values);
      return value;
    };
    for (let i = 0; i < kernel.length; i++) {
      const original = kernel[i];
      kernel[i] = original + 1e-2;
      const up = lossAt();
      kernel[i] = original - 1e-2;
      const down = lossAt();
      kernel[i] = original;
      expect(gradient[i], `dW[${i}]`).toBeCloseTo((up - down) / 2e-2, 3);
    }
  });
});

describe('dense_transposed exported', () => {
  const text = tied.replace(/train[^]*$/, '');

  it('to ONNX computes what the runtime computes, with one initializer for the kernel', async () => {
    const { checkText, exportGraph, loadRandomized, runOnnx, expectClose } =
      await import('../../packages/compiler/test/onnx/helpers.js');
    const { models, sources } = checkText(text);
    const model = await loadRandomized(text);
    const onnx = exportGraph(models[0], sources, model.params);
    const batch = 3;
    const x = Float32Array.from({ length: batch * 6 }, (_, i) => Math.abs(Math.sin(i * 0.7)));
    const expected = Float32Array.from(model.predict(x, batch));
    const outputs = await runOnnx(onnx.bytes, 'x', x, [batch, 6]);
    expectClose(Object.values(outputs)[0], expected);
    const { decodeModel } = await import('../../packages/compiler/src/onnx/proto.js');
    const graph = decodeModel(onnx.bytes).graph!;
    expect(graph.initializer.map((t) => t.name).sort()).toEqual([
      'code/bias',
      'code/weights',
      'dense_transposed/bias',
    ]);
    const transpose = graph.node.find((n) => n.opType === 'Transpose')!;
    expect(transpose.input).toEqual(['code/weights']);
  });

  it('to PyTorch as one nn.Linear whose weight the decoder uses transposed', async () => {
    const { compileModelToPytorch } =
      await import('../../packages/compiler/src/targets/pytorch/index.js');
    const result = checkFile('/tmp/tied.nnet', { host: { readFile: () => text } });
    const out = compileModelToPytorch(
      result.checked!.models[0],
      undefined,
      result.sources,
      builtinCatalogue(),
    );
    const model = out.value!.files['model.py'];
    expect(model).toContain('self.code = nn.Linear(6, 3)');
    expect(model).toContain('self.dense_transposed = nl.DenseTransposed(6)');
    expect(model).toMatch(/self\.dense_transposed\(code, self\.code\.weight\)/);
    expect(out.value!.files['nnet_layers.py']).toContain('F.linear(x, weight.t(), self.bias)');
  });
});
