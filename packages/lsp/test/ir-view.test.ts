// `nnet/ir`, the editor's "Show Compiler IR": for each target, the IR of the unsaved text equals the
// reviewed golden of tests/ir; what a target refuses comes with it as NN4009; a file with errors,
// an unknown model or target get no IR, and a data file's error does not hide it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUri, TestClient } from './client.js';

const irDir = path.resolve(import.meta.dirname, '../../../tests/ir');

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(async () => {
  await client.stop();
});

interface IrAnswer {
  model: string;
  target: string;
  text: string;
  problems: string[];
}

const ask = (uri: string, model: string, target: string) =>
  client.request<IrAnswer | null>('nnet/ir', { uri, model, target });

/** A golden without its first line (the file it came from). */
const golden = (name: string) =>
  fs
    .readFileSync(path.join(irDir, name), 'utf8')
    .replace(/^# .*\n/, '')
    .trimEnd();

describe('nnet/ir', () => {
  const file = path.join(irDir, 'mlp-softmax.nnet');
  const uri = fileUri(file);

  it.each(['js', 'onnx', 'pytorch'])('gives the %s IR the golden holds', async (target) => {
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const answer = await ask(uri, 'Mlp', target);
    expect(answer).toMatchObject({ model: 'Mlp', target, problems: [] });
    expect(answer!.text).toBe(golden(`mlp-softmax.${target}.ir.txt`));
  });

  it('reads the unsaved text: an edit shows in the IR at once', async () => {
    const text = fs.readFileSync(file, 'utf8').replace('dense(16, relu)', 'dense(12, relu)');
    await client.change(uri, text);
    const answer = await ask(uri, 'Mlp', 'onnx');
    expect(answer!.text).toContain('param dense/weights[8, 12]');
    expect(answer!.text).not.toBe(golden('mlp-softmax.onnx.ir.txt'));
  });

  it('says what a target cannot express, with the IR all the same', async () => {
    const refused = fileUri(path.join(irDir, 'refused-by-onnx.nnet'));
    await client.open(refused, 'model R {\n  input x: [2, 4]\n  batchnorm(axis = 0)\n}\n');
    const onnx = await ask(refused, 'R', 'onnx');
    expect(onnx!.text).toContain('batch_normalization(%0)');
    expect(onnx!.problems).toHaveLength(1);
    expect(onnx!.problems[0]).toContain(
      'error NN4009 `batchnorm` (layer `batchnorm`) cannot be compiled to ONNX: it normalizes axis 0; only the last (channel) axis is exported',
    );
    expect((await ask(refused, 'R', 'pytorch'))!.problems).toEqual([]);
  });

  it('gives the IR of a run whose data file does not fit, as nnc compile --dump ir does', async () => {
    // A CSV of 2 input columns for a model of 8 inputs: NN4152, an error of the data, not the model.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-ir-'));
    fs.writeFileSync(path.join(folder, 'points.csv'), 'a,b,y\n1,2,0\n3,4,1\n');
    const uri = fileUri(path.join(folder, 'mlp.nnet'));
    const text = fs
      .readFileSync(file, 'utf8')
      .replace('data = random(8, 3)', 'data = csv("points.csv", target = "y")');
    const published = client.diagnosticsFor(uri, (d) => d.length > 0);
    await client.open(uri, text);
    expect((await published).map((d) => [d.code, d.severity])).toContainEqual(['NN4152', 1]);
    const answer = await ask(uri, 'Mlp', 'js');
    expect(answer).toMatchObject({ problems: [] });
    expect(answer!.text).toContain('loss cross_entropy(%');
    fs.rmSync(folder, { recursive: true });
  });

  it('gives no IR for a file with errors, an unknown model or an unknown target', async () => {
    const broken = fileUri(path.join(irDir, 'broken.nnet'));
    await client.open(broken, 'model B {\n  input x: [4]\n  dense(units = -1)\n}\n');
    expect(await ask(broken, 'B', 'js')).toEqual({
      model: 'B',
      target: 'js',
      text: '',
      problems: ['the file has errors: the IR is shown once it checks, as for nnc compile'],
    });
    expect(await ask(uri, 'Nope', 'js')).toBeNull();
    expect(await ask(uri, 'Mlp', 'tflite')).toBeNull();
  });
});
