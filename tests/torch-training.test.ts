// Generated training code against PyTorch: for each model of tests/fixtures/torch-training.json
// (made by scripts/torch-training-fixtures.py in float64) and each optimizer, the generated module,
// started from the fixture's weights, must give torch's inference output, torch's gradients,
// torch's three training losses and torch's weights after three steps on the same batch.
//
// Gradients are not exposed by a CompiledModel: one sgd(lr = 1) step recovers them as
// before − after. Tolerances allow for float32 storage (the kernels accumulate in doubles) and are
// several times the worst errors reached; NNET_TORCH_REPORT=1 prints those errors.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from '@nnet/runtime';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { repoRoot } from './golden.js';

interface Run {
  optimizer: string;
  /** The nnet optimizer call substituted for {OPTIMIZER}. */
  call: string;
  losses: number[];
  params: Record<string, number[]>;
  predictAfter: number[];
}

interface Case {
  id: string;
  description: string;
  text: string;
  batch: number;
  targets: 'indices' | 'values';
  x: number[];
  y: number[];
  params: Record<string, number[]>;
  predict: number[];
  loss: number;
  grads: Record<string, number[]>;
  runs: Run[];
  documented?: {
    u: number;
    E: number;
    grads: Record<string, number[]>;
    after: Record<string, number[]>;
    uAfter: number;
    EAfter: number;
  };
}

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-training.json'), 'utf8'),
) as {
  steps: number;
  cases: Case[];
};

/** |actual − expected| ≤ abs + rel·|expected|, elementwise. */
interface Tolerance {
  rel: number;
  abs: number;
}
const FORWARD: Tolerance = { rel: 2e-6, abs: 2e-7 };
const LOSS: Tolerance = { rel: 1e-6, abs: 1e-7 };
const WEIGHTS: Tolerance = { rel: 3e-5, abs: 3e-7 };
/**
 * Recovered gradients: before − after rounds to float32 (half an ulp of the weight, ~3e-8 here) on
 * top of the float32 activations the gradient is computed from: hence an absolute floor.
 */
const GRADS: Tolerance = { rel: 1e-5, abs: 1e-7 };

/** Worst errors per kind, for NNET_TORCH_REPORT. */
const worst: Record<string, { abs: number; rel: number; used: number; where: string }> = {};

function expectClose(
  kind: string,
  label: string,
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol: Tolerance,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const failures: string[] = [];
  const record = (worst[kind] ??= { abs: 0, rel: 0, used: 0, where: '' });
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    const allowed = tol.abs + tol.rel * Math.abs(expected[i]);
    if (!(error <= allowed)) {
      if (failures.length < 5)
        failures.push(
          `[${i}] got ${actual[i]}, torch ${expected[i]} (error ${error.toExponential(2)})`,
        );
    }
    record.abs = Math.max(record.abs, error);
    if (Math.abs(expected[i]) >= 1e-3)
      record.rel = Math.max(record.rel, error / Math.abs(expected[i]));
    if (error / allowed > record.used)
      Object.assign(record, { used: error / allowed, where: `${label}[${i}]` });
  }
  expect(failures, `${label}: ${failures.length ? 'differs from torch' : ''}`).toEqual([]);
}

async function load(testCase: Case, call: string): Promise<CompiledModel> {
  const model = await compileAndLoad(testCase.text.replace('{OPTIMIZER}', call));
  // The fixture names every parameter, trainable or not, with nnet's names and layouts.
  expect(model.paramInfo.map((p) => p.name)).toEqual(Object.keys(testCase.params));
  for (const info of model.paramInfo) {
    const values = testCase.params[info.name];
    expect(values.length, `${info.name} size`).toBe(info.shape.reduce((a, b) => a * b, 1));
    model.params[info.name].set(values);
  }
  return model;
}

/**
 * Optimizer runs that differ from torch because of a reported bug, expected to fail (it.fails):
 * delete the entry with the fix, or these tests fail for passing.
 */
const KNOWN_MISMATCHES: Record<string, string> = {};

const inputs = (testCase: Case) => new Float32Array(testCase.x);
const targets = (testCase: Case) =>
  testCase.targets === 'indices' ? new Int32Array(testCase.y) : new Float32Array(testCase.y);

afterAll(() => {
  if (!process.env.NNET_TORCH_REPORT) return;
  for (const [kind, { abs, rel, used, where }] of Object.entries(worst)) {
    const errors = `worst absolute error ${abs.toExponential(2)}, relative ${rel.toExponential(2)} (where |torch| ≥ 1e-3)`;
    console.log(
      `${kind}: ${errors}; at most ${(100 * used).toFixed(0)}% of the tolerance (${where})`,
    );
  }
});

describe.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
  it('predicts what torch predicts and has its loss and gradients (one sgd(lr = 1) step)', async () => {
    const model = await load(testCase, 'sgd(lr = 1)');
    expectClose(
      'predict',
      `${testCase.id} predict`,
      model.predict(inputs(testCase), testCase.batch),
      testCase.predict,
      FORWARD,
    );
    const before = Object.fromEntries(
      Object.keys(testCase.grads).map((name) => [name, Float32Array.from(model.params[name])]),
    );
    const loss = model.trainStep(inputs(testCase), targets(testCase), testCase.batch);
    expectClose('loss', `${testCase.id} loss`, [loss], [testCase.loss], LOSS);
    for (const info of model.paramInfo) {
      const expected = testCase.grads[info.name];
      if (!expected) {
        expect(info.trainable, `${info.name} is trainable but has no torch gradient`).toBe(false);
        continue;
      }
      const after = model.params[info.name];
      const grad = before[info.name].map((value, i) => value - after[i]);
      expectClose('gradient', `${testCase.id} ∂/∂${info.name}`, grad, expected, GRADS);
    }
  });

  for (const run of testCase.runs) {
    const known = KNOWN_MISMATCHES[run.optimizer];
    (known ? it.fails : it)(
      `${run.optimizer}: ${fixture.steps} steps give torch's losses, weights and predictions${known ? ` (known mismatch: ${known})` : ''}`,
      async () => {
        const tag = known ? ' (known mismatch)' : '';
        const model = await load(testCase, run.call);
        const losses = Array.from({ length: fixture.steps }, () =>
          model.trainStep(inputs(testCase), targets(testCase), testCase.batch),
        );
        expectClose(
          `training loss${tag}`,
          `${testCase.id} ${run.optimizer} losses`,
          losses,
          run.losses,
          LOSS,
        );
        for (const info of model.paramInfo) {
          expectClose(
            `weights after${tag}`,
            `${testCase.id} ${run.optimizer} ${info.name}`,
            model.params[info.name],
            run.params[info.name],
            WEIGHTS,
          );
        }
        const predicted = model.predict(inputs(testCase), testCase.batch);
        expectClose(
          `predict after${tag}`,
          `${testCase.id} ${run.optimizer} predict after`,
          predicted,
          run.predictAfter,
          WEIGHTS,
        );
      },
    );
  }

  if (testCase.documented) {
    const documented = testCase.documented;
    it('is the example file, and reproduces the numbers its comment documents', async () => {
      const example = readFileSync(path.join(repoRoot, 'examples/backprop-step.nnet'), 'utf8');
      expect(
        testCase.text.replace('{OPTIMIZER}', 'sgd(lr = 0.5)'),
        'fixture made from the current example',
      ).toBe(example);
      // The comment's numbers are rounded to 8 decimals.
      const rounded: Tolerance = { rel: 0, abs: 1e-7 };
      const model = await compileAndLoad(example);
      const x = inputs(testCase);
      const y = targets(testCase);
      expectClose('documented', 'u', model.predict(x, 1), [documented.u], rounded);
      const before = Object.fromEntries(
        Object.keys(documented.grads).map((name) => [name, Float32Array.from(model.params[name])]),
      );
      expectClose('documented', 'E', [model.trainStep(x, y, 1)], [documented.E], rounded);
      for (const [name, values] of Object.entries(documented.grads)) {
        const grad = before[name].map((value, i) => (value - model.params[name][i]) / 0.5);
        expectClose('documented', `∂E/∂${name}`, grad, values, { rel: 0, abs: 4e-7 });
      }
      for (const [name, values] of Object.entries(documented.after)) {
        expectClose('documented', `${name} after one step`, model.params[name], values, rounded);
      }
      expectClose(
        'documented',
        'u after one step',
        model.predict(x, 1),
        [documented.uAfter],
        rounded,
      );
      expectClose(
        'documented',
        'E after one step',
        [model.trainStep(x, y, 1)],
        [documented.EAfter],
        rounded,
      );
    });
  }
});
