// Data parallelism over the batch (copies of the generated model in worker_threads): training on 2
// copies through fit equals training on one within float32 rounding and gives the same bits run to
// run, for an MLP with L2 and ragged batches, a CNN and an LSTM; the compiler's facts keep batch
// statistics, random draws and per-row losses on one copy; planParallelism picks the path.

import { afterEach, describe, expect, it } from 'vitest';
import {
  fit,
  planParallelism,
  replicasSupported,
  startDataParallel,
  type CompiledModel,
  type Dataset,
  ReplicaGroup,
  type SpawnReplica,
} from '@nnet/runtime/train';
import { compileAndImport } from '../packages/compiler/src/targets/js/load.js';
import { replicaCode } from '../packages/compiler/src/targets/js/parallel-training.js';

const groups: ReplicaGroup[] = [];
afterEach(() => {
  for (const group of groups.splice(0)) group.stop();
});

/** A model of `text` from `seed`, and (with copies) its group of copies. */
export async function modelAndCopies(
  text: string,
  seed: number,
  copies: number,
): Promise<{ model: CompiledModel; group?: ReplicaGroup }> {
  const { module, js } = await compileAndImport(text);
  const model = module.create({ seed });
  if (copies < 2) return { model };
  const group = await startDataParallel(model, copies, replicaCode(js), seed);
  groups.push(group);
  return { model, group };
}

/** A deterministic data set of `count` samples (inputs in [−1, 1), class or value targets). */
function dataset(count: number, inputShape: number[], classes: number): Dataset {
  const size = inputShape.reduce((a, b) => a * b, 1);
  let state = 987654;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return {
    inputs: Float32Array.from({ length: count * size }, next),
    targets: Int32Array.from({ length: count }, (_, i) => (i * 7 + (i >> 2)) % classes),
    count,
    inputShape,
    targetShape: [1],
    task: 'classification',
  } as Dataset;
}

const MLP = `
model Mlp {
  input x: [40]
  dense(32, tanh)
  dense(24, relu)
  dense(5, softmax)
}
train Mlp {
  data = random(inputs = 40, outputs = 5)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  l2 = 0.001
  batch = 7
}
`;

const CNN = `
model Cnn {
  input image: [128]
  reshape([8, 8, 2])
  conv2d(4, 3, relu)
  maxpool2d(2)
  flatten
  dense(3, softmax)
}
train Cnn {
  data = random(inputs = 128, outputs = 3)
  loss = cross_entropy
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  batch = 6
}
`;

const LSTM = `
model Rnn {
  input x: [15]
  reshape([5, 3])
  lstm(6)
  dense(4, softmax)
}
train Rnn {
  data = random(inputs = 15, outputs = 4)
  loss = cross_entropy
  optimizer = nadam
  batch = 5
}
`;

// A graph convolution (an op of several inputs with weights and kernel state): each sample one
// graph of 4 nodes whose features are also its (weighted) adjacency.
const GCN = `
model Graph {
  input x: [16]
  s = reshape([4, 4]) -> sigmoid
  s -> gcn(s, 3, tanh) -> flatten -> dense(3, softmax)
}
train Graph {
  data = random(inputs = 16, outputs = 3)
  loss = cross_entropy
  optimizer = adam(lr = 0.01)
  batch = 6
}
`;

/** The karate club's model: a class per node, so its loss is a mean over labelled rows. */
const NODE_CLASSES = `
model Nodes {
  input features: [34, 34]
  input adjacency: [34, 34]
  h = features -> gcn(adjacency, 4, relu)
  h -> gcn(adjacency, 2, softmax)
}
train Nodes { data = karate_club(), loss = cross_entropy, optimizer = adam, batch = 1 }
`;

interface Trained {
  losses: number[];
  params: Record<string, Float32Array>;
}

/** Two epochs of fit (23 samples: the last batch of each epoch is ragged), on `copies` copies. */
async function train(text: string, shape: number[], classes: number, copies: number) {
  const { model, group } = await modelAndCopies(text, 3, copies);
  const batch = Number(/batch = (\d+)/.exec(text)![1]);
  const result = await fit(
    model,
    { train: dataset(23, shape, classes) },
    { epochs: 2, batch, seed: 11, ...(group ? { copies: group } : {}) },
  );
  if (group) {
    expect(group.statistics().steps).toBe(2 * Math.ceil(23 / batch));
    // The worker's copy lives in this thread's memory: gradients are read in place.
    expect(group.statistics().oneMemory).toBe(true);
  }
  const params = Object.fromEntries(
    Object.entries(model.params).map(([name, values]) => [name, Float32Array.from(values)]),
  );
  return { losses: result.history.map((epoch) => epoch.loss), params } satisfies Trained;
}

/** Largest |a − b| / max(1, |b|) over every weight. */
function largestDifference(a: Trained, b: Trained): number {
  let worst = 0;
  for (const [name, values] of Object.entries(b.params))
    values.forEach((value, i) => {
      worst = Math.max(worst, Math.abs(a.params[name][i] - value) / Math.max(1, Math.abs(value)));
    });
  return worst;
}

const bitsOf = (trained: Trained) =>
  Object.values(trained.params).flatMap((values) =>
    Array.from(
      new Uint32Array(
        values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength),
      ),
    ),
  );

describe.skipIf(!replicasSupported())('data parallelism over the batch', () => {
  it.each([
    ['an MLP with L2 and Adam', MLP, [40], 5],
    ['a CNN with momentum', CNN, [128], 3],
    ['an LSTM with Nadam', LSTM, [15], 4],
    ['a GCN with Adam', GCN, [16], 3],
  ] as const)(
    '%s: 2 copies train like 1 within float32 rounding, with the same bits run to run',
    async (_name, text, shape, classes) => {
      const one = await train(text, [...shape], classes, 1);
      const two = await train(text, [...shape], classes, 2);
      const again = await train(text, [...shape], classes, 2);
      expect(bitsOf(again)).toEqual(bitsOf(two));
      expect(again.losses).toEqual(two.losses);
      // The copies' update is one update of the whole batch's mean gradient: float32 rounding of
      // the weighted sum apart, the same numbers as one copy (a lost half batch or an unweighted
      // sum moves them by 1e-3 or more).
      expect(largestDifference(two, one)).toBeLessThan(2e-5);
      two.losses.forEach((loss, epoch) =>
        expect(Math.abs(loss - one.losses[epoch])).toBeLessThan(1e-5 * Math.max(1, loss)),
      );
      // Training moved the weights: the comparison is not of two untouched models.
      const { model } = await modelAndCopies(text, 3, 1);
      expect(
        largestDifference(one, {
          losses: [],
          params: model.params as Record<string, Float32Array>,
        }),
      ).toBeGreaterThan(1e-3);
    },
    60_000,
  );

  it('after the weights change outside a step, the next epoch starts every copy from them', async () => {
    const data = dataset(14, [40], 5);
    const { model, group } = await modelAndCopies(MLP, 3, 2);
    const reference = (await modelAndCopies(MLP, 3, 1)).model;
    // Both start from weights neither was initialized with, set between runs as a restore does.
    for (const name of Object.keys(model.params)) {
      model.params[name].forEach((_, i, values) => (values[i] = 0.2 * Math.sin(i + name.length)));
      reference.params[name].set(model.params[name]);
    }
    await fit(model, { train: data }, { epochs: 1, batch: 7, seed: 1, copies: group! });
    await fit(reference, { train: data }, { epochs: 1, batch: 7, seed: 1 });
    const trained = (m: CompiledModel) => ({
      losses: [],
      params: { ...m.params } as Record<string, Float32Array>,
    });
    expect(largestDifference(trained(model), trained(reference))).toBeLessThan(2e-5);
  }, 60_000);
});

describe('copies that cannot run', () => {
  it('a worker that fails to start rejects the start with its error, and nothing waits on it', async () => {
    const { model } = await modelAndCopies(MLP, 0, 1);
    const terminated: number[] = [];
    const failing: SpawnReplica = (start) => ({
      onMessage: (listener) =>
        queueMicrotask(() =>
          listener({ kind: 'failed', message: `copy ${start.index}: no module` }),
        ),
      post: () => undefined,
      terminate: () => terminated.push(start.index),
    });
    await expect(ReplicaGroup.start(model, 2, failing)).rejects.toThrow(
      /a data-parallel worker failed: copy 1: no module/,
    );
    expect(terminated).toEqual([1]);
  });
});

describe('which models may be split over the batch', () => {
  const blocker = async (text: string) => (await modelAndCopies(text, 0, 1)).model.replica?.blocker;
  const withLayer = (layer: string) =>
    MLP.replace('dense(24, relu)', `dense(24, relu)\n  ${layer}`);

  it('a loss over independent samples may; batch statistics and random draws may not', async () => {
    expect(await blocker(MLP)).toBeUndefined();
    expect(await blocker(CNN)).toBeUndefined();
    expect(await blocker(LSTM)).toBeUndefined();
    expect(await blocker(withLayer('batchnorm'))).toMatch(/statistics of the whole batch/);
    expect(await blocker(withLayer('dropout(0.2)'))).toMatch(/draws random numbers/);
    expect(await blocker(withLayer('gaussian_noise(0.1)'))).toMatch(/draws random numbers/);
    expect(await blocker(GCN)).toBeUndefined();
    expect(await blocker(NODE_CLASSES)).toMatch(/its loss is a mean over labelled rows/);
  });

  it('planParallelism: copies when weights are reused and the step is large, else split products', async () => {
    const { model } = await modelAndCopies(CNN, 0, 1);
    expect(model.replica?.weightsReused).toBe(true);
    expect(planParallelism(model, 1, 64).kind).toBe('one-thread');
    // Too little work per copy at batch 1…
    expect(planParallelism(model, 2, 1)).toMatchObject({ kind: 'split-products' });
    // …enough at batch 8192 (about 190 weights × 4096 samples per copy).
    expect(planParallelism(model, 2, 8192)).toMatchObject({ kind: 'copies', copies: 2 });
    const lstm = (await modelAndCopies(LSTM, 0, 1)).model;
    expect(planParallelism(lstm, 2, 8192)).toMatchObject({ kind: 'copies', copies: 2 });
    // A graph convolution's weights serve every node (its layer file says so).
    const gcn = (await modelAndCopies(GCN, 0, 1)).model;
    expect(gcn.replica?.weightsReused).toBe(true);
    expect(planParallelism(gcn, 2, 1 << 16)).toMatchObject({ kind: 'copies', copies: 2 });
    // Dense layers only: each weight serves one multiply-add per sample, so the products are split.
    const mlp = (await modelAndCopies(MLP, 0, 1)).model;
    expect(mlp.replica?.weightsReused).toBe(false);
    expect(planParallelism(mlp, 2, 1024)).toMatchObject({
      kind: 'split-products',
      reason: expect.stringMatching(/one multiply-add per sample/),
    });
    const blocked = (await modelAndCopies(withLayer('dropout(0.2)'), 0, 1)).model;
    expect(planParallelism(blocked, 2, 1024)).toMatchObject({
      kind: 'split-products',
      reason: expect.stringMatching(/random/),
    });
  });
});
