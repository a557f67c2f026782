// `nnc compile --target onnx` and `nnc import` end to end through the CLI's main(): the files they
// write, what they print, and their exit codes (0 written, 1 a model or graph nnet cannot convert).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSafetensors } from '@nnet/runtime/train';
import { compileAndLoad } from '../../src/targets/js/load.js';
import { expectClose, randomizeParams, repoRoot, runOnnx } from './helpers.js';
import { runNnc } from '../run-nnc.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-onnx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nnc = (...args: string[]) => runNnc(dir, ...args);

describe('nnc compile --target onnx', () => {
  it('writes the .onnx file given with -o, which onnxruntime runs', async () => {
    const result = await nnc(
      'compile',
      path.join(repoRoot, 'examples/xor-by-hand.nnet'),
      '--target',
      'onnx',
      '-o',
      'xor.onnx',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      'wrote xor.onnx: ONNX opset 17, 3 nodes, inputs x[batch, 2], outputs dense_1[batch, 1]\n',
    );
    const outputs = await runOnnx(
      fs.readFileSync(path.join(dir, 'xor.onnx')),
      'x',
      new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
      [4, 2],
    );
    expect(Array.from(outputs.dense_1)).toEqual([0, 1, 1, 0]);
  });

  it('writes MODEL.onnx into a folder, for the model picked with -m', async () => {
    const result = await nnc(
      'compile',
      path.join(repoRoot, 'examples/residual.nnet'),
      '--target',
      'onnx',
      '-m',
      'TwoBranch',
      '-o',
      'models',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('outputs label[batch, 10], score[batch, 1]');
    expect(fs.existsSync(path.join(dir, 'models/TwoBranch.onnx'))).toBe(true);
  });

  it('exports the weights of a checkpoint given with --weights', async () => {
    const file = path.join(repoRoot, 'examples/spiral.nnet');
    const model = await compileAndLoad(fs.readFileSync(file, 'utf8'), { file });
    randomizeParams(model);
    const tensors = Object.fromEntries(
      model.paramInfo.map((p) => [p.name, { shape: p.shape, data: model.params[p.name] }]),
    );
    writeSafetensors(path.join(dir, 'checkpoint.safetensors'), { tensors, metadata: {} });
    expect(
      (
        await nnc(
          'compile',
          file,
          '--target',
          'onnx',
          '--weights',
          'checkpoint.safetensors',
          '-o',
          'spiral.onnx',
        )
      ).code,
    ).toBe(0);
    const x = new Float32Array([0.5, -0.25, 1, 1]);
    const outputs = await runOnnx(
      fs.readFileSync(path.join(dir, 'spiral.onnx')),
      'point',
      x,
      [2, 2],
    );
    expectClose(outputs.dense_1, Float32Array.from(model.predict(x, 2)));
    // A checkpoint without every weight is an error at the layer.
    writeSafetensors(path.join(dir, 'partial.safetensors'), {
      tensors: { 'dense/weights': tensors['dense/weights'] },
      metadata: {},
    });
    const partial = await nnc(
      'compile',
      file,
      '--target',
      'onnx',
      '--weights',
      'partial.safetensors',
      '-o',
      'partial.onnx',
    );
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain(
      'error NN4009 `dense` (layer `dense`) cannot be compiled to ONNX: `partial.safetensors` has no tensor `dense/bias`',
    );
  });

  it('exits 1 with NN4009 at the layer it cannot export, writing nothing', async () => {
    const result = await nnc(
      'compile',
      path.join(repoRoot, 'examples/lstm-text.nnet'),
      '--target',
      'onnx',
      '-o',
      'lstm.onnx',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error NN4009 `lstm` (layer `lstm`) cannot be compiled to ONNX',
    );
    expect(result.stderr).toContain('lstm(64)');
    expect(fs.existsSync(path.join(dir, 'lstm.onnx'))).toBe(false);
  });
});

describe('nnc import', () => {
  it('writes a .nnet file that checks and loads its weights from a .safetensors file beside it', async () => {
    await nnc(
      'compile',
      path.join(repoRoot, 'examples/xor-by-hand.nnet'),
      '--target',
      'onnx',
      '-o',
      'hand.onnx',
    );
    const result = await nnc('import', 'hand.onnx', '-o', 'imported/hand.nnet');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'wrote imported/hand.nnet and imported/hand.safetensors: model XorByHand, 2 layers, 9 weight values loaded from hand.safetensors\n',
    });
    expect(fs.readFileSync(path.join(dir, 'imported/hand.nnet'), 'utf8')).toContain(
      'dense(2, relu) with {\n    weights = load("hand.safetensors", "dense/weights")\n',
    );
    expect((await nnc('check', 'imported/hand.nnet')).code).toBe(0);
    // And back to ONNX, the weights read from the safetensors file.
    expect(
      (await nnc('compile', 'imported/hand.nnet', '--target', 'onnx', '-o', 'again.onnx')).code,
    ).toBe(0);
    const outputs = await runOnnx(
      fs.readFileSync(path.join(dir, 'again.onnx')),
      'x',
      new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
      [4, 2],
    );
    expect(Array.from(outputs.dense_1)).toEqual([0, 1, 1, 0]);
  });

  it('writes weights as literal lists with --weights inline', async () => {
    const result = await nnc('import', 'hand.onnx', '-o', 'inline.nnet', '--weights', 'inline');
    expect(result.stdout).toBe(
      'wrote inline.nnet: model XorByHand, 2 layers, 9 weight values inline as literal lists\n',
    );
    const original = fs.readFileSync(path.join(repoRoot, 'examples/xor-by-hand.nnet'), 'utf8');
    expect(fs.readFileSync(path.join(dir, 'inline.nnet'), 'utf8')).toBe(
      original.slice(original.indexOf('model ')),
    );
  });

  it('names the model with -m and the file after the input by default', async () => {
    const result = await nnc(
      'import',
      path.join(import.meta.dirname, 'fixtures/torch-global-pool.onnx'),
      '-m',
      'Pooled',
      '--weights',
      'none',
    );
    expect(result.stdout).toBe(
      'wrote torch-global-pool.nnet: model Pooled, 4 layers, 135 weight values left out (--weights none): the model starts from its initializers\n',
    );
    expect(fs.readFileSync(path.join(dir, 'torch-global-pool.nnet'), 'utf8')).toMatch(
      /^model Pooled \{\n  input image: \[9, 9, 2\]\n/,
    );
  });

  it('exits 1 with NN4010 for a file that is not ONNX, and 2 for a missing one', async () => {
    fs.writeFileSync(path.join(dir, 'junk.onnx'), 'not a model');
    const junk = await nnc('import', 'junk.onnx');
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(
      /^junk\.onnx:1:1 error NN4010 `junk\.onnx` cannot be imported from ONNX: it is not an ONNX model/,
    );
    expect((await nnc('import', 'missing.onnx')).code).toBe(2);
  });
});
