// Graph convolution: the runtime's kernel-table row (`graph_convolution`, the multi-input protocol)
// against PyTorch (tests/fixtures/torch-arch.json, scripts/torch-arch-fixtures.py; its finite
// differences are rows of the kernel-check table), the generated module's gcn, and Kipf & Welling's
// 2-layer GCN on Zachary's karate club, step for step.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, summarize } from '@nnet/compiler';
import { kernelTable, Prng } from '@nnet/runtime';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import { repoRoot } from '../golden.js';

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-arch.json'), 'utf8'),
) as {
  gcn: Record<string, number[]> & {
    batch: number;
    nodes: number;
    features: number;
    units: number;
    karateTorchParams: number;
  };
  karate: {
    labelled: number[];
    hidden: number;
    lr: number;
    steps: number;
    initial: Record<string, number[]>;
    finalLoss: number;
    predicted: number[];
    unlabelledAccuracy: number;
  };
};
const karate = JSON.parse(
  readFileSync(path.join(repoRoot, 'examples/data/karate-club.json'), 'utf8'),
) as { nodes: number; edges: [number, number][]; labels: number[] };

const f32 = (values: number[]) => Float32Array.from(values);
/** What generated code calls for a gcn layer: inputs [H, A], weights [W, b]. */
const row = kernelTable.graph_convolution;
const random = new Prng(0);

function expectAllClose(actual: Float32Array, expected: number[], digits = 4) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i], `[${i}]`).toBeCloseTo(value, digits));
}

/** One gcn layer on the fixture's case: forward, and backward of Σ y·dy. */
function runLayer(c: typeof fixture.gcn, weights = f32(c.weights), h = f32(c.h)) {
  const { batch, nodes: n, features: f, units: u } = c;
  const state = row.createState({ nodes: n, features: f, units: u });
  const [adjacency, parameters] = [f32(c.adjacency), [weights, f32(c.bias)]];
  const y = new Float32Array(batch * n * u);
  row.forward([h, adjacency], y, batch, state, parameters, true, random);
  const dh = new Float32Array(batch * n * f);
  const dAdjacency = new Float32Array(batch * n * n);
  const dWeights = new Float32Array(f * u);
  const dBias = new Float32Array(u);
  const dy = f32(c.dy);
  row.backward(dy, [dh, dAdjacency], [h, adjacency], batch, state, parameters, [dWeights, dBias]);
  return { y, dh, dAdjacency, dWeights, dBias };
}

describe('gcn kernels', () => {
  it('forward and backward equal PyTorch’s Â·H·W + b', () => {
    const result = runLayer(fixture.gcn);
    expectAllClose(result.y, fixture.gcn.y);
    expectAllClose(result.dh, fixture.gcn.dh);
    expectAllClose(result.dWeights, fixture.gcn.dWeights);
    expectAllClose(result.dBias, fixture.gcn.dBias);
    expect(result.dAdjacency.every((value) => value === 0)).toBe(true);
  });

  it('a self-loop-free node of degree −1 is an error, not NaN', () => {
    const state = row.createState({ nodes: 2, features: 1, units: 1 });
    const forward = () =>
      row.forward(
        [f32([1, 2]), f32([-1, 0, 0, 0])],
        f32([0, 0]),
        1,
        state,
        [f32([1]), null],
        true,
        random,
      );
    expect(forward).toThrow(/node 0 of sample 0 has degree 0/);
  });
});

describe('gcn in a generated module', () => {
  it('trains its weights by the gradient finite differences give', async () => {
    // One input read as features and as a weighted adjacency: a model the one-input API can run.
    const model = await compileAndLoad(
      `model G { input x: [16]; s = reshape([4, 4]); s -> gcn(s, 3, tanh) -> flatten -> dense(2) }
       train G { data = random(16, 2), loss = mse, optimizer = sgd(lr = 1) }`,
      { seed: 2 },
    );
    const batch = 2;
    const x = Float32Array.from({ length: batch * 16 }, (_, i) => Math.abs(Math.sin(i * 0.7)));
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
    for (const name of ['gcn/weights', 'gcn/bias']) {
      const values = model.params[name];
      for (let i = 0; i < values.length; i++) {
        const original = values[i];
        values[i] = original + 1e-2;
        const up = lossAt();
        values[i] = original - 1e-2;
        const down = lossAt();
        values[i] = original;
        expect(gradient[name][i], `${name}[${i}]`).toBeCloseTo((up - down) / 2e-2, 2);
      }
    }
  });
});

describe('gcn whose node features carry a gradient', () => {
  it('gives every weight before it the gradient of finite differences, step after step', async () => {
    // The features come from a dense layer, so each gcn's backward adds into their gradient (the
    // generated code zeroes it first); the adjacency is data (a sigmoid of the input).
    const model = await compileAndLoad(
      `model G {
         input x: [16]
         a = x -> reshape([4, 4]) -> sigmoid
         h = x -> dense(12, tanh) -> reshape([4, 3])
         g = h -> gcn(a, 3, tanh, use_bias = false)
         g -> gcn(a, 2) -> flatten -> dense(2)
       }
       train G { data = random(16, 2), loss = mse, optimizer = sgd(lr = 1) }`,
      { seed: 4 },
    );
    const batch = 3;
    const x = Float32Array.from({ length: batch * 16 }, (_, i) => Math.sin(i * 1.3));
    const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));
    const snapshot = () =>
      Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
    const restore = (saved: Record<string, Float32Array>) => {
      for (const [k, v] of Object.entries(saved)) model.params[k].set(v);
    };
    const before = snapshot();
    /** One sgd(lr = 1) step's change of each weight, the weights restored after it. */
    const stepGradient = () => {
      model.trainStep(x, y, batch);
      const gradient = Object.fromEntries(
        Object.entries(model.params).map(([k, v]) => [k, before[k].map((b, i) => b - v[i])]),
      );
      restore(before);
      return gradient;
    };
    const first = stepGradient();
    // A second step from the same weights: a gradient left over from the first would show here.
    const gradient = stepGradient();
    expect(gradient).toEqual(first);
    const lossAt = () => {
      const value = model.trainStep(x, y, batch);
      restore(before);
      return value;
    };
    let checked = 0;
    for (const [name, values] of Object.entries(model.params))
      for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 4))) {
        const original = values[i];
        values[i] = original + 1e-2;
        before[name][i] = values[i];
        const up = lossAt();
        values[i] = original - 1e-2;
        before[name][i] = values[i];
        const down = lossAt();
        values[i] = before[name][i] = original;
        expect(gradient[name][i], `${name}[${i}]`).toBeCloseTo((up - down) / 2e-2, 2);
        checked++;
      }
    expect(checked).toBeGreaterThan(15);
  });
});

describe('gcn exported', () => {
  const text = `model G { input x: [16]; s = reshape([4, 4]); s -> gcn(s, 3, tanh) -> flatten -> dense(2) }`;

  it('to ONNX computes what the runtime computes (onnxruntime)', async () => {
    const { checkText, exportGraph, loadRandomized, runOnnx, expectClose } =
      await import('../../packages/compiler/test/onnx/helpers.js');
    const { models, sources } = checkText(text);
    const model = await loadRandomized(text);
    const onnx = exportGraph(models[0], sources, model.params);
    const batch = 3;
    const x = Float32Array.from({ length: batch * 16 }, (_, i) => Math.abs(Math.cos(i * 0.9)));
    const expected = Float32Array.from(model.predict(x, batch));
    const outputs = await runOnnx(onnx.bytes, 'x', x, [batch, 16]);
    expectClose(Object.values(outputs)[0], expected);
  });

  it('to PyTorch as nl.GraphConv on the features and the adjacency', async () => {
    const { compileModelToPytorch } =
      await import('../../packages/compiler/src/targets/pytorch/index.js');
    const result = checkFile(path.join(repoRoot, 'examples/karate-gcn.nnet'));
    const out = compileModelToPytorch(
      result.checked!.models[0],
      undefined,
      result.sources,
      builtinCatalogue(),
    );
    const model = out.value!.files['model.py'];
    expect(model).toContain('self.h = nl.GraphConv(34, 16)');
    expect(model).toContain('self.gcn = nl.GraphConv(16, 2)');
    expect(model).toMatch(/self\.h\(features, adjacency\)/);
  });
});

describe("Zachary's karate club", () => {
  it('the example counts what PyTorch counts for its GraphConv modules', () => {
    const result = checkFile(path.join(repoRoot, 'examples/karate-gcn.nnet'));
    expect(result.diagnostics).toEqual([]);
    const graph = result.checked!.models[0];
    expect(summarize(graph, builtinCatalogue(), 'torch').totals.total).toBe(
      fixture.gcn.karateTorchParams,
    );
    expect(summarize(graph, builtinCatalogue(), 'keras').totals.total).toBe(594);
  });

  it('has 34 members, 78 friendships, 17 per faction', () => {
    expect(karate.nodes).toBe(34);
    expect(karate.edges).toHaveLength(78);
    expect(karate.labels.filter((l) => l === 0)).toHaveLength(17);
  });

  it('a 2-layer GCN trained on 2 labelled members per faction follows PyTorch step for step', () => {
    const n = karate.nodes;
    const { hidden, lr, steps, labelled, initial } = fixture.karate;
    const adjacency = new Float32Array(n * n);
    for (const [a, b] of karate.edges) adjacency[a * n + b] = adjacency[b * n + a] = 1;
    const features = Float32Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    const w1 = f32(initial['gcn/weights']);
    const b1 = f32(initial['gcn/bias']);
    const w2 = f32(initial['gcn_1/weights']);
    const b2 = f32(initial['gcn_1/bias']);
    const first = row.createState({ nodes: n, features: n, units: hidden });
    const second = row.createState({ nodes: n, features: hidden, units: 2 });
    const z1 = new Float32Array(n * hidden);
    const h1 = new Float32Array(n * hidden);
    const scores = new Float32Array(n * 2);
    const forward = () => {
      row.forward([features, adjacency], z1, 1, first, [w1, b1], true, random);
      for (let i = 0; i < z1.length; i++) h1[i] = Math.tanh(z1[i]);
      row.forward([h1, adjacency], scores, 1, second, [w2, b2], true, random);
    };
    /** Softmax cross-entropy over the labelled members only (the train mask), and its gradient. */
    const maskedLoss = (dScores: Float32Array) => {
      dScores.fill(0);
      let loss = 0;
      for (const node of labelled) {
        const [s0, s1] = [scores[node * 2], scores[node * 2 + 1]];
        const max = Math.max(s0, s1);
        const sum = Math.exp(s0 - max) + Math.exp(s1 - max);
        const label = karate.labels[node];
        loss += max + Math.log(sum) - scores[node * 2 + label];
        for (let c = 0; c < 2; c++)
          dScores[node * 2 + c] =
            (Math.exp(scores[node * 2 + c] - max) / sum - (c === label ? 1 : 0)) / labelled.length;
      }
      return loss / labelled.length;
    };
    const dScores = new Float32Array(n * 2);
    const grads = {
      w1: new Float32Array(w1.length),
      b1: new Float32Array(b1.length),
      w2: new Float32Array(w2.length),
      b2: new Float32Array(b2.length),
    };
    const dh1 = new Float32Array(n * hidden);
    for (let step = 0; step < steps; step++) {
      forward();
      maskedLoss(dScores);
      // The backward adds into dH (the multi-input protocol): zeroed, as generated code does.
      dh1.fill(0);
      row.backward(
        dScores,
        [dh1, null],
        [h1, adjacency],
        1,
        second,
        [w2, b2],
        [grads.w2, grads.b2],
      );
      for (let i = 0; i < dh1.length; i++) dh1[i] *= 1 - h1[i] * h1[i];
      row.backward(
        dh1,
        [null, null],
        [features, adjacency],
        1,
        first,
        [w1, b1],
        [grads.w1, grads.b1],
      );
      for (const [param, grad] of [
        [w1, grads.w1],
        [b1, grads.b1],
        [w2, grads.w2],
        [b2, grads.b2],
      ] as const)
        for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
    }
    forward();
    expect(maskedLoss(dScores)).toBeCloseTo(fixture.karate.finalLoss, 3);
    const predicted = Array.from({ length: n }, (_, node) =>
      scores[node * 2 + 1] > scores[node * 2] ? 1 : 0,
    );
    expect(predicted).toEqual(fixture.karate.predicted);
    const unlabelled = predicted.filter((_, node) => !labelled.includes(node));
    const correct = unlabelled.filter(
      (p, i) => p === karate.labels.filter((_, node) => !labelled.includes(node))[i],
    ).length;
    // Zachary (1977) placed 33 of 34 members correctly; PyTorch's run of this GCN gets all 30.
    expect(correct / unlabelled.length).toBeCloseTo(fixture.karate.unlabelledAccuracy, 5);
    expect(correct).toBeGreaterThanOrEqual(29);
  });
});
