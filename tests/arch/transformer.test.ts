// Transformer pieces: the encoder block of examples/transformer-encoder.nnet counts what PyTorch
// counts (tests/fixtures/torch-arch.json); the sinusoidal table equals the PyTorch tutorial's;
// position layers and causal attention train by the gradient finite differences give; causal
// attention ignores later steps; conv1d(kernel = 1) is dense applied to each position; ONNX export.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, summarize } from '@nnet/compiler';
import { sinusoidalPositions } from '@nnet/runtime';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import { repoRoot } from '../golden.js';

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-arch.json'), 'utf8'),
) as {
  transformer: {
    blockParams: number;
    modelParams: number;
    steps: number;
    features: number;
    sinusoidal: number[];
  };
};

describe('the transformer encoder example', () => {
  it('counts what Keras and PyTorch count, block and model', () => {
    const result = checkFile(path.join(repoRoot, 'examples/transformer-encoder.nnet'));
    expect(result.diagnostics).toEqual([]);
    const graph = result.checked!.models[0];
    for (const convention of ['keras', 'torch'] as const) {
      const summary = summarize(graph, builtinCatalogue(), convention);
      expect(summary.totals.total).toBe(fixture.transformer.modelParams);
      const block = summary.rows
        .filter((row) => row.name.startsWith('EncoderBlock/'))
        .reduce((sum, row) => sum + row.params.total, 0);
      expect(block).toBe(fixture.transformer.blockParams);
    }
  });
});

describe('positional_encoding', () => {
  it('is the sin/cos table of the PyTorch transformer tutorial', () => {
    const { steps, features, sinusoidal } = fixture.transformer;
    const table = sinusoidalPositions(steps, features);
    sinusoidal.forEach((value, i) => expect(table[i], `[${i}]`).toBeCloseTo(value, 6));
  });
});

/** Gradients of one sgd(lr = 1) step against central differences of the model's loss. */
async function expectFiniteDifferences(text: string) {
  const model = await compileAndLoad(text, { seed: 4 });
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const batch = 2;
  const x = Float32Array.from({ length: batch * inputSize }, (_, i) => Math.sin(i * 1.3) * 0.9);
  const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));
  const snapshot = () =>
    Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
  const restore = (saved: Record<string, Float32Array>) => {
    for (const [k, v] of Object.entries(saved)) model.params[k].set(v);
  };
  const before = snapshot();
  model.trainStep(x, y, batch);
  const gradient = Object.fromEntries(
    Object.entries(model.params).map(([k, v]) => [k, before[k].map((b, i) => b - v[i])]),
  );
  restore(before);
  const lossAt = () => {
    const saved = snapshot();
    const value = model.trainStep(x, y, batch);
    restore(saved);
    return value;
  };
  let checked = 0;
  for (const [name, values] of Object.entries(model.params)) {
    for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 6))) {
      const original = values[i];
      values[i] = original + 1e-2;
      const up = lossAt();
      values[i] = original - 1e-2;
      const down = lossAt();
      values[i] = original;
      expect(gradient[name][i], `${name}[${i}]`).toBeCloseTo((up - down) / 2e-2, 2);
      checked++;
    }
  }
  return checked;
}

describe('gradients', () => {
  it('of position_embedding, positional_encoding and causal attention', async () => {
    const checked = await expectFiniteDifferences(`
      model M { input x: [12]; reshape([3, 4]); positional_encoding; position_embedding; attention(2, causal = true); flatten; dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`);
    expect(checked).toBeGreaterThan(30);
  });
});

describe('causal attention', () => {
  it('step t reads only steps ≤ t: changing the last step leaves the others as they were', async () => {
    const model = await compileAndLoad(
      'model M { input x: [12]; reshape([3, 4]); attention(2, causal = true) }',
      { seed: 5 },
    );
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const before = Float32Array.from(model.predict(x, 1));
    x[9] += 1;
    x[11] -= 2;
    const after = Float32Array.from(model.predict(x, 1));
    for (let i = 0; i < 8; i++) expect(after[i]).toBeCloseTo(before[i], 6);
    expect(Math.abs(after[8] - before[8]) + Math.abs(after[10] - before[10])).toBeGreaterThan(1e-3);
  });
});

describe('a dense layer applied to each position', () => {
  it('is conv1d(units, kernel = 1): x_t · W + b at every step, with dense’s parameter count', async () => {
    const model = await compileAndLoad(
      'model M { input x: [12]; reshape([3, 4]); conv1d(5, kernel = 1) }',
      { seed: 6 },
    );
    const weights = model.params['conv1d/weights'];
    const bias = model.params['conv1d/bias'];
    expect(weights.length + bias.length).toBe(4 * 5 + 5);
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i * 0.4));
    const y = model.predict(x, 1);
    for (let t = 0; t < 3; t++)
      for (let k = 0; k < 5; k++) {
        let sum = bias[k];
        for (let c = 0; c < 4; c++) sum += x[t * 4 + c] * weights[c * 5 + k];
        expect(y[t * 5 + k], `y[${t}, ${k}]`).toBeCloseTo(sum, 5);
      }
  });
});

describe('position layers exported', () => {
  it('to ONNX compute what the runtime computes (onnxruntime)', async () => {
    const { checkText, exportGraph, loadRandomized, runOnnx, expectClose } =
      await import('../../packages/compiler/test/onnx/helpers.js');
    const text =
      'model P { input x: [12]; reshape([3, 4]); positional_encoding; position_embedding; flatten; dense(2) }';
    const { models, sources } = checkText(text);
    const model = await loadRandomized(text);
    const onnx = exportGraph(models[0], sources, model.params);
    const x = Float32Array.from({ length: 2 * 12 }, (_, i) => Math.sin(i * 0.3));
    const expected = Float32Array.from(model.predict(x, 2));
    const outputs = await runOnnx(onnx.bytes, 'x', x, [2, 12]);
    expectClose(Object.values(outputs)[0], expected);
  });
});
