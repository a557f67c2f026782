// Optimizers: two or three steps written out by hand in float64 for each, PyTorch trajectories
// (fixtures/torch-optimizers.json, from generate_fixtures.py) to 1e-6, the perceptron rule, and
// the checks on the arrays a step is given.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optimizerNames, optimizerTable, type OptimizerName } from '../src/optimizers/table.js';
import type { OptimizerOptions } from '../src/optimizers/types.js';
import { createSgd, perceptronRuleUpdate } from '../src/optimizers/sgd-adagrad-rmsprop.js';
import { expectClose } from './helpers.js';

/** Runs an optimizer over one scalar parameter for the given gradients; returns p after each step. */
function run(
  name: OptimizerName,
  options: OptimizerOptions,
  start: number,
  grads: number[],
): number[] {
  const param = Float32Array.of(start);
  const optimizer = optimizerTable[name]([param], options);
  return grads.map((g) => {
    optimizer.step([param], [Float32Array.of(g)]);
    return param[0];
  });
}

const GRADS = [0.5, -0.25, 0.125];
const TOLERANCE = { relative: 1e-6, absolute: 1e-7 };

describe('optimizers, steps written out by hand', () => {
  it('sgd: p − lr·g', () => {
    expectClose(run('sgd', { learningRate: 0.1 }, 1, GRADS), [0.95, 0.975, 0.9625], TOLERANCE);
  });

  it('sgd with momentum 0.9: b₁ = g₁, then b = 0.9b + g', () => {
    // b: 0.5, 0.45 − 0.25 = 0.2, 0.18 + 0.125 = 0.305
    expectClose(
      run('sgd', { learningRate: 0.1, momentum: 0.9 }, 1, GRADS),
      [0.95, 0.93, 0.8995],
      TOLERANCE,
    );
  });

  it('sgd with Nesterov momentum: p − lr·(g + 0.9b)', () => {
    // b as above; steps: 0.5 + 0.45 = 0.95, −0.25 + 0.18 = −0.07, 0.125 + 0.2745 = 0.3995
    expectClose(
      run('sgd', { learningRate: 0.1, momentum: 0.9, nesterov: true }, 1, GRADS),
      [0.905, 0.912, 0.87205],
      TOLERANCE,
    );
  });

  it('adam: first step moves lr·g/(|g| + ε); later steps use both bias corrections', () => {
    const [lr, b1, b2, eps] = [0.1, 0.9, 0.999, 1e-8];
    const m1 = 0.1 * 0.5;
    const v1 = 0.001 * 0.25;
    const p1 = 1 - (lr / (1 - b1)) * (m1 / (Math.sqrt(v1) / Math.sqrt(1 - b2) + eps));
    expect(p1).toBeCloseTo(0.9, 7);
    const m2 = b1 * m1 + 0.1 * -0.25;
    const v2 = b2 * v1 + 0.001 * 0.0625;
    const p2 = p1 - (lr / (1 - b1 ** 2)) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - b2 ** 2) + eps));
    const m3 = b1 * m2 + 0.1 * 0.125;
    const v3 = b2 * v2 + 0.001 * 0.015625;
    const p3 = p2 - (lr / (1 - b1 ** 3)) * (m3 / (Math.sqrt(v3) / Math.sqrt(1 - b2 ** 3) + eps));
    expectClose(run('adam', { learningRate: lr }, 1, GRADS), [p1, p2, p3], TOLERANCE);
  });

  it('adamw: decays p by (1 − lr·wd) before the adam step', () => {
    const [lr, wd] = [0.1, 0.5];
    const p1 = 1 * (1 - lr * wd) - lr * (0.5 / (0.5 + 1e-8));
    const m2 = 0.9 * 0.05 + 0.1 * -0.25;
    const v2 = 0.999 * 0.00025 + 0.001 * 0.0625;
    const p2 =
      p1 * (1 - lr * wd) -
      (lr / (1 - 0.81)) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expectClose(
      run('adamw', { learningRate: lr, weightDecay: wd }, 1, GRADS.slice(0, 2)),
      [p1, p2],
      TOLERANCE,
    );
  });

  it('adamax: u = max(β2·u, |g| + ε), p − lr/(1 − β1^t)·m/u', () => {
    const lr = 0.1;
    const u1 = 0.5 + 1e-8;
    const p1 = 1 - (lr / 0.1) * (0.05 / u1);
    const m2 = 0.9 * 0.05 - 0.025;
    const u2 = Math.max(0.999 * u1, 0.25 + 1e-8);
    const p2 = p1 - (lr / (1 - 0.81)) * (m2 / u2);
    expectClose(run('adamax', { learningRate: lr }, 1, GRADS.slice(0, 2)), [p1, p2], TOLERANCE);
  });

  it('nadam: the μ schedule with ψ = 0.004', () => {
    const [lr, b1, b2, eps, psi] = [0.1, 0.9, 0.999, 1e-8, 0.004];
    const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * psi));
    const m1 = 0.05;
    const v1 = 0.00025;
    const d1 = Math.sqrt(v1 / (1 - b2)) + eps;
    const p1 =
      1 -
      ((lr * (1 - mu(1))) / (1 - mu(1))) * (0.5 / d1) -
      ((lr * mu(2)) / (1 - mu(1) * mu(2))) * (m1 / d1);
    const m2 = b1 * m1 + 0.1 * -0.25;
    const v2 = b2 * v1 + 0.001 * 0.0625;
    const d2 = Math.sqrt(v2 / (1 - b2 ** 2)) + eps;
    const product2 = mu(1) * mu(2);
    const p2 =
      p1 -
      ((lr * (1 - mu(2))) / (1 - product2)) * (-0.25 / d2) -
      ((lr * mu(3)) / (1 - product2 * mu(3))) * (m2 / d2);
    expectClose(run('nadam', { learningRate: lr }, 1, GRADS.slice(0, 2)), [p1, p2], TOLERANCE);
  });

  it('adagrad: p − lr·g/(√Σg² + ε)', () => {
    const p1 = 1 - 0.1 * (0.5 / (0.5 + 1e-10));
    const p2 = p1 - 0.1 * (-0.25 / (Math.sqrt(0.3125) + 1e-10));
    const p3 = p2 - 0.1 * (0.125 / (Math.sqrt(0.328125) + 1e-10));
    expectClose(run('adagrad', { learningRate: 0.1 }, 1, GRADS), [p1, p2, p3], TOLERANCE);
  });

  it('adadelta: Δ = √(u + ε)/√(v + ε)·g with ρ = 0.9', () => {
    const eps = 1e-6;
    const v1 = 0.1 * 0.25;
    const delta1 = (Math.sqrt(eps) / Math.sqrt(v1 + eps)) * 0.5;
    const u1 = 0.1 * delta1 ** 2;
    const v2 = 0.9 * v1 + 0.1 * 0.0625;
    const delta2 = (Math.sqrt(u1 + eps) / Math.sqrt(v2 + eps)) * -0.25;
    expectClose(
      run('adadelta', {}, 1, GRADS.slice(0, 2)),
      [1 - delta1, 1 - delta1 - delta2],
      TOLERANCE,
    );
  });

  it('rmsprop: v = 0.99v + 0.01g², p − lr·g/(√v + ε)', () => {
    const v1 = 0.01 * 0.25;
    const p1 = 1 - (0.01 * 0.5) / (Math.sqrt(v1) + 1e-8);
    const v2 = 0.99 * v1 + 0.01 * 0.0625;
    const p2 = p1 - (0.01 * -0.25) / (Math.sqrt(v2) + 1e-8);
    expectClose(run('rmsprop', {}, 1, GRADS.slice(0, 2)), [p1, p2], TOLERANCE);
  });

  it('perceptron: gradient descent at the rule’s rate', () => {
    expectClose(
      run('perceptron', { learningRate: 0.5 }, 1, GRADS),
      [0.75, 0.875, 0.8125],
      TOLERANCE,
    );
  });

  it('reads the learning rate at every step (schedules)', () => {
    const param = Float32Array.of(1);
    const optimizer = createSgd([param], { learningRate: 0.1 });
    optimizer.step([param], [Float32Array.of(1)]);
    optimizer.learningRate = 0.01;
    optimizer.step([param], [Float32Array.of(1)]);
    expect(param[0]).toBeCloseTo(0.89, 7);
    expect(optimizer.stepCount).toBe(2);
  });

  it('throws when the step’s arrays do not match the ones given at creation', () => {
    const params = [new Float32Array(3), new Float32Array(2)];
    for (const name of optimizerNames) {
      const optimizer = optimizerTable[name](params);
      expect(() => optimizer.step(params, [new Float32Array(3)]), name).toThrow(RangeError);
      expect(
        () => optimizer.step(params, [new Float32Array(3), new Float32Array(4)]),
        name,
      ).toThrow(RangeError);
    }
  });
});

describe('perceptron rule', () => {
  it('W += rate·(t − o)·x and b += rate·(t − o)', () => {
    const weights = Float32Array.from([1, -1, 0.5, 2]); // [2 inputs, 2 outputs]
    const bias = Float32Array.from([0, 1]);
    perceptronRuleUpdate(
      weights,
      bias,
      Float32Array.from([1, 2]),
      Float32Array.from([1, -1]),
      0.5,
      2,
      2,
    );
    expect(Array.from(weights)).toEqual([1.5, -1.5, 1.5, 1]);
    expect(Array.from(bias)).toEqual([0.5, 0.5]);
  });
});

interface TorchFixture {
  torch: string;
  initial: number[][];
  gradients: number[][][];
  cases: { name: OptimizerName; options: OptimizerOptions; trajectory: number[][][] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/torch-optimizers.json', import.meta.url), 'utf8'),
) as TorchFixture;

describe(`optimizers against torch.optim ${fixture.torch}`, () => {
  it('covers every optimizer of the table except the perceptron (plain sgd)', () => {
    const covered = new Set(fixture.cases.map((c) => c.name));
    expect(optimizerNames.filter((name) => !covered.has(name))).toEqual(['perceptron']);
  });

  for (const { name, options, trajectory } of fixture.cases) {
    it(`${name} ${JSON.stringify(options)}`, () => {
      const params = fixture.initial.map((values) => Float32Array.from(values));
      const optimizer = optimizerTable[name](params, options);
      trajectory.forEach((expected, step) => {
        const grads = fixture.gradients[step].map((values) => Float32Array.from(values));
        optimizer.step(params, grads);
        params.forEach((param, index) => {
          expectClose(
            param,
            expected[index],
            { relative: 1e-6, absolute: 1e-6 },
            `step ${step + 1} param ${index}`,
          );
        });
      });
    });
  }
});
