// The trainer's evaluation in chunks (src/evaluate-in-chunks.ts) against one evaluateBatch over the
// whole set, as the trainer evaluated before: same accuracy, same loss; a small set in one batch;
// an interruption stops it between chunks. Models compiled by the JS target, run in Node.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import { describe, expect, it } from 'vitest';
import { compileForTraining } from '../src/compile-in-worker.js';
import type { PlaygroundData } from '../src/datasets.js';
import { ONE_PIECE, chunkSamples, evaluateInChunks, gather } from '../src/evaluate-in-chunks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const runtimeUrl = pathToFileURL(path.join(root, 'packages/runtime/dist/index.js')).href;

async function compile(text: string): Promise<CompiledModel> {
  const result = compileForTraining(text, runtimeUrl);
  if (!result.ok) throw new Error(result.message);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-playground-')), 'model.mjs');
  fs.writeFileSync(file, result.value.js);
  const module = (await import(pathToFileURL(file).href)) as CompiledModule;
  return module.create({ seed: result.value.settings.seed ?? 0 });
}

/** `count` random 28 × 28 images with classes 0–9 (deterministic). */
function randomImages(count: number): PlaygroundData {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return {
    name: 'random images',
    inputs: Float32Array.from({ length: count * 784 }, random),
    targets: Float32Array.from({ length: count }, () => Math.floor(random() * 10)),
    count,
    inputSize: 784,
    targetSize: 1,
    classes: 10,
    imageSide: 28,
  };
}

/** As the trainer did before: one evaluateBatch over every sample, the argmax counted naively. */
function oneBatch(model: CompiledModel, data: PlaygroundData, indices: Int32Array) {
  const { x, y, n } = gather(data, model, indices, 0, indices.length);
  const { loss, outputs } = model.evaluateBatch(x, y, n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(outputs.subarray(i * 10, i * 10 + 10));
    if (row.indexOf(Math.max(...row)) === y[i]) correct++;
  }
  return { loss, accuracy: correct / n };
}

const SMALL_CNN = `
model SmallCnn {
  input image: [28, 28, 1]
  conv2d(8, kernel = 3, relu)
  maxpool2d(2)
  flatten
  dense(32, relu)
  dense(10, softmax)
}
train SmallCnn {
  data = mnist
  loss = cross_entropy
  optimizer = adam
  seed = 3
}
`;

const notInterrupted = () => Promise.resolve(false);

describe('evaluation in chunks', () => {
  it('gives the figures of one batch over the whole set (a CNN, LeNet-5, mnist-mlp on 1,000 images)', async () => {
    const lenet = fs
      .readFileSync(path.join(root, 'examples/lenet5.nnet'), 'utf8')
      .replace('mnist(resize = [32, 32])', 'mnist');
    const lenetText = lenet.replace('input image: [32, 32, 1]', 'input image: [28, 28, 1]');
    const data = randomImages(1000);
    const mlp = fs.readFileSync(path.join(root, 'examples/mnist-mlp.nnet'), 'utf8');
    for (const text of [SMALL_CNN, lenetText, mlp]) {
      const model = await compile(text);
      // A shuffled order, as the trainer's training part.
      const indices = Int32Array.from({ length: data.count }, (_, i) => (i * 7919) % data.count);
      const reference = oneBatch(model, data, indices);
      const chunked = await evaluateInChunks(model, data, indices, notInterrupted);
      expect(chunked?.accuracy).toBe(reference.accuracy);
      expect(chunked?.loss).toBeCloseTo(reference.loss, 12);
      expect(chunked?.loss.toFixed(4)).toBe(reference.loss.toFixed(4));
    }
  }, 120_000);

  it('evaluates a set of at most ONE_PIECE samples in one batch, to the bit', async () => {
    const model = await compile(SMALL_CNN);
    const data = randomImages(ONE_PIECE);
    const indices = Int32Array.from({ length: data.count }, (_, i) => i);
    let turns = 0;
    const chunked = await evaluateInChunks(model, data, indices, () => {
      turns++;
      return Promise.resolve(false);
    });
    expect(turns).toBe(0);
    expect(chunked).toEqual(oneBatch(model, data, indices));
  }, 60_000);

  it('gives way before every chunk but the first, and stops when interrupted', async () => {
    const model = await compile(SMALL_CNN);
    const data = randomImages(ONE_PIECE + 100);
    const indices = Int32Array.from({ length: data.count }, (_, i) => i);
    let batches = 0;
    const counting: CompiledModel = Object.create(model) as CompiledModel;
    counting.evaluateBatch = (x, y, n) => {
      batches++;
      return model.evaluateBatch(x, y, n);
    };
    let turns = 0;
    await evaluateInChunks(counting, data, indices, () => Promise.resolve(++turns < 0));
    // The conv kernel has 3 · 3 · 1 · 8 = 72 weights: chunks of ⌈4096 / 72⌉ = 57 samples keep
    // its products in the kernels of a whole batch (one sample's share is at least 72).
    const size = chunkSamples(model);
    expect(size).toBe(57);
    // The last chunk takes the rest: no chunk is smaller.
    const chunks = Math.floor(data.count / size);
    expect([batches, turns]).toEqual([chunks, chunks - 1]);

    // Interrupted at the third turn: three chunks evaluated, nothing given back.
    batches = 0;
    turns = 0;
    const stopped = await evaluateInChunks(counting, data, indices, () =>
      Promise.resolve(++turns === 3),
    );
    expect(stopped).toBeUndefined();
    expect(batches).toBe(3);
  }, 60_000);
});
