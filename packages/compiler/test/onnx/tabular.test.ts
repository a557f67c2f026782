// A model trained on a CSV, exported to ONNX with its checkpoint: the graph fills missing numbers
// and scales the columns as training did, so onnxruntime on the file's raw values (laid out by the
// graph's own `nnet.inputs` list, NaN where missing) gives what `nnc eval` gives on the same rows.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/onnx/proto.js';
import { runNnc } from '../run-nnc.js';
import { ort, repoRoot } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-onnx-tabular-'));
  fs.copyFileSync(path.join(repoRoot, 'examples/titanic-style.nnet'), path.join(dir, 'm.nnet'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.copyFileSync(
    path.join(repoRoot, 'examples/data/titanic-style.csv'),
    path.join(dir, 'data/titanic-style.csv'),
  );
  const trained = await runNnc(dir, 'train', 'm.nnet', '--set', 'epochs=3');
  expect(trained.code, trained.stderr).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CSV line's fields (the file quotes only its last column). */
const fields = (line: string) =>
  line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, ''));

describe('ONNX export of a model trained on a CSV', () => {
  it('takes the raw columns and gives what nnc eval gives', async () => {
    const checkpoint = path.join(dir, 'out/TitanicStyle/checkpoint.safetensors');
    const compiled = await runNnc(
      dir,
      'compile',
      'm.nnet',
      '--target',
      'onnx',
      '--weights',
      checkpoint,
      '-o',
      'm.onnx',
    );
    expect(compiled.stderr).toBe('');
    expect(compiled.stdout).toContain("fills and scales the CSV's raw columns");

    const proto = decodeModel(fs.readFileSync(path.join(dir, 'm.onnx')));
    const inputs = JSON.parse(
      proto.metadataProps!.find((p) => p.key === 'nnet.inputs')!.value,
    ) as string[];
    expect(inputs).toContain('Age');
    expect(inputs).toContain('Sex=female');

    // The first 40 rows, one of them with a missing Age, laid out from the header by name.
    const lines = fs.readFileSync(path.join(dir, 'data/titanic-style.csv'), 'utf8').split('\n');
    const header = fields(lines[0]);
    const rows = lines.slice(1, 41).map(fields);
    expect(rows.some((row) => row[header.indexOf('Age')] === '')).toBe(true);
    const raw = rows.flatMap((row) =>
      inputs.map((name) => {
        const [column, category] = name.split('=');
        const value = row[header.indexOf(column)];
        if (category === undefined) return value === '' ? Number.NaN : Number(value);
        return (value === '' ? '(missing)' : value) === category ? 1 : 0;
      }),
    );
    const session = await ort.InferenceSession.create(path.join(dir, 'm.onnx'));
    const input = new ort.Tensor('float32', Float32Array.from(raw), [rows.length, inputs.length]);
    const output = await session.run({ [session.inputNames[0]]: input });
    const fromOnnx = Array.from(output[session.outputNames[0]].data as Float32Array);

    fs.writeFileSync(path.join(dir, 'rows.csv'), lines.slice(0, 41).join('\n') + '\n');
    const evaluated = await runNnc(dir, 'eval', 'm.nnet', '-i', 'rows.csv', '--format', 'json');
    expect(evaluated.stderr).toBe('');
    const fromNnet = (JSON.parse(evaluated.stdout) as Record<string, number>[]).map(
      (r) => r.dense_1,
    );
    expect(fromOnnx.length).toBe(40);
    fromOnnx.forEach((value, i) => expect(value).toBeCloseTo(fromNnet[i], 5));
  });

  it('without a checkpoint exports the graph alone (its inputs scaled as in training)', async () => {
    const compiled = await runNnc(dir, 'compile', 'm.nnet', '--target', 'onnx', '-o', 'bare.onnx');
    expect(compiled.code).toBe(0);
    const proto = decodeModel(fs.readFileSync(path.join(dir, 'bare.onnx')));
    expect(proto.graph!.node.map((n) => n.opType)).not.toContain('IsNaN');
    expect(proto.metadataProps ?? []).toEqual([]);
  });
});
