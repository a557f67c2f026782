// ONNX export against the runtime: every example the exporter supports (and models for conv
// "same" with strides, BatchNorm inference, a residual conv graph, 1-D windows, embeddings and
// every activation) runs in onnxruntime-node on the same weights and inputs as `model.predict`,
// to 1e-5 relative. Also: the graph's form (opset, names, batch axis, transposes), the seeded
// initial weights, and NN4009 for what cannot be exported.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSafetensors } from '@nnet/runtime/train';
import { builtinCatalogue } from '../../src/index.js';
import { compileAndLoad } from '../../src/targets/js/load.js';
import { compileModelToOnnx } from '../../src/targets/onnx/index.js';
import { decodeModel } from '../../src/onnx/proto.js';
import { tensorValues } from '../../src/onnx/tensor.js';
import {
  checkText,
  expectClose,
  exportGraph,
  loadRandomized,
  randomInput,
  repoRoot,
  runOnnx,
} from './helpers.js';
import { modelCases } from './models.js';

const cases = modelCases();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-export-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('exported models compute what the runtime computes', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { models, sources } = checkText(c.text, c.file);
      const graph = c.model ? models.find((m) => m.name === c.model)! : models[0];
      const exported = compileModelToOnnx(graph, sources, builtinCatalogue());
      if (!exported.value) {
        // Only recurrent and attention layers are out of reach, and they say so.
        expect(exported.diagnostics.map((d) => d.message)).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /cannot be compiled to ONNX: nnet does not export (recurrent|attention) layers/,
            ),
          ]),
        );
        return;
      }
      const batch = 3;
      if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
        // The runtime runs one input and one output; onnxruntime still runs this graph.
        const input = graph.inputs[0];
        const size = input.shape!.reduce((a, b) => a * b, 1);
        const outputs = await runOnnx(
          exported.value.bytes,
          input.name,
          randomInput(batch * size) as Float32Array,
          [batch, ...input.shape!],
          // Every other input (a siamese pair has two) gets its own values.
          graph.inputs.slice(1).map((other, i) => ({
            name: other.name,
            x: randomInput(batch * other.shape!.reduce((a, b) => a * b, 1), 5 + i) as Float32Array,
            dims: [batch, ...other.shape!],
          })),
        );
        expect(Object.keys(outputs)).toEqual(
          graph.outputs.map((id) => graph.nodes[graph.values[id].producer!].name),
        );
        return;
      }
      const model = await loadRandomized(c.text, {
        file: c.file,
        ...(c.model ? { model: c.model } : {}),
      });
      const onnx = exportGraph(graph, sources, model.params);
      const size = model.inputShape.reduce((a, b) => a * b, 1);
      const x = randomInput(batch * size, 3, model.inputDtype === 'int' ? 11 : undefined);
      const expected = Float32Array.from(model.predict(x, batch));
      const outputs = await runOnnx(onnx.bytes, graph.inputs[0].name, x, [
        batch,
        ...model.inputShape,
      ]);
      expectClose(Object.values(outputs)[0], expected);
    });
  }
});

describe('the exported graph', () => {
  const file = path.join(repoRoot, 'examples/mnist-cnn.nnet');
  const { models, sources } = checkText(fs.readFileSync(file, 'utf8'), file);
  const proto = decodeModel(exportGraph(models[0], sources).bytes);

  it('is ONNX IR 8 at opset 17, written by nnc', () => {
    expect(proto.irVersion).toBe(8);
    expect(proto.opsetImport).toEqual([expect.objectContaining({ version: 17 })]);
    expect(proto.producerName).toBe('nnc');
  });

  it('takes the named channels-last input with a symbolic batch, and names its output', () => {
    const graph = proto.graph!;
    expect(
      graph.input.map((i) => [
        i.name,
        i.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue),
      ]),
    ).toEqual([['image', ['batch', 28, 28, 1]]]);
    expect(
      graph.output.map((o) => [
        o.name,
        o.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue),
      ]),
    ).toEqual([['dense_1', ['batch', 10]]]);
  });

  it('transposes once into the conv region and once out of it, before flatten', () => {
    const ops = proto.graph!.node.map((n) => n.opType);
    expect(ops).toEqual([
      'Transpose',
      'Conv',
      'Relu',
      'Conv',
      'Relu',
      'MaxPool',
      'Dropout',
      'Transpose',
      'Flatten',
      'Gemm',
      'Relu',
      'Dropout',
      'Gemm',
      'Softmax',
    ]);
    expect(proto.graph!.node[0].attribute).toEqual([
      expect.objectContaining({ name: 'perm', ints: [0, 3, 1, 2] }),
    ]);
    expect(proto.graph!.node[7].attribute).toEqual([
      expect.objectContaining({ name: 'perm', ints: [0, 2, 3, 1] }),
    ]);
  });

  it('stores conv kernels as [out, in, kh, kw]', () => {
    const kernel = proto.graph!.initializer.find((t) => t.name === 'conv2d_1/weights')!;
    expect(kernel.dims).toEqual([64, 32, 3, 3]);
  });
});

describe('weights', () => {
  it('without given weights, are the ones `create({ seed })` starts from', async () => {
    const file = path.join(repoRoot, 'examples/batchnorm-dropout.nnet');
    const text = fs.readFileSync(file, 'utf8');
    const { models, sources } = checkText(text, file);
    const out = compileModelToOnnx(models[0], sources, builtinCatalogue(), { seed: 5 });
    const model = await compileAndLoad(text, { file, seed: 5 });
    const initializers = decodeModel(out.value!.bytes).graph!.initializer;
    for (const [name, values] of Object.entries(model.params)) {
      const stored = initializers.find((t) => t.name === name)!;
      const read = tensorValues(stored);
      expect('values' in read && Array.from(read.values)).toEqual(Array.from(values));
    }
  });

  it('loaded with `load(…)` come from the safetensors file, beside the .nnet file', async () => {
    writeSafetensors(path.join(dir, 'w.safetensors'), {
      tensors: { w: { shape: [2, 1], data: new Float32Array([3, -1]) } },
      metadata: {},
    });
    const text =
      'model Loaded {\n  input x: [2]\n  dense(1) with { weights = load("w.safetensors", "w"), bias = [0.5] }\n}\n';
    const { models, sources } = checkText(text, path.join(dir, 'loaded.nnet'));
    const outputs = await runOnnx(
      exportGraph(models[0], sources).bytes,
      'x',
      new Float32Array([1, 2]),
      [1, 2],
    );
    expect(Array.from(outputs.dense)).toEqual([3 - 2 + 0.5]);
  });

  it('hand-set in `with { … }` are exported as written', async () => {
    const file = path.join(repoRoot, 'examples/xor-by-hand.nnet');
    const { models, sources } = checkText(fs.readFileSync(file, 'utf8'), file);
    const outputs = await runOnnx(
      exportGraph(models[0], sources).bytes,
      'x',
      new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
      [4, 2],
    );
    expect(Array.from(outputs.dense_1)).toEqual([0, 1, 1, 0]);
  });
});

describe('what cannot be exported', () => {
  it('is NN4009 at the layer, with the reason', () => {
    const text = `
model Reader {
  input tokens: int[10]
  embedding(100, 8)
  lstm(16)
  dense(1, sigmoid)
}`;
    const { models, sources } = checkText(text);
    const result = compileModelToOnnx(models[0], sources, builtinCatalogue());
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d.code).toBe('NN4009');
    expect(d.message).toBe(
      '`lstm` (layer `lstm`) cannot be compiled to ONNX: nnet does not export recurrent layers (rnn, lstm, gru) to ONNX yet',
    );
    expect(text.slice(d.span.start, d.span.end)).toBe('lstm(16)');
  });

  it('includes weights that cannot be loaded, and batchnorm over another axis', () => {
    const text = `
model Loaded {
  input x: [4, 3]
  batchnorm(axis = 0)
  flatten
  dense(2) with { weights = load("missing.safetensors", "dense/weights") }
}`;
    const { models, sources } = checkText(text, path.join(dir, 'loaded.nnet'));
    const result = compileModelToOnnx(models[0], sources, builtinCatalogue());
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'NN4009',
        '`batchnorm` (layer `batchnorm`) cannot be compiled to ONNX: it normalizes axis 0; only the last (channel) axis is exported',
      ],
      [
        'NN4009',
        `\`dense\` (layer \`dense\`) cannot be compiled to ONNX: its weight \`dense/weights\` cannot be loaded: ${path.join(dir, 'missing.safetensors')}: cannot be read (ENOENT)`,
      ],
    ]);
  });
});
