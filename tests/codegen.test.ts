// The JavaScript generator end to end: generated code of the examples kept as goldens; outputs of
// generated modules against hand-computed references (the course's XOR, softmax + cross-entropy,
// the perceptron rule); gradients against finite differences; user text never spliced raw.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '@nnet/compiler';
import { compileModelToJs } from '../packages/compiler/src/targets/js/index.js';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { expectGolden, nnetFiles, repoRoot } from './golden.js';

describe('generated code of the examples', () => {
  for (const file of nnetFiles(path.join(repoRoot, 'examples'))) {
    const result = checkFile(file);
    for (const graph of result.checked?.models.filter((m) => m.location.file === file) ?? []) {
      it(`${path.basename(file)} model ${graph.name}`, () => {
        const run = result.checked!.runs.find((r) => r.model === graph.name);
        const compiled = compileModelToJs(
          graph,
          run,
          result.checked!,
          result.sources,
          builtinCatalogue(),
          {
            runtimeImport: '@nnet/runtime',
            compilerVersion: 'test',
          },
        );
        const golden = path.join(repoRoot, 'tests/examples/generated', `${graph.name}.js.golden`);
        if (compiled.value) {
          // The absolute source path differs between machines: keep the golden portable.
          expectGolden(
            golden,
            compiled.value.js.replace(
              JSON.stringify(file),
              JSON.stringify(path.relative(repoRoot, file)),
            ),
          );
        } else {
          expect(compiled.diagnostics.map((d) => d.code)).toEqual(
            expect.arrayContaining(['NN4009']),
          );
          expect(compiled.diagnostics[0].message).toMatch(/cannot be compiled to JavaScript/);
        }
      });
    }
  }
});

describe('generated modules compute what the course computes', () => {
  it('XOR with the hand-set ReLU weights outputs 0, 1, 1, 0', async () => {
    const model = await compileAndLoad(fs('examples/xor-by-hand.nnet'));
    expect(Array.from(model.predict(new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), 4))).toEqual([
      0, 1, 1, 0,
    ]);
  });

  it('softmax + cross-entropy of u = (−2, 3, 1) with class 1 is 0.1328', async () => {
    const model = await compileAndLoad(`
      model Scores {
        input u: [3]
        dense(3, softmax) with { weights = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], bias = [0, 0, 0] }
      }
      train Scores { data = random(3, 3), loss = cross_entropy }`);
    const { loss, outputs } = model.evaluateBatch(
      new Float32Array([-2, 3, 1]),
      new Int32Array([1]),
      1,
    );
    expect(loss).toBeCloseTo(0.13284, 4);
    const sum = Math.exp(-2) + Math.exp(3) + Math.exp(1);
    expect(Array.from(outputs)).toEqual(
      [Math.exp(-2) / sum, Math.exp(3) / sum, Math.exp(1) / sum].map((p) => expect.closeTo(p, 6)),
    );
  });

  it('the perceptron rule learns OR from w = (0, 1, −1) and stops at (0, 1, 1)', async () => {
    const model = await compileAndLoad(fs('examples/perceptron-or.nnet'));
    const samples = [
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
    ];
    const history: number[][] = [];
    for (let epoch = 0; epoch < 10; epoch++) {
      for (const [a, b, t] of samples) {
        model.trainStep(new Float32Array([a, b]), new Float32Array([t]), 1);
        history.push([model.params['perceptron/bias'][0], ...model.params['perceptron/weights']]);
      }
    }
    expect(history[history.length - 1]).toEqual([0, 1, 1]);
    // The course's table: (0, 0) gives w·x = 0 → 0, correct; (0, 1) gives −1 → 0, wrong: w += (1, 0, 1).
    expect(history.slice(0, 4)).toEqual([
      [0, 1, -1],
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
    ]);
    expect(Array.from(model.predict(new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), 4))).toEqual([
      0, 1, 1, 1,
    ]);
  });

  it('dense forward matches a naive loop for every elementwise activation', async () => {
    const activations = [
      'sigmoid',
      'tanh',
      'relu',
      'elu',
      'selu',
      'softplus',
      'softsign',
      'swish',
      'gelu',
      'gaussian',
      'hard_sigmoid',
    ];
    const weights = [
      [0.5, -1, 0.25],
      [1.5, 0.2, -0.7],
    ];
    const bias = [0.1, -0.2, 0.3];
    const reference: Record<string, (v: number) => number> = {
      sigmoid: (v) => 1 / (1 + Math.exp(-v)),
      tanh: Math.tanh,
      relu: (v) => Math.max(0, v),
      elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
      selu: (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1)),
      softplus: (v) => Math.log1p(Math.exp(v)),
      softsign: (v) => v / (1 + Math.abs(v)),
      swish: (v) => v / (1 + Math.exp(-v)),
      gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
      gaussian: (v) => Math.exp(-v * v),
      hard_sigmoid: (v) => Math.min(1, Math.max(0, v / 6 + 0.5)),
    };
    const x = [
      [0.3, -1.2],
      [2, 0.5],
    ];
    for (const activation of activations) {
      const model = await compileAndLoad(`
        model M {
          input x: [2]
          dense(3, ${activation}) with { weights = ${JSON.stringify(weights)}, bias = ${JSON.stringify(bias)} }
        }`);
      const out = model.predict(new Float32Array(x.flat()), 2);
      x.forEach((row, r) => {
        for (let j = 0; j < 3; j++) {
          const z = row[0] * weights[0][j] + row[1] * weights[1][j] + bias[j];
          expect(out[r * 3 + j], `${activation}(${z})`).toBeCloseTo(reference[activation](z), 5);
        }
      });
    }
  });
});

describe('gradients of generated modules', () => {
  // With sgd(lr = 1) and no momentum one step moves each weight by −∂E/∂w, so the gradient is
  // (before − after); it is compared with central differences of the model's own loss.
  const models: Record<string, string> = {
    'mlp, tanh and softmax cross-entropy': `
      model M { input x: [3]; dense(4, tanh); dense(3, softmax) }
      train M { data = random(3, 3), loss = cross_entropy, optimizer = sgd(lr = 1) }`,
    'swish (backward reads the pre-activation) and mse': `
      model M { input x: [3]; dense(4, swish); dense(2) }
      train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'residual add and concat': `
      model M {
; ; ; ; input x: [3]
; ; ; ; h = dense(3, tanh)
; ; ; ; s = add(x, h)
; ; ; ; c = concat(s, h)
; ; ; ; c -> dense(2)
; ;  }
      train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'a value merged with itself: add(h, h), concat(h, h), multiply(h, h) (both shares of the gradient)': `
      model M {
        input x: [3]
        h = dense(3, tanh)
        s = add(h, h)
        c = concat(h, h)
        p = multiply(h, h)
        concat(s, c, p) -> dense(2)
      }
      train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'maximum of two and of three branches (the gradient to the largest)': `
      model M {
        input x: [3]
        a = dense(3, tanh)
        b = x -> dense(3)
        m = maximum(x, a)
        n = maximum(m, b, a)
        n -> dense(2)
      }
      train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'conv, max pool, flatten': `
      model M { input x: [25]; reshape([5, 5, 1]); conv2d(2, kernel = 3, tanh); maxpool2d(2, padding = "same"); flatten; dense(2) }
      train M { data = random(25, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'conv, nearest upsampling, conv': `
      model M { input x: [12]; reshape([2, 3, 2]); conv2d(2, kernel = 2, padding = "same", tanh); upsample2d([2, 3]); conv2d(1, kernel = 3); flatten; dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'conv, zero padding (uneven and symmetric), conv': `
      model M { input x: [12]; reshape([2, 3, 2]); conv2d(2, kernel = 2, padding = "same", tanh); zero_padding2d([[0, 1], [2, 0]]); conv2d(1, kernel = 2); zero_padding2d; flatten; dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'rms normalization over a sequence (gamma learned), then over features': `
      model M { input x: [12]; reshape([3, 4]); rmsnorm; flatten; dense(3, tanh); rmsnorm(0.01); dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'layernorm without beta, then without gamma (weights absent by their `when`)': `
      model M { input x: [12]; reshape([3, 4]); layernorm(center = false); flatten; dense(3, tanh); layernorm(scale = false, epsilon = 0.01); dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'lstm over a sequence': `
      model M { input x: [12]; reshape([4, 3]); lstm(5); dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'gru (reset_after), returning sequences, then a simple rnn': `
      model M { input x: [12]; reshape([4, 3]); gru(3, return_sequences = true); rnn(4); dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'multi-head self-attention': `
      model M { input x: [12]; reshape([3, 4]); attention(2); flatten; dense(2) }
      train M { data = random(12, 2), loss = mse, optimizer = sgd(lr = 1) }`,
    'batchnorm in training mode': `
      model M { input x: [3]; dense(4); batchnorm; tanh; dense(2) }
      train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }`,
  };
  for (const [name, text] of Object.entries(models)) {
    it(name, async () => {
      const model = await compileAndLoad(text, { seed: 3 });
      const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
      const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
      const batch = 3;
      const x = Float32Array.from({ length: batch * inputSize }, (_, i) => Math.sin(i * 1.7) * 0.8);
      const y = model.loss!.targetsAreIndices
        ? Int32Array.from({ length: batch }, (_, i) => i % outputSize)
        : Float32Array.from({ length: batch * outputSize }, (_, i) => Math.cos(i));
      const before = Object.fromEntries(
        Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]),
      );
      const lossAt = () => {
        // trainStep's loss is computed before its update: restore the weights after each probe.
        const saved = Object.fromEntries(
          Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]),
        );
        const value = model.trainStep(x, y, batch);
        for (const [k, v] of Object.entries(saved)) model.params[k].set(v);
        return value;
      };
      model.trainStep(x, y, batch);
      const gradients = Object.fromEntries(
        Object.entries(model.params).map(([k, v]) => [k, before[k].map((b, i) => b - v[i])]),
      );
      for (const [k, v] of Object.entries(before)) model.params[k].set(v);
      let checked = 0;
      for (const [paramName, values] of Object.entries(model.params)) {
        if (paramName.includes('moving_')) continue;
        for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 5))) {
          const h = 1e-2;
          const original = values[i];
          values[i] = original + h;
          const up = lossAt();
          values[i] = original - h;
          const down = lossAt();
          values[i] = original;
          const numeric = (up - down) / (2 * h);
          expect(gradients[paramName][i], `${paramName}[${i}]`).toBeCloseTo(numeric, 2);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });
  }
});

describe('user text in generated code', () => {
  it('file names and load() paths are string literals or sanitized comments, never code', () => {
    const evilFile = path.join(repoRoot, 'tests/cases/valid', 'evil*/\n");process.exit(7);//.nnet');
    const text = `model M {\n  input x: [1]\n  dense(1) with { weights = load("w\\");process.exit(8);//.safetensors", "a\\nb") }\n}\n`;
    const result = checkFile(evilFile, {
      host: { readFile: (f) => (f === evilFile ? text : undefined) },
    });
    expect(result.diagnostics).toEqual([]);
    const compiled = compileModelToJs(
      result.checked!.models[0],
      undefined,
      result.checked!,
      result.sources,
      builtinCatalogue(),
    );
    const js = compiled.value!.js;
    // Every occurrence of the hostile text sits inside a JSON string literal or a one-line comment.
    for (const line of js.split('\n')) {
      if (!line.includes('process.exit')) continue;
      const literal =
        line.includes(JSON.stringify(evilFile)) ||
        line.includes(JSON.stringify('w");process.exit(8);//.safetensors'));
      expect(literal || line.trimStart().startsWith('//'), line).toBe(true);
    }
    expect(
      () => new Function(js.replace(/^import .*$/m, '').replace(/^export /gm, '')),
    ).not.toThrow();
  });
});

function fs(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

function erf(x: number): number {
  // The Maclaurin series converges quickly for the |x| < 3 used here.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('evaluation', () => {
  it.each([
    ['sigmoid + binary cross-entropy', 'dense(1, sigmoid)', 'binary_cross_entropy', 'random(3, 1)'],
    ['softmax + cross-entropy', 'dense(3, softmax)', 'cross_entropy', 'random(3, 3)'],
    ['raw scores + mse', 'dense(2)', 'mse', 'random(3, 2)'],
  ])(
    'evaluateBatch gives the loss trainStep computes before its update (%s)',
    async (_name, last, loss, data) => {
      const model = await compileAndLoad(
        `model M { input x: [3]; dense(4, tanh); ${last} }\ntrain M { data = ${data}, loss = ${loss}, optimizer = sgd(lr = 0.5) }`,
        { seed: 2 },
      );
      const outputs = model.outputShape[0];
      const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
      const y =
        loss === 'cross_entropy'
          ? new Int32Array([0, 2, 1, 1])
          : Float32Array.from({ length: 4 * outputs }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const evaluated = model.evaluateBatch(x, y, 4).loss;
      const trained = model.trainStep(x, y, 4);
      expect(evaluated).toBeCloseTo(trained, 6);
      expect(model.evaluateBatch(x, y, 4).loss).toBeLessThan(trained);
    },
  );
});

describe('evaluation through dropout', () => {
  it('reads the logits even when a dropout sits before the final softmax', async () => {
    // Training masks values, so compare with the cross-entropy of predict's probabilities instead.
    const model = await compileAndLoad(
      'model M { input x: [3]; dense(4, tanh); dense(3) -> dropout(0.5) -> softmax }\ntrain M { data = random(3, 3), loss = cross_entropy }',
      { seed: 2 },
    );
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const y = new Int32Array([0, 2, 1, 1]);
    const probabilities = Array.from(model.predict(x, 4));
    const expected =
      -Array.from(y).reduce((sum, c, i) => sum + Math.log(probabilities[i * 3 + c]), 0) / 4;
    expect(model.evaluateBatch(x, y, 4).loss).toBeCloseTo(expected, 5);
  });
});

describe('optimizer state in checkpoints', () => {
  it.each([
    'adam(lr = 0.01)',
    'nadam',
    'rmsprop(momentum = 0.5, centered = true)',
    'sgd(lr = 0.1, momentum = 0.9)',
    'adadelta',
  ])('%s resumes exactly from state() and params', async (optimizer) => {
    const text = `model M { input x: [3]; dense(4, tanh); dense(2) }\ntrain M { data = random(3, 2), loss = mse, optimizer = ${optimizer} }`;
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const y = Float32Array.from({ length: 8 }, (_, i) => Math.cos(i));
    const first = await compileAndLoad(text, { seed: 5 });
    for (let i = 0; i < 3; i++) first.trainStep(x, y, 4);
    const savedParams = Object.fromEntries(
      Object.entries(first.params).map(([k, v]) => [k, Float32Array.from(v)]),
    );
    const savedState = Object.fromEntries(
      Object.entries(first.state()).map(([k, v]) => [k, Float32Array.from(v)]),
    );
    expect(Object.keys(savedState).length).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) first.trainStep(x, y, 4);

    const second = await compileAndLoad(text, { seed: 99 });
    for (const [k, v] of Object.entries(savedParams)) second.params[k].set(v);
    second.loadState(savedState);
    for (let i = 0; i < 2; i++) second.trainStep(x, y, 4);
    for (const k of Object.keys(first.params))
      expect(Array.from(second.params[k])).toEqual(Array.from(first.params[k]));
  });
});

describe('the generated API', () => {
  it("the host entry's fit, evaluate, saveModel and loadModel drive a generated model; predict infers the batch", async () => {
    const { evaluate, fit, loadDataSource, loadModel, saveModel } =
      await import('@nnet/runtime/train');
    const os = await import('node:os');
    const text =
      'model M { input x: [2]; dense(8, tanh); dense(1, sigmoid) }\ntrain M { data = xor, loss = binary_cross_entropy, optimizer = adam(lr = 0.05) }';
    const model = await compileAndLoad(text, { seed: 1 });
    const data = loadDataSource('xor', {});
    const result = await fit(model, { train: data }, { epochs: 300, batch: 4, seed: 1 });
    expect(result.history).toHaveLength(300);
    const evaluation = evaluate(model, data, [{ name: 'binary_accuracy' }]);
    expect(evaluation.metrics.binary_accuracy).toBe(1);
    expect(Array.from(model.predict(data.inputs)).map(Math.round)).toEqual([0, 1, 1, 0]);

    const file = path.join(os.tmpdir(), `nnet-save-${process.pid}.safetensors`);
    saveModel(model, file);
    const copy = await compileAndLoad(text, { seed: 2 });
    loadModel(copy, file);
    expect(Array.from(copy.predict(data.inputs))).toEqual(Array.from(model.predict(data.inputs)));
    expect(evaluate(copy, data, []).loss).toBeCloseTo(evaluation.loss, 7);
  });
});

describe('normalization without scale or shift', () => {
  it.each([
    'batchnorm(center = false)',
    'batchnorm(scale = false)',
    'layernorm(center = false, scale = false)',
  ])('%s compiles, predicts and trains', async (layer) => {
    const model = await compileAndLoad(
      `model M { input x: [3]; dense(4); ${layer}; dense(1) }\ntrain M { data = random(3, 1), loss = mse, optimizer = sgd(lr = 0.1) }`,
      { seed: 1 },
    );
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const y = Float32Array.from({ length: 4 }, (_, i) => Math.cos(i));
    const first = model.trainStep(x, y, 4);
    for (let i = 0; i < 20; i++) model.trainStep(x, y, 4);
    expect(model.trainStep(x, y, 4)).toBeLessThan(first);
    expect(Array.from(model.predict(x)).every(Number.isFinite)).toBe(true);
  });
});
