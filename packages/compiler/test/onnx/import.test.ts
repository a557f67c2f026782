// ONNX import: the round trip .nnet → .onnx → .nnet keeps the summary (per-layer kinds, output
// shapes and parameters, and the totals) and, with the weights (in safetensors or inline), the
// outputs; graphs PyTorch exported (NCHW, fixtures made by fixtures/make-torch-fixtures.py) import
// to nnet models that compute what onnxruntime computes; what nnet cannot express is NN4010 naming
// the operator.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSafetensors } from '@nnet/runtime/train';
import { builtinCatalogue, summarize, summaryJson } from '../../src/index.js';
import { compileAndLoad } from '../../src/targets/js/load.js';
import { compileModelToOnnx } from '../../src/targets/onnx/index.js';
import { GraphBuilder, attr } from '../../src/targets/onnx/graph-builder.js';
import { importOnnx, type WeightsMode } from '../../src/import/onnx/import.js';
import { DataType, encodeModel, type ValueInfoProto } from '../../src/onnx/proto.js';
import {
  checkText,
  expectClose,
  exportGraph,
  loadRandomized,
  randomInput,
  repoRoot,
  runOnnx,
  toChannelsFirst,
} from './helpers.js';
import { inferenceOnlyLayers, modelCases, notImportable } from './models.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What a round trip must keep of a summary: kinds, shapes and parameter counts, and the totals. */
function summaryShape(text: string, file: string, model?: string) {
  const { models, checked } = checkText(text, file);
  const graph = model ? models.find((m) => m.name === model)! : models[0];
  const json = summaryJson(summarize(graph, builtinCatalogue(), 'keras', checked!.runs));
  return {
    layers: json.layers.map((l) => ({
      kind: l.kind,
      outputShape: l.outputShape,
      params: l.params,
    })),
    total: json.total,
    inputs: json.inputs.map((i) => ({ shape: i.shape, dtype: i.dtype })),
    outputs: json.outputs.length,
  };
}

function importBytes(bytes: Uint8Array, weights: WeightsMode = 'inline', file = '/tmp/model.onnx') {
  return importOnnx(bytes, { file, weights });
}

/** Imports with the weights in a safetensors file, writes both files, and loads the model. */
async function importAndLoad(bytes: Uint8Array, name: string) {
  const out = path.join(dir, `${name}.nnet`);
  const imported = importOnnx(bytes, { file: path.join(dir, `${name}.onnx`), outFile: out });
  expect(imported.diagnostics).toEqual([]);
  writeSafetensors(path.join(dir, imported.value!.weightsFile!), imported.value!.safetensors!);
  fs.writeFileSync(out, imported.value!.text);
  return {
    imported: imported.value!,
    model: await compileAndLoad(imported.value!.text, { file: out, seed: 99 }),
  };
}

describe('.nnet → .onnx → .nnet', () => {
  for (const c of modelCases()) {
    it(`${c.name} keeps its summary`, () => {
      const { models, sources } = checkText(c.text, c.file);
      const graph = c.model ? models.find((m) => m.name === c.model)! : models[0];
      const exported = compileModelToOnnx(graph, sources, builtinCatalogue());
      if (!exported.value) return; // recurrent layers: see export.test.ts
      const imported = importBytes(exported.value.bytes, 'none');
      if (notImportable[c.name]) {
        expect(c.text).toContain(notImportable[c.name]);
        expect(imported.diagnostics.map((d) => d.code)).toEqual(['NN4010']);
        return;
      }
      expect(imported.diagnostics).toEqual([]);
      const text = imported.value!.text;
      expect(text).toMatch(new RegExp(`^model ${graph.name} \\{`));
      const dropped = inferenceOnlyLayers[c.name];
      if (dropped) {
        // The exported Identity comes back as nothing: the layer only acts while training.
        expect(c.text).toContain(dropped);
        expect(text).not.toContain(dropped);
        return;
      }
      const [back, original] = [
        summaryShape(text, '/tmp/roundtrip.nnet'),
        summaryShape(c.text, c.file, c.model),
      ];
      expect(back).toEqual(original);
    });
  }

  for (const c of modelCases()) {
    it(`${c.name} with its weights computes the same outputs`, async () => {
      const { models, sources } = checkText(c.text, c.file);
      const graph = c.model ? models.find((m) => m.name === c.model)! : models[0];
      if (
        graph.inputs.length !== 1 ||
        graph.outputs.length !== 1 ||
        notImportable[c.name] !== undefined ||
        !compileModelToOnnx(graph, sources, builtinCatalogue()).value
      )
        return;
      const original = await loadRandomized(c.text, {
        file: c.file,
        ...(c.model ? { model: c.model } : {}),
      });
      const { imported, model } = await importAndLoad(
        exportGraph(graph, sources, original.params).bytes,
        graph.name,
      );
      expect(imported.weights).toBe('safetensors');
      const batch = 3;
      const size = original.inputShape.reduce((a, b) => a * b, 1);
      const x = randomInput(batch * size, 5, original.inputDtype === 'int' ? 11 : undefined);
      expectClose(model.predict(x, batch), Float32Array.from(original.predict(x, batch)));
    });
  }

  // A normalization without gamma or beta comes back as written: the Constant nodes in their place
  // are no weights (batchnorm keeps its moving statistics).
  it.each([
    {
      layer: 'layernorm',
      model: 'LayerNormed',
      input: '[3, 4]',
      size: 12,
      tensors: ['layernorm/gamma', 'layernorm_1/beta', 'dense/weights', 'dense/bias'],
    },
    {
      layer: 'batchnorm',
      model: 'BatchNormed',
      input: '[4, 4, 2]',
      size: 32,
      tensors: [
        'batchnorm/gamma',
        'batchnorm/moving_mean',
        'batchnorm/moving_variance',
        'batchnorm_1/beta',
        'batchnorm_1/moving_mean',
        'batchnorm_1/moving_variance',
        'batchnorm_2/moving_mean',
        'batchnorm_2/moving_variance',
        'dense/weights',
        'dense/bias',
      ],
    },
  ])(
    'brings a $layer without gamma or beta back as written',
    async ({ layer, model: name, input, size, tensors }) => {
      const text = [
        `model ${name} {`,
        `  input x: ${input}`,
        `  ${layer}(center = false)`,
        `  ${layer}(epsilon = 0.01, scale = false)`,
        `  ${layer}(center = false, scale = false)`,
        '  flatten',
        '  dense(2)',
        '}',
        '',
      ].join('\n');
      const { models, sources } = checkText(text);
      const original = await loadRandomized(text);
      const bytes = exportGraph(models[0], sources, original.params).bytes;
      expect(importBytes(bytes, 'none').value!.text).toBe(text);
      const { imported, model } = await importAndLoad(bytes, name.toLowerCase());
      expect(Object.keys(imported.safetensors!.tensors)).toEqual(tensors);
      const x = randomInput(2 * size) as Float32Array;
      expectClose(model.predict(x, 2), Float32Array.from(original.predict(x, 2)));
    },
  );

  it('keeps a learned beta of zeros and gamma of ones (initializers) as weights', () => {
    // Untrained, a layernorm's weights are ones and zeros: still weights, since they are initializers.
    const { models, sources } = checkText('model Fresh {\n  input x: [3]\n  layernorm\n}\n');
    expect(importBytes(exportGraph(models[0], sources).bytes).value!.text).toBe(
      'model Fresh {\n  input x: [3]\n  layernorm with { gamma = [1, 1, 1], beta = [0, 0, 0] }\n}\n',
    );
  });

  it('ties dense_transposed back to its shared layer: one copy of each kernel', async () => {
    const file = path.join(repoRoot, 'examples/tied-autoencoder.nnet');
    const { models, sources } = checkText(fs.readFileSync(file, 'utf8'), file);
    expect(importBytes(exportGraph(models[0], sources).bytes, 'none').value!.text).toBe(
      [
        'model TiedAutoencoder {',
        '  input image: [28, 28]',
        '  flatten',
        '  shared first_shared = dense(128, relu)',
        '  first_shared',
        '  shared code_shared = dense(32, relu)',
        '  code_shared',
        '  dense_transposed(code_shared, relu)',
        '  dense_transposed(first_shared, sigmoid)',
        '}',
        '',
      ].join('\n'),
    );
    const original = await loadRandomized(fs.readFileSync(file, 'utf8'), { file });
    const { imported } = await importAndLoad(
      exportGraph(models[0], sources, original.params).bytes,
      'tied',
    );
    // The decoders hold their biases only; the kernels are the encoders'.
    expect(Object.keys(imported.safetensors!.tensors)).toEqual([
      'first_shared/weights',
      'first_shared/bias',
      'code_shared/weights',
      'code_shared/bias',
      'dense_transposed/bias',
      'dense_transposed_1/bias',
    ]);
  });

  it('writes weights inline as literal lists that read back as the same float32 values', async () => {
    const c = modelCases().find((m) => m.name === 'every activation, as a layer and fused')!;
    const { models, sources } = checkText(c.text, c.file);
    const original = await loadRandomized(c.text, { file: c.file });
    const imported = importBytes(exportGraph(models[0], sources, original.params).bytes, 'inline');
    expect(imported.value!.text).toMatch(/dense\(6, relu\) with \{\n    weights = \[\n/);
    const copy = await compileAndLoad(imported.value!.text, { seed: 99 });
    for (const [name, values] of Object.entries(original.params))
      expect(Array.from(copy.params[name]), name).toEqual(Array.from(values));
  });

  it('writes the canonical format, hand-set weights as written', () => {
    const { models, sources } = checkText(
      fs.readFileSync(
        path.join(import.meta.dirname, '../../../../examples/xor-by-hand.nnet'),
        'utf8',
      ),
    );
    expect(importBytes(exportGraph(models[0], sources).bytes).value!.text).toBe(
      [
        'model XorByHand {',
        '  input x: [2]',
        '  dense(2, relu) with { weights = [[1, 1], [1, 1]], bias = [0, -1] }',
        '  dense(1) with { weights = [[1], [-2]], bias = [0] }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('loads weights from a safetensors file, named as nnet names the parameters', () => {
    const { models, sources } = checkText(
      fs.readFileSync(path.join(import.meta.dirname, '../../../../examples/residual.nnet'), 'utf8'),
    );
    const imported = importOnnx(exportGraph(models[1], sources).bytes, {
      file: '/tmp/two.onnx',
      outFile: '/tmp/two.nnet',
    }).value!;
    expect(imported.weightsFile).toBe('two.safetensors');
    expect(Object.keys(imported.safetensors!.tensors)).toEqual([
      'a/weights',
      'a/bias',
      'b/weights',
      'b/bias',
      'label/weights',
      'label/bias',
      'score/weights',
      'score/bias',
    ]);
    expect(imported.text).toContain(
      '  a = dense(64, relu) with {\n    weights = load("two.safetensors", "a/weights")\n    bias = load("two.safetensors", "a/bias")\n  }\n',
    );
  });
});

describe('graphs PyTorch exported', () => {
  const cases = [
    {
      file: 'torch-small-convnet.onnx',
      shape: [8, 8, 3],
      expected: [
        'conv2d',
        'batchnorm',
        'relu',
        'maxpool2d',
        'conv2d',
        'batchnorm',
        'relu',
        'add',
        'flatten',
        'dense',
        'dense',
      ],
    },
    {
      file: 'torch-global-pool.onnx',
      shape: [9, 9, 2],
      expected: ['conv2d', 'avgpool2d', 'globalavgpool', 'dense'],
    },
  ];
  for (const c of cases) {
    it(`${c.file} imports channels-last and computes what onnxruntime computes`, async () => {
      const bytes = fs.readFileSync(path.join(fixtures, c.file));
      const { imported, model } = await importAndLoad(bytes, c.file.replace('.onnx', ''));
      expect(imported.model.inputs).toEqual([{ name: 'image', shape: c.shape, dtype: 'float' }]);
      expect(imported.model.layers.map((l) => l.kind)).toEqual(c.expected);
      const batch = 4;
      const x = randomInput(batch * c.shape.reduce((a, b) => a * b, 1)) as Float32Array;
      const { scores } = await runOnnx(bytes, 'image', toChannelsFirst(x, batch, c.shape), [
        batch,
        c.shape[2],
        c.shape[0],
        c.shape[1],
      ]);
      expectClose(model.predict(x, batch), scores);
    });
  }

  it('recognizes gelu written as erf, and names the model after the file', () => {
    const text = importBytes(
      fs.readFileSync(path.join(fixtures, 'torch-small-convnet.onnx')),
      'none',
      path.join(fixtures, 'torch-small-convnet.onnx'),
    ).value!.text;
    expect(text).toContain('model TorchSmallConvnet {');
    expect(text).toContain('  dense(16, gelu)\n');
    expect(text).toContain('add(max_pool, relu_1)');
  });
});

/** A one-input one-output ONNX model made of `nodes` (opset 17). */
function plainModel(
  build: (g: GraphBuilder) => string,
  input: [string, number[]],
  outputShape: number[],
  opset = 17,
): Uint8Array {
  const g = new GraphBuilder();
  const output = build(g);
  const info = (name: string, dims: number[]): ValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: { dim: [{ dimParam: 'N' }, ...dims.map((d) => ({ dimValue: d }))] },
      },
    },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'test',
    graph: {
      name: 'plain',
      node: g.nodes,
      initializer: g.initializers,
      input: [info(...input)],
      output: [info(output, outputShape)],
    },
  });
}

const ramp = (count: number, scale = 0.1) =>
  Array.from({ length: count }, (_, i) => ((i * 7) % 11) * scale - 0.5);

describe('plain ONNX graphs', () => {
  it('MatMul and Add of a constant become one dense layer with its bias', async () => {
    const bytes = plainModel(
      (g) => {
        const product = g.node('MatMul', ['x', g.floatInitializer('W', [3, 2], ramp(6))], 'matmul');
        const biased = g.node('Add', [product, g.floatInitializer('b', [2], [0.25, -0.5])], 'add');
        return g.node('Tanh', [biased], 'tanh');
      },
      ['x', [3]],
      [2],
    );
    const imported = importBytes(bytes);
    expect(imported.value!.text).toBe(
      'model Model {\n  input x: [3]\n  dense(2, tanh) with { weights = [[-0.5, 0.2], [-0.2, 0.5], [0.1, -0.3]], bias = [0.25, -0.5] }\n}\n',
    );
    const x = new Float32Array([0.5, -1, 2]);
    const model = await compileAndLoad(imported.value!.text);
    expectClose(model.predict(x, 1), (await runOnnx(bytes, 'x', x, [1, 3]))['tanh:0']);
  });

  it('Reshape to [0, -1] after a conv flattens like nnet once the dense rows are permuted; ReduceMean pools', async () => {
    const bytes = plainModel(
      (g) => {
        const conv = g.node(
          'Conv',
          ['x', g.floatInitializer('W', [3, 2, 2, 2], ramp(24))],
          'conv',
          [attr.ints('strides', [2, 2])],
        );
        const pooled = g.node('ReduceMean', [conv], 'mean', [
          attr.ints('axes', [2, 3]),
          attr.int('keepdims', 1),
        ]);
        const both = g.node('Concat', [conv, g.node('Mul', [conv, conv], 'square')], 'both', [
          attr.int('axis', 1),
        ]);
        const flat = g.node(
          'Reshape',
          [both, g.int64Initializer('shape', [2], [0, -1])],
          'reshape',
        );
        const scores = g.node(
          'Gemm',
          [flat, g.floatInitializer('W2', [24, 2], ramp(48, 0.05))],
          'fc',
        );
        const gap = g.node('Flatten', [pooled], 'gap');
        return g.node('Concat', [scores, g.node('Relu', [gap], 'relu')], 'out', [
          attr.int('axis', 1),
        ]);
      },
      ['x', [2, 4, 4]],
      [5],
    );
    const { imported, model } = await importAndLoad(bytes, 'reshape-mean');
    expect(imported.model.layers.map((l) => l.kind)).toEqual([
      'conv2d',
      'globalavgpool',
      'multiply',
      'concat',
      'reshape',
      'dense',
      'relu',
      'concat',
    ]);
    const x = randomInput(3 * 32) as Float32Array;
    const expected = (await runOnnx(bytes, 'x', toChannelsFirst(x, 3, [4, 4, 2]), [3, 2, 4, 4]))[
      'out:0'
    ];
    expectClose(model.predict(x, 3), expected);
  });

  it('a kernel read transposed that no dense layer reads as it is: a dense layer with the copy, and NN4016 when the tie is lost', async () => {
    // W [3, 2] is the kernel of a Gemm that scales it (alpha = 0.5: its kernel is not W), and read
    // transposed by a MatMul: the same function, but nnet cannot tie the two.
    const shared = plainModel(
      (g) => {
        const w = g.floatInitializer('W', [3, 2], ramp(6));
        const h = g.node('Gemm', ['x', w], 'encode', [attr.float('alpha', 0.5)]);
        const wt = g.node('Transpose', [w], 'kernel_t', [attr.ints('perm', [1, 0])]);
        return g.node('MatMul', [g.node('Tanh', [h], 'tanh'), wt], 'decode');
      },
      ['x', [3]],
      [3],
    );
    const imported = importBytes(shared);
    expect(imported.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        'NN4016',
        'warning',
        'the ONNX operator `MatMul` (node `decode`) multiplies by the transpose of `W`, which the graph also reads elsewhere; it is imported as a `dense` layer with its own copy of those weights, not tied (`dense_transposed`): no dense layer before it reads them as its kernel as they are (transposed, scaled or reordered, or later in the graph)',
      ],
    ]);
    expect(imported.value!.text).toBe(
      [
        'model Model {',
        '  input x: [3]',
        '  dense(2, use_bias = false, tanh) with { weights = [[-0.25, 0.1], [-0.1, 0.25], [0.05, -0.15]] }',
        '  dense(3, use_bias = false) with { weights = [[-0.5, -0.2, 0.1], [0.2, 0.5, -0.3]] }',
        '}',
        '',
      ].join('\n'),
    );
    const model = await compileAndLoad(imported.value!.text);
    const x = new Float32Array([0.5, -1, 2]);
    expectClose(model.predict(x, 1), (await runOnnx(shared, 'x', x, [1, 3]))['decode:0']);
    // Read transposed only: nothing to tie, nothing to say.
    const alone = plainModel(
      (g) => {
        const wt = g.node('Transpose', [g.floatInitializer('W', [2, 3], ramp(6))], 'kernel_t');
        return g.node('MatMul', ['x', wt], 'decode');
      },
      ['x', [3]],
      [2],
    );
    const plain = importBytes(alone);
    expect(plain.diagnostics).toEqual([]);
    expect(plain.value!.text).toBe(
      'model Model {\n  input x: [3]\n  dense(2, use_bias = false) with { weights = [[-0.5, 0.5], [0.2, 0.1], [-0.2, -0.3]] }\n}\n',
    );
    expectClose(
      (await compileAndLoad(plain.value!.text)).predict(x, 1),
      (await runOnnx(alone, 'x', x, [1, 3]))['decode:0'],
    );
  });

  it('names the first operator nnet has no layer for (NN4010)', () => {
    const bytes = plainModel(
      (g) => {
        const h = g.node('Relu', ['x'], 'relu');
        const lstm = g.node('LSTM', [h, g.floatInitializer('W', [1, 8, 4], ramp(32))], 'lstm_1', [
          attr.int('hidden_size', 2),
        ]);
        return g.node('Einsum', [lstm], 'einsum');
      },
      ['x', [5, 4]],
      [2],
    );
    const { value, diagnostics } = importBytes(bytes);
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe('NN4010');
    expect(diagnostics[0].message).toBe(
      'the ONNX operator `LSTM` (node `lstm_1`) cannot be imported from ONNX: nnet has no layer for it',
    );
    expect(diagnostics[0].help).toMatch(
      /^nnet imports these operators: Add, AveragePool, BatchNormalization, .*Gemm/,
    );
  });

  it('says why a supported operator cannot be imported as used', () => {
    const cases: [string, (g: GraphBuilder) => string, [string, number[]], number[], string][] = [
      [
        'padding that is not "same"',
        (g) =>
          g.node('Conv', ['x', g.floatInitializer('W', [2, 1, 3, 3], ramp(18))], 'conv', [
            attr.ints('pads', [1, 1, 1, 1]),
            attr.ints('strides', [2, 2]),
          ]),
        ['x', [1, 6, 6]],
        [2, 3, 3],
        'the ONNX operator `Conv` (node `conv`) cannot be imported from ONNX: its pads [1, 1, 1, 1] are neither "valid" (none) nor "same" ([0, 0, 1, 1] here)',
      ],
      [
        'an axis order nnet cannot express',
        (g) => g.node('Transpose', ['x'], 'swap', [attr.ints('perm', [0, 2, 1, 3])]),
        ['x', [3, 4, 5]],
        [4, 3, 5],
        'the ONNX operator `Transpose` (node `swap`) cannot be imported from ONNX: its permutation [0, 2, 1, 3] reorders axes in a way nnet cannot express (only channels-last ↔ channels-first)',
      ],
      [
        'a channels-first output',
        (g) => g.node('Conv', ['x', g.floatInitializer('W', [2, 1, 1, 1], [1, 2])], 'conv'),
        ['x', [1, 3, 3]],
        [2, 3, 3],
        'the output `conv:0` cannot be imported from ONNX: it is a channels-first image (or its flattened form); nnet values are channels-last, so the imported model would order them differently',
      ],
      [
        'grouped convolution',
        (g) =>
          g.node('Conv', ['x', g.floatInitializer('W', [2, 1, 1, 1], [1, 2])], 'conv', [
            attr.int('group', 2),
          ]),
        ['x', [2, 3, 3]],
        [2, 3, 3],
        "the ONNX operator `Conv` (node `conv`) cannot be imported from ONNX: it is a grouped convolution (group = 2); nnet's convolutions are not grouped",
      ],
    ];
    for (const [, build, input, output, message] of cases) {
      const { diagnostics } = importBytes(plainModel(build, input, output));
      expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['NN4010', message]]);
    }
  });

  it('reports a file that is not ONNX', () => {
    const { diagnostics } = importBytes(
      new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]),
      'inline',
      '/tmp/junk.onnx',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['NN4010']);
    expect(diagnostics[0].message).toMatch(
      /^`junk.onnx` cannot be imported from ONNX: it is not an ONNX model/,
    );
  });

  it("folds a per-channel PRelu on a channels-first image into nnet's per-value alpha", async () => {
    const bytes = plainModel(
      (g) => {
        const conv = g.node('Conv', ['x', g.floatInitializer('W', [3, 2, 2, 2], ramp(24))], 'conv');
        const prelu = g.node(
          'PRelu',
          [conv, g.floatInitializer('slope', [3, 1, 1], [0.1, 0.2, 0.3])],
          'prelu',
        );
        return g.node('Flatten', [prelu], 'flatten', [attr.int('axis', 1)]);
      },
      ['x', [2, 4, 4]],
      [27],
    );
    const imported = importBytes(bytes);
    // A flattened channels-first value is not nnet's order: the output cannot be matched.
    expect(imported.diagnostics[0]?.message).toMatch(/the output `flatten:0` cannot be imported/);
    const pooled = plainModel(
      (g) => {
        const conv = g.node('Conv', ['x', g.floatInitializer('W', [3, 2, 2, 2], ramp(24))], 'conv');
        const prelu = g.node(
          'PRelu',
          [conv, g.floatInitializer('slope', [3, 1, 1], [0.1, 0.2, 0.3])],
          'prelu',
        );
        const flat = g.node('Flatten', [prelu], 'flatten', [attr.int('axis', 1)]);
        return g.node(
          'Gemm',
          [
            flat,
            g.floatInitializer('W2', [2, 27], ramp(54, 0.05)),
            g.floatInitializer('b2', [2], [0.1, 0.2]),
          ],
          'fc',
          [attr.int('transB', 1)],
        );
      },
      ['x', [2, 4, 4]],
      [2],
    );
    expect(importBytes(pooled, 'none').value!.text).toContain(
      '  conv2d(3, kernel = 2, use_bias = false)\n  prelu\n  flatten\n  dense(2)\n',
    );
    const model = await compileAndLoad(importBytes(pooled).value!.text);
    const x = randomInput(2 * 32) as Float32Array;
    const expected = (await runOnnx(pooled, 'x', toChannelsFirst(x, 2, [4, 4, 2]), [2, 2, 4, 4]))[
      'fc:0'
    ];
    expectClose(model.predict(x, 2), expected);
  });
});
