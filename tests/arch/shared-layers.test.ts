// Shared layers (`shared enc = dense(…)`, applied several times): one parameter in the IR, the JS
// module, ONNX and PyTorch; counted once; gradients summed over every use, checked against finite
// differences and against PyTorch (tests/fixtures/torch-arch.json, scripts/torch-arch-fixtures.py).

import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, renderModelSvg, summarize } from '@nnet/compiler';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import { repoRoot } from '../golden.js';

const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-arch.json'), 'utf8'),
) as { shared: SharedFixture };

const checkText = (text: string, name: string) =>
  checkFile(path.join(os.tmpdir(), name), { host: { readFile: () => text } });

interface SharedFixture {
  /** The .nnet text of the model the script built in torch. */
  nnet: string;
  x: number[];
  y: number[];
  batch: number;
  /** nnet parameter name → values in nnet's layout ([inputs][units]). */
  weights: Record<string, number[]>;
  loss: number;
  gradients: Record<string, number[]>;
  torchParams: number;
}

const twice = `
model M {
  input x: [3]
  shared h = dense(3, tanh)
  a = x -> h
  b = a -> h
  add(a, b) -> dense(2)
}
train M { data = random(3, 2), loss = mse, optimizer = sgd(lr = 1) }
`;

/** The gradient of one sgd(lr = 1) step: before − after, the weights then restored. */
function stepGradients(
  model: Awaited<ReturnType<typeof compileAndLoad>>,
  x: Float32Array,
  y: Float32Array,
  batch: number,
): { loss: number; gradients: Record<string, Float32Array> } {
  const before = Object.fromEntries(
    Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]),
  );
  const loss = model.trainStep(x, y, batch);
  const gradients = Object.fromEntries(
    Object.entries(model.params).map(([k, v]) => [k, before[k].map((b, i) => b - v[i])]),
  );
  for (const [k, v] of Object.entries(before)) model.params[k].set(v);
  return { loss, gradients };
}

describe('shared layers', () => {
  it('declare one parameter in the IR and count it once', () => {
    const result = checkText(twice, 'twice.nnet');
    expect(result.diagnostics).toEqual([]);
    const graph = result.checked!.models[0];
    const summary = summarize(graph, builtinCatalogue());
    // h: 3·3 + 3 = 12 once; the head 3·2 + 2 = 8.
    expect(summary.totals.total).toBe(20);
    expect(summary.rows.find((r) => r.name === 'b')!.shared).toEqual({
      name: 'h',
      owner: 'a',
      uses: ['a', 'b'],
    });
  });

  it('belong to their body: one per block instance and one per repeat round', () => {
    const result = checkText(
      `block Twice { shared inner = dense(3, tanh); h = inner; h -> inner }
       model M { input x: [3]; repeat 2 { shared r = dense(3); x -> r }; x -> Twice -> Twice }`,
      'bodies.nnet',
    );
    expect(result.diagnostics).toEqual([]);
    const summary = summarize(result.checked!.models[0], builtinCatalogue());
    const owners = summary.rows.filter((row) => row.shared?.owner === row.name);
    expect(owners.map((row) => [row.shared!.name, row.shared!.uses.length])).toEqual([
      ['r', 1],
      ['r', 1],
      ['inner', 2],
      ['inner', 2],
    ]);
    expect(summary.totals.total).toBe(4 * 12);
  });

  it('sum the gradients of every use (finite differences)', async () => {
    const model = await compileAndLoad(twice, { seed: 3 });
    expect(Object.keys(model.params).sort()).toEqual([
      'a/bias',
      'a/weights',
      'dense/bias',
      'dense/weights',
    ]);
    const batch = 3;
    const x = Float32Array.from({ length: batch * 3 }, (_, i) => Math.sin(i * 1.7) * 0.8);
    const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));
    const { gradients } = stepGradients(model, x, y, batch);
    const lossAt = () => stepGradients(model, x, y, batch).loss;
    let checked = 0;
    for (const [name, values] of Object.entries(model.params)) {
      for (let i = 0; i < values.length; i++) {
        const h = 1e-2;
        const original = values[i];
        values[i] = original + h;
        const up = lossAt();
        values[i] = original - h;
        const down = lossAt();
        values[i] = original;
        expect(gradients[name][i], `${name}[${i}]`).toBeCloseTo((up - down) / (2 * h), 2);
        checked++;
      }
    }
    expect(checked).toBe(20);
  });

  it('match PyTorch: the same module called twice, one parameter, gradients summed', async () => {
    const shared = fixture.shared;
    const model = await compileAndLoad(shared.nnet, { seed: 1 });
    for (const [name, values] of Object.entries(shared.weights)) model.params[name].set(values);
    const checked = checkText(shared.nnet, 'fixture.nnet').checked!;
    expect(summarize(checked.models[0], builtinCatalogue(), 'torch').totals.total).toBe(
      shared.torchParams,
    );
    const { loss, gradients } = stepGradients(
      model,
      Float32Array.from(shared.x),
      Float32Array.from(shared.y),
      shared.batch,
    );
    expect(loss).toBeCloseTo(shared.loss, 5);
    for (const [name, expected] of Object.entries(shared.gradients)) {
      expected.forEach((value, i) =>
        expect(gradients[name][i], `${name}[${i}]`).toBeCloseTo(value, 4),
      );
    }
  });
});

describe('shared layers in ONNX and PyTorch', () => {
  const text = readFileSync(path.join(repoRoot, 'examples/siamese.nnet'), 'utf8');

  it('the diagram says which box holds the weights and which reads them', () => {
    const result = checkText(text, 'siamese.nnet');
    const graph = result.checked!.models[0];
    const svg = renderModelSvg(graph, summarize(graph, builtinCatalogue()));
    expect(svg).toContain('[32] · 544 params, shared');
    expect(svg).toContain('[32] · weights of ea');
  });

  it('ONNX: one initializer read by both Gemm nodes', async () => {
    const { compileModelToOnnx } =
      await import('../../packages/compiler/src/targets/onnx/index.js');
    const { decodeModel } = await import('../../packages/compiler/src/onnx/proto.js');
    const result = checkText(text, 'siamese.nnet');
    const exported = compileModelToOnnx(
      result.checked!.models[0],
      result.sources,
      builtinCatalogue(),
    );
    const model = decodeModel(exported.value!.bytes);
    const initializers = model.graph!.initializer!.map((t) => t.name);
    expect(initializers.filter((name) => name === 'ea/weights')).toHaveLength(1);
    expect(initializers.some((name) => name?.startsWith('eb/'))).toBe(false);
    const readers = model.graph!.node!.filter((n) => n.input!.includes('ea/weights'));
    expect(readers.map((n) => n.opType)).toEqual(['Gemm', 'Gemm']);
  });

  it('PyTorch: one nn.Linear called on both inputs, its weights listed once', async () => {
    const { compileModelToPytorch } =
      await import('../../packages/compiler/src/targets/pytorch/index.js');
    const result = checkText(text, 'siamese.nnet');
    const out = compileModelToPytorch(
      result.checked!.models[0],
      undefined,
      result.sources,
      builtinCatalogue(),
    );
    const model = out.value!.files['model.py'];
    expect(model.match(/nn\.Linear\(16, 32\)/g)).toHaveLength(1);
    expect(model).toContain('torch.relu(self.ea(a))');
    expect(model).toContain('torch.relu(self.ea(b))');
    expect(model.match(/"ea\/weights"/g)).toHaveLength(1);
  });
});
