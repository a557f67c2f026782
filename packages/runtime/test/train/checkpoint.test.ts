// Checkpoints: the safetensors files fit writes (checked by a second, independent reader written
// here from the spec), bit-identical round trips, atomic writes, clear errors for damaged files,
// and resume giving the same weights as an uninterrupted run.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SafetensorsError,
  decodeSafetensors,
  encodeSafetensors,
  fit,
  readSafetensors,
  writeSafetensors,
  type EpochRecord,
} from '../../src/training/index.js';
import { copyParams, createLinearModel, linearData } from './models.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-checkpoint-test-'));

/** A minimal safetensors reader from the spec, sharing no code with the runtime's. */
function independentRead(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const dataStart = 8 + headerLength;
  const tensors: Record<
    string,
    { dtype: string; shape: number[]; offsets: [number, number]; values: number[] }
  > = {};
  for (const [name, entry] of Object.entries(header as Record<string, any>)) {
    if (name === '__metadata__') continue;
    const [begin, end] = entry.data_offsets as [number, number];
    const values: number[] = [];
    for (let at = dataStart + begin; at < dataStart + end; at += 4)
      values.push(view.getFloat32(at, true));
    tensors[name] = { dtype: entry.dtype, shape: entry.shape, offsets: [begin, end], values };
  }
  return {
    headerLength,
    dataStart,
    metadata: header.__metadata__ as Record<string, string> | undefined,
    tensors,
  };
}

const special = Float32Array.from([
  0,
  -0,
  1.5,
  -3.25,
  Math.fround(Math.PI),
  1e-45,
  -3.4028234663852886e38,
  Infinity,
  -Infinity,
]);

describe('the safetensors format', () => {
  it('matches the spec: u64 LE header length, JSON header (F32, shape, data_offsets, __metadata__), LE data', () => {
    const bytes = encodeSafetensors({
      tensors: {
        'dense/weights': { shape: [3, 3], data: special },
        'dense/bias': { shape: [2], data: Float32Array.from([7, 8]) },
      },
      metadata: { epoch: '4', model: 'Linear' },
    });
    const file = independentRead(bytes);
    expect(file.metadata).toEqual({ epoch: '4', model: 'Linear' });
    expect(Object.values(file.tensors).every((t) => t.dtype === 'F32')).toBe(true);
    expect(file.tensors['dense/weights'].shape).toEqual([3, 3]);
    expect(file.tensors['dense/bias'].values).toEqual([7, 8]);
    expect(file.tensors['dense/weights'].values.map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
      Array.from(special, (v) => (Object.is(v, -0) ? '-0' : v)),
    );
    // The data section is exactly covered by the tensors' ranges, without holes or overlaps.
    const ranges = Object.values(file.tensors)
      .map((t) => t.offsets)
      .sort((a, b) => a[0] - b[0]);
    expect(ranges[0][0]).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    expect(file.dataStart + ranges[ranges.length - 1][1]).toBe(bytes.length);
    // The header is padded with spaces so the data is 8-byte aligned, as the reference writer does.
    expect(file.dataStart % 8).toBe(0);
  });

  it('reads back what it wrote, bit for bit', () => {
    const dir = temporary();
    const file = path.join(dir, 'w.safetensors');
    writeSafetensors(file, {
      tensors: {
        w: { shape: [9], data: special },
        scalar: { shape: [], data: Float32Array.from([2]) },
      },
      metadata: { note: 'ü → ✓' },
    });
    const back = readSafetensors(file);
    expect(new Uint8Array(back.tensors.w.data.buffer)).toEqual(new Uint8Array(special.buffer));
    expect(back.tensors.scalar).toEqual({ shape: [], data: Float32Array.from([2]) });
    expect(back.metadata).toEqual({ note: 'ü → ✓' });
  });

  it('writes atomically: an existing file is replaced whole, and no temporary file stays', () => {
    const dir = temporary();
    const file = path.join(dir, 'w.safetensors');
    writeSafetensors(file, {
      tensors: { w: { shape: [1], data: Float32Array.from([1]) } },
      metadata: {},
    });
    writeSafetensors(file, {
      tensors: { w: { shape: [2], data: Float32Array.from([2, 3]) } },
      metadata: {},
    });
    expect(Array.from(readSafetensors(file).tensors.w.data)).toEqual([2, 3]);
    expect(fs.readdirSync(dir)).toEqual(['w.safetensors']);
    expect(() =>
      writeSafetensors(path.join(dir, 'missing', 'w.safetensors'), { tensors: {}, metadata: {} }),
    ).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['w.safetensors']);
  });

  it('names the file and the problem for truncated or damaged files', () => {
    const bytes = encodeSafetensors({
      tensors: { w: { shape: [4], data: Float32Array.from([1, 2, 3, 4]) } },
      metadata: {},
    });
    const cases: [Buffer, RegExp][] = [
      [bytes.subarray(0, bytes.length - 1), /^bad\.safetensors: .*truncated/],
      [bytes.subarray(0, 20), /^bad\.safetensors: .*truncated/],
      [bytes.subarray(0, 5), /^bad\.safetensors: is 5 bytes long/],
      // A text file given as a checkpoint: not a truncated checkpoint, not one at all.
      [
        Buffer.from('// Learning XOR: a 2-4-1 network\nmodel XorTrain {}\n'),
        /^bad\.safetensors: is not a safetensors checkpoint \(it starts with "\/\/ Learning XOR:"\): its first 8 bytes are not a header length/,
      ],
      [
        Buffer.concat([
          bytes.subarray(0, 8),
          Buffer.from('{"w": '.padEnd(Number(bytes.readBigUInt64LE(0)))),
          bytes.subarray(8 + Number(bytes.readBigUInt64LE(0))),
        ]),
        /^bad\.safetensors: its header is not valid JSON/,
      ],
    ];
    for (const [damaged, message] of cases) {
      expect(() => decodeSafetensors(damaged, 'bad.safetensors')).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(damaged, 'bad.safetensors')).toThrow(message);
    }
    expect(() => readSafetensors('/no/such/dir/w.safetensors')).toThrow(
      /^\/no\/such\/dir\/w\.safetensors: cannot be read \(ENOENT\)/,
    );
  });

  // Regression test (src/training/safetensors.ts): before its fix, the reader trusts the header's numbers. A negative
  // offset reads header bytes as weights, a gap or a fractional shape is accepted, and a `null`
  // entry or a non-object `__metadata__` gets through or crashes with a TypeError (which the CLI
  // does not catch as a user error). The reference implementation rejects all of these
  // (InvalidOffset, MetadataIncompleteBuffer, InvalidHeaderDeserialization).
  const withHeader = (json: string, dataBytes: number) => {
    const header = Buffer.from(json);
    const out = Buffer.alloc(8 + header.length + dataBytes);
    out.writeBigUInt64LE(BigInt(header.length));
    header.copy(out, 8);
    return out;
  };
  const hostile: [string, Buffer][] = [
    ['a null entry', withHeader('{"w": null}', 4)],
    [
      'a negative offset (reads header bytes as weights)',
      withHeader('{"w": {"dtype": "F32", "shape": [1], "data_offsets": [-4, 0]}}', 4),
    ],
    [
      'a hole before the first tensor',
      withHeader('{"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', 8),
    ],
    [
      'a fractional shape',
      withHeader('{"w": {"dtype": "F32", "shape": [0.5, 2], "data_offsets": [0, 4]}}', 4),
    ],
    ['a __metadata__ that is not a string map', withHeader('{"__metadata__": 5}', 0)],
  ];
  for (const [label, bytes] of hostile) {
    it(`rejects a header with ${label}, with a SafetensorsError`, () => {
      expect(() => decodeSafetensors(bytes, 'bad.safetensors')).toThrow(SafetensorsError);
    });
  }
});

describe('checkpoints written by fit', () => {
  const data = linearData(32, [1, -2], 0.5);

  it('hold the params, the optimizer state and metadata (epoch, model, source, history)', async () => {
    const dir = temporary();
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    const result = await fit(
      model,
      { train: data },
      { epochs: 3, batch: 8, seed: 1, checkpointDir: dir, runName: 'quick' },
    );
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
    const checkpoint = readSafetensors(path.join(dir, 'checkpoint.safetensors'));
    expect(Object.keys(checkpoint.tensors).sort()).toEqual([
      'dense/bias',
      'dense/weights',
      'optimizer/steps',
    ]);
    expect(checkpoint.tensors['dense/weights']).toEqual({
      shape: [2, 1],
      data: model.params['dense/weights'],
    });
    expect(Array.from(checkpoint.tensors['optimizer/steps'].data)).toEqual([12]);
    expect(checkpoint.metadata).toMatchObject({
      epoch: '3',
      model: 'Linear',
      source: 'models.ts', // the file name only: checkpoints hold no paths
      run: 'quick',
    });
    const history = JSON.parse(checkpoint.metadata.history) as EpochRecord[];
    expect(history.map((record) => record.loss)).toEqual(
      result.history.map((record) => record.loss),
    );
  });

  it('resume continues after the saved epoch and ends with the weights of an uninterrupted run', async () => {
    const straight = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(straight, { train: data }, { epochs: 6, batch: 8, seed: 1, shuffle: false });

    const dir = temporary();
    await fit(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      { train: data },
      { epochs: 3, batch: 8, seed: 1, shuffle: false, checkpointDir: dir },
    );
    const resumed = createLinearModel({
      inputs: 2,
      outputs: 1,
      learningRate: 0.1,
      weights: [9, 9],
    });
    const result = await fit(
      resumed,
      { train: data },
      {
        epochs: 6,
        batch: 8,
        seed: 1,
        shuffle: false,
        resume: path.join(dir, 'checkpoint.safetensors'),
      },
    );
    expect(result.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(copyParams(resumed)).toEqual(copyParams(straight));
    expect(resumed.state()['optimizer/steps'][0]).toBe(24);
  });

  // Regression test (src/training/fit.ts): before its fix, the shuffling generator's state is not saved in the checkpoint
  // and is not advanced past the finished epochs on resume, so a resumed run sees epoch 1's order
  // again and ends with other weights than an uninterrupted run. (The early-stopping state — best
  // value, epochs waited, best weights — is not saved either.)
  it('resume with shuffling gives the same weights as an uninterrupted run', async () => {
    const straight = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(straight, { train: data }, { epochs: 4, batch: 8, seed: 3 });
    const dir = temporary();
    await fit(
      createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 }),
      { train: data },
      { epochs: 2, batch: 8, seed: 3, checkpointDir: dir },
    );
    const resumed = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await fit(
      resumed,
      { train: data },
      { epochs: 4, batch: 8, seed: 3, resume: path.join(dir, 'checkpoint.safetensors') },
    );
    expect(copyParams(resumed)).toEqual(copyParams(straight));
  });

  it('refuses a checkpoint of another model, naming the file and the missing tensor', async () => {
    const dir = temporary();
    const file = path.join(dir, 'other.safetensors');
    writeSafetensors(file, {
      tensors: { 'conv/kernel': { shape: [1], data: Float32Array.from([1]) } },
      metadata: { epoch: '1' },
    });
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });
    await expect(
      fit(model, { train: data }, { epochs: 2, batch: 8, resume: file }),
    ).rejects.toThrow(
      `${file}: this checkpoint does not fit model Linear: missing tensor "dense/weights" [2, 1]; missing tensor "dense/bias" [1]`,
    );
  });
});
