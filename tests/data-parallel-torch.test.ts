// The PyTorch training fixtures (tests/fixtures/torch-training.json, made by
// scripts/torch-training-fixtures.py) on 2 copies of the model over the batch: every case the
// compiler lets split gets torch's gradients (one sgd(lr = 1) step) and torch's losses and weights
// after three steps, at torch-training.test.ts's tolerances; the cases it keeps whole are named.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  replicasSupported,
  startDataParallel,
  type CompiledModel,
  type ReplicaGroup,
} from '@nnet/runtime/train';
import { compileAndImport } from '../packages/compiler/src/targets/js/load.js';
import { replicaCode } from '../packages/compiler/src/targets/js/parallel-training.js';
import { repoRoot } from './golden.js';

interface Case {
  id: string;
  text: string;
  batch: number;
  targets: 'indices' | 'values';
  x: number[];
  y: number[];
  params: Record<string, number[]>;
  loss: number;
  grads: Record<string, number[]>;
  runs: { optimizer: string; call: string; losses: number[]; params: Record<string, number[]> }[];
}

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-training.json'), 'utf8'),
) as { steps: number; cases: Case[] };

/** torch-training.test.ts's tolerances: |actual − expected| ≤ abs + rel·|expected|. */
const LOSS = { rel: 1e-6, abs: 1e-7 };
const WEIGHTS = { rel: 3e-5, abs: 3e-7 };
const GRADS = { rel: 1e-5, abs: 1e-7 };

function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: { rel: number; abs: number },
): void {
  expect(actual.length, label).toBe(expected.length);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tolerance.abs + tolerance.rel * Math.abs(expected[i])) && failures.length < 3)
      failures.push(`[${i}] got ${actual[i]}, torch ${expected[i]}`);
  }
  expect(failures, label).toEqual([]);
}

const groups: ReplicaGroup[] = [];
afterAll(() => groups.forEach((group) => group.stop()));

/** The case's model with `call` as its optimizer, torch's weights, and 2 copies (or the blocker). */
async function copies(testCase: Case, call: string) {
  const { module, js } = await compileAndImport(testCase.text.replace('{OPTIMIZER}', call));
  const model: CompiledModel = module.create({ seed: 0 });
  const blocker = model.replica?.blocker;
  if (blocker !== undefined) return { model, blocker };
  for (const info of model.paramInfo) model.params[info.name].set(testCase.params[info.name]);
  const group = await startDataParallel(model, 2, replicaCode(js));
  groups.push(group);
  return { model, group };
}

const inputs = (testCase: Case) => new Float32Array(testCase.x);
const targets = (testCase: Case) =>
  testCase.targets === 'indices' ? new Int32Array(testCase.y) : new Float32Array(testCase.y);
/** Cases that may be split (at least 2 samples); the others are checked to be kept whole. */
const splittable = fixture.cases.filter((c) => c.batch >= 2 && c.id !== 'batchnorm');

describe.skipIf(!replicasSupported())('PyTorch fixtures on 2 copies over the batch', () => {
  it('keeps the batch-statistics case whole', async () => {
    const testCase = fixture.cases.find((c) => c.id === 'batchnorm')!;
    const { blocker } = await copies(testCase, 'sgd(lr = 1)');
    expect(blocker).toMatch(/statistics of the whole batch/);
  });

  describe.each(splittable.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    it("has torch's loss and gradients (one sgd(lr = 1) step)", async () => {
      const { model, group } = await copies(testCase, 'sgd(lr = 1)');
      const before = Object.fromEntries(
        Object.entries(model.params).map(([name, values]) => [name, Float32Array.from(values)]),
      );
      const loss = group!.trainStep(inputs(testCase), targets(testCase), testCase.batch);
      expectClose(`${testCase.id} loss`, [loss], [testCase.loss], LOSS);
      for (const [name, expected] of Object.entries(testCase.grads)) {
        const grad = before[name].map((value, i) => value - model.params[name][i]);
        expectClose(`${testCase.id} ∂/∂${name}`, grad, expected, GRADS);
      }
    }, 30_000);

    // Three optimizers with state of different kinds (momentum, moments, Nadam's running product).
    const runs = testCase.runs.filter((run) =>
      ['sgd_momentum', 'adam', 'nadam'].includes(run.optimizer),
    );
    it.each(runs.map((run) => [run.optimizer, run] as const))(
      "%s: three steps give torch's losses and weights",
      async (_optimizer, run) => {
        const { model, group } = await copies(testCase, run.call);
        const losses = Array.from({ length: fixture.steps }, () =>
          group!.trainStep(inputs(testCase), targets(testCase), testCase.batch),
        );
        expectClose(`${testCase.id} ${run.optimizer} losses`, losses, run.losses, LOSS);
        for (const info of model.paramInfo)
          expectClose(
            `${testCase.id} ${run.optimizer} ${info.name}`,
            model.params[info.name],
            run.params[info.name],
            WEIGHTS,
          );
      },
      30_000,
    );
  });
});
