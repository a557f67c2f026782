// Node classification through `nnc train`: the karate-club GCN example trains to its stated test
// accuracy with its fixed seed, `nnc eval` lists the test nodes, the graph sources' splits are
// disjoint, and the loss over labelled rows equals the naive masked mean (PyTorch's ignore_index)
// with the gradient finite differences give.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Prng,
  UNLABELLED,
  createRowLoss,
  graphDataset,
  karateClub,
  loadDataSource,
  lossTable,
} from '@nnet/runtime/train';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';
import { repoRoot } from '../golden.js';

describe('karate_club', () => {
  it('splits the 34 members into disjoint training, validation and test nodes', () => {
    const data = loadDataSource('karate_club', { labelled: 2, validation: 10 }, { seed: 3 });
    expect(data.count).toBe(1);
    expect(data.inputShape).toEqual([34 * 34 + 34 * 34]);
    const labelled = (targets: Int32Array | Float32Array) =>
      [...targets.keys()].filter((i) => targets[i] !== UNLABELLED);
    const train = labelled(data.targets);
    const validation = labelled(data.validationSet!.targets);
    const test = labelled(data.testSet!.targets);
    // By degree: the instructor (0, 16 friends) and member 2 (10); the officer (33, 17) and 32 (12).
    expect(train).toEqual([0, 2, 32, 33]);
    expect(validation).toHaveLength(10);
    expect(test).toHaveLength(20);
    expect(new Set([...train, ...validation, ...test]).size).toBe(34);
    // Input: the identity, then the symmetric adjacency of the 78 friendships.
    const adjacency = data.inputs.subarray(34 * 34);
    expect(Array.from(adjacency).reduce((a, b) => a + b, 0)).toBe(2 * 78);
    expect(data.inputs[0]).toBe(1);
    expect(data.inputs[1]).toBe(0);
    expect(adjacency[0 * 34 + 1]).toBe(1);
    expect(adjacency[1 * 34 + 0]).toBe(1);
    expect(karateClub.edges).toHaveLength(78);
  });

  it('refuses a split that leaves no test node, naming the argument', () => {
    expect(() =>
      graphDataset(karateClub, { labelled: 17, pick: 'degree', validation: 0 }, new Prng(0)),
    ).toThrow(/class 0 has 17 node\(s\); `labelled = 17`/);
  });
});

describe('row loss (a class per node, −1 skipped)', () => {
  const classes = 3;
  const rows = 5;
  const pred = Float32Array.from({ length: rows * classes }, (_, i) => Math.sin(i * 1.3));
  const target = Int32Array.from([2, -1, 0, -1, 1]);
  const naive = (values: Float32Array) => {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      if (target[r] === -1) continue;
      const row = values.subarray(r * classes, (r + 1) * classes);
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      sum += lse - row[target[r]];
      count++;
    }
    return sum / count;
  };
  const loss = createRowLoss(lossTable.cross_entropy({ fromLogits: true }));

  it('is the mean cross-entropy over the labelled rows', () => {
    expect(loss.value(pred, target, classes, rows)).toBeCloseTo(naive(pred), 6);
  });

  it('has the gradient of finite differences, 0 on unlabelled rows', () => {
    const grad = new Float32Array(rows * classes).fill(7);
    loss.gradient(pred, target, grad, classes, rows);
    for (let i = 0; i < pred.length; i++) {
      const probe = Float32Array.from(pred);
      probe[i] += 1e-3;
      const up = naive(probe);
      probe[i] -= 2e-3;
      const numeric = (up - naive(probe)) / 2e-3;
      expect(grad[i], `d[${i}]`).toBeCloseTo(numeric, 3);
    }
    expect(grad.subarray(classes, 2 * classes).every((g) => g === 0)).toBe(true);
  });
});

describe('nnc train on examples/karate-gcn.nnet', () => {
  it('reaches the accuracy the example states (29 of 30 test members with seed 1)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-karate-'));
    const example = path.join(repoRoot, 'examples/karate-gcn.nnet');
    const trained = await runNnc(dir, 'train', example, '-o', 'out', '-q', '--no-evaluation');
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /594 parameters\) with run KarateGcn: 1 training samples, 1 for test/,
    );
    expect(trained.stdout).toMatch(/^train {6}loss [\d.]+, accuracy 100\.00 %$/m);
    expect(trained.stdout).toMatch(/^test {7}loss [\d.]+, accuracy 96\.67 %$/m);
    expect(fs.readFileSync(example, 'utf8')).toContain('29 of the 30 test members');

    const listed = await runNnc(
      dir,
      'eval',
      example,
      '--split',
      'test',
      '-w',
      'out/checkpoint.safetensors',
      '--format',
      'csv',
    );
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toBe('sample,gcn[0],gcn[1],class,target');
    expect(lines).toHaveLength(31);
    const wrong = lines.slice(1).filter((line) => {
      const cells = line.split(',');
      return cells[3] !== cells[4];
    });
    expect(wrong).toHaveLength(1);

    const report = await runNnc(
      dir,
      'evaluate',
      example,
      '-w',
      'out/checkpoint.safetensors',
      '-o',
      'report',
    );
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/evaluation on test: 30 samples, accuracy 96\.67 %/);
  }, 120_000);
});

describe('graph("file.json")', () => {
  const model = (nodes: number, features: number) => `
    model Nodes {
      input features: [${nodes}, ${features}]
      input adjacency: [${nodes}, ${nodes}]
      features -> gcn(adjacency, 2, softmax)
    }
    train Nodes { data = graph("g.json", labelled = 1); loss = cross_entropy; optimizer = adam(lr = 0.05); batch = 1; epochs = 60; metrics = [accuracy] }`;

  it('reads nodes, an edge list, labels and features, and trains on the labelled nodes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-graph-'));
    // Two triangles joined by one edge; the feature says which side a node is on.
    const graph = {
      nodes: 6,
      edges: [
        [0, 1],
        [1, 2],
        [0, 2],
        [2, 3],
        [3, 4],
        [4, 5],
        [3, 5],
      ],
      labels: [0, 0, 0, 1, 1, 1],
      features: [
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 1],
        [0, 1],
      ],
    };
    fs.writeFileSync(path.join(dir, 'g.json'), JSON.stringify(graph));
    fs.writeFileSync(path.join(dir, 'g.nnet'), model(6, 2));
    const trained = await runNnc(dir, 'train', 'g.nnet', '-q', '--no-evaluation');
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toMatch(/^test {7}loss [\d.]+, accuracy 100\.00 %$/m);
    const data = loadDataSource('graph', { path: path.join(dir, 'g.json'), labelled: 1 });
    expect(Array.from(data.inputs.subarray(0, 12))).toEqual([1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1]);
    // One labelled node per class (the best-connected: 2 and 3), the other four are tested.
    expect(Array.from(data.targets)).toEqual([-1, -1, 0, 1, -1, -1]);
    expect(Array.from(data.testSet!.targets)).toEqual([0, 0, -1, -1, 1, 1]);
  });

  it('names the file and the edge that is wrong', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-graph-'));
    const graph = {
      nodes: 6,
      edges: [
        [0, 1],
        [1, 9],
      ],
      labels: [0, 0, 0, 1, 1, 1],
    };
    fs.writeFileSync(path.join(dir, 'g.json'), JSON.stringify(graph));
    fs.writeFileSync(path.join(dir, 'g.nnet'), model(6, 6));
    const trained = await runNnc(dir, 'train', 'g.nnet', '-q', '--no-evaluation');
    expect(trained.code).toBe(1);
    expect(trained.stderr).toMatch(
      /g\.json: edge 2: expected a pair \[a, b\] of node numbers from 0 to 5, found \[1,9\]/,
    );
  });
});
