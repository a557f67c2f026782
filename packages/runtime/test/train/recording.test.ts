// Weights recordings: bit-identical round trips, a file cut at every byte of its last snapshot (a
// run killed mid-write) read up to the last complete one, damaged records refused, and the
// schedule fit drives (first, every N steps or epochs, last) checked against the weights fit made.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RecordingError,
  decodeRecording,
  encodeRecordingHeader,
  encodeSnapshot,
  fit,
  readRecording,
  recordWeights,
  type RecordingHeader,
  type WeightsSnapshot,
} from '../../src/training/index.js';
import { copyParams, createLinearModel, linearData } from './models.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-recording-test-'));

const header: RecordingHeader = {
  model: 'Tiny',
  run: 'TinyRun',
  every: { count: 2, unit: 'steps' },
  params: [
    { name: 'dense/weights', shape: [3, 2] },
    { name: 'dense/bias', shape: [2] },
  ],
};

const snapshot = (step: number, base: number): WeightsSnapshot => ({
  step,
  epoch: Math.floor(step / 4),
  loss: step === 0 ? NaN : 1 / step,
  params: {
    'dense/weights': Float32Array.from([base, -base, 1e-45, -3.4028234663852886e38, Math.PI, -0]),
    'dense/bias': Float32Array.from([Infinity, base / 3]),
  },
});

function encodeFile(snapshots: WeightsSnapshot[]): Uint8Array {
  const parts = [
    encodeRecordingHeader(header),
    ...snapshots.map((s, i) => encodeSnapshot(header, i, s)),
  ];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

const bits = (values: Float32Array) =>
  Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe('the weights recording format', () => {
  const snapshots = [snapshot(0, 0.5), snapshot(2, -1.25), snapshot(4, 7)];

  it('round-trips every float bit for bit, with steps, epochs and losses', () => {
    const decoded = decodeRecording(encodeFile(snapshots));
    expect(decoded.truncated).toBeUndefined();
    expect(decoded.header).toMatchObject(header);
    expect(decoded.snapshots.map((s) => [s.step, s.epoch])).toEqual([
      [0, 0],
      [2, 0],
      [4, 1],
    ]);
    expect(decoded.snapshots[0].loss).toBeNaN();
    expect(decoded.snapshots[1].loss).toBe(Math.fround(0.5));
    for (const [i, s] of decoded.snapshots.entries())
      for (const name of Object.keys(s.params))
        expect(bits(s.params[name])).toEqual(bits(snapshots[i].params[name]));
    // Snapshots are fixed-size records after an 8-byte-aligned header: the index is arithmetic.
    expect(decoded.dataOffset % 8).toBe(0);
    expect(decoded.recordBytes).toBe(24 + 4 * 8);
  });

  it('reads a file cut anywhere in its last snapshot up to the one before', () => {
    const bytes = encodeFile(snapshots);
    const full = bytes.length;
    const record = decodeRecording(bytes).recordBytes;
    for (let cut = full - record; cut < full; cut++) {
      const decoded = decodeRecording(bytes.subarray(0, cut));
      expect(decoded.snapshots.map((s) => s.step)).toEqual([0, 2]);
      if (cut > full - record) expect(decoded.truncated).toMatch(/snapshot 3 is incomplete/);
      else expect(decoded.truncated).toBeUndefined();
    }
    expect(decodeRecording(bytes.subarray(0, decodeRecording(bytes).dataOffset)).snapshots).toEqual(
      [],
    );
  });

  it('stops at a damaged snapshot (a torn write of zeros) and says which', () => {
    const bytes = encodeFile(snapshots);
    const { dataOffset, recordBytes } = decodeRecording(bytes);
    bytes.fill(0, dataOffset + recordBytes + 30, dataOffset + recordBytes + 34);
    const decoded = decodeRecording(bytes);
    expect(decoded.snapshots).toHaveLength(1);
    expect(decoded.truncated).toMatch(/snapshot 2 is damaged/);
  });

  it('refuses what is not a recording, naming the file and how to make one', () => {
    expect(() => decodeRecording(new TextEncoder().encode('{"a": 1}'), 'x.safetensors')).toThrow(
      /x\.safetensors is not a weights recording.*nnc train --record weights/,
    );
    const cut = encodeRecordingHeader(header).subarray(0, 20);
    expect(() => decodeRecording(cut, 'r.nnwr')).toThrow(RecordingError);
    expect(() => decodeRecording(cut, 'r.nnwr')).toThrow(/truncated before its first snapshot/);
  });
});

describe('recording during fit', () => {
  const data = linearData(12, [2, -1], 0.5);
  const model = () => createLinearModel({ inputs: 2, outputs: 1, learningRate: 0.1 });

  /** The weights after every step of the same run, recorded by hand through onStep. */
  async function weightsByStep(epochs: number) {
    const m = model();
    const byStep = [copyParams(m)];
    await fit(
      m,
      { train: data },
      {
        epochs,
        batch: 4,
        shuffle: false,
        reporter: { onStep: () => byStep.push(copyParams(m)) },
      },
    );
    return byStep;
  }

  it('takes the first, every N steps across epochs, and the last snapshot', async () => {
    const expected = await weightsByStep(3);
    const dir = temporary();
    const file = path.join(dir, 'weights.nnwr');
    const m = model();
    const recording = recordWeights(m, file, { every: 5, unit: 'steps' }, { run: 'R' });
    await fit(
      m,
      { train: data },
      { epochs: 3, batch: 4, shuffle: false, reporter: recording.hooks },
    );
    expect(recording.finish(false)).toBe(3);
    const decoded = readRecording(file);
    // 3 steps an epoch, 9 in all: 0, 5, and the last (9).
    expect(decoded.snapshots.map((s) => [s.step, s.epoch])).toEqual([
      [0, 0],
      [5, 2],
      [9, 3],
    ]);
    for (const s of decoded.snapshots)
      expect(Array.from(s.params['dense/weights'])).toEqual(
        Array.from(expected[s.step]['dense/weights']),
      );
  });

  it('takes one per N epochs, and a resumed run drops the snapshots past its checkpoint', async () => {
    const dir = temporary();
    const file = path.join(dir, 'weights.nnwr');
    const m = model();
    const first = recordWeights(m, file, { every: 1, unit: 'epochs' }, {});
    await fit(
      m,
      { train: data },
      { epochs: 2, batch: 4, shuffle: false, checkpointDir: dir, reporter: first.hooks },
    );
    first.finish(false);
    expect(readRecording(file).snapshots.map((s) => s.step)).toEqual([0, 3, 6]);
    // A snapshot written after the checkpoint by a run that was then killed: resume replaces it.
    const extra = readRecording(file).snapshots[2];
    fs.appendFileSync(file, encodeSnapshot(readRecording(file).header, 3, { ...extra, step: 7 }));
    fs.appendFileSync(file, new Uint8Array(10));
    expect(readRecording(file).snapshots).toHaveLength(4);
    const resumed = model();
    const second = recordWeights(resumed, file, { every: 1, unit: 'epochs' }, {}, 2);
    await fit(
      resumed,
      { train: data },
      {
        epochs: 4,
        batch: 4,
        shuffle: false,
        resume: path.join(dir, 'checkpoint.safetensors'),
        reporter: second.hooks,
      },
    );
    second.finish(false);
    const decoded = readRecording(file);
    expect(decoded.truncated).toBeUndefined();
    expect(decoded.snapshots.map((s) => [s.step, s.epoch])).toEqual([
      [0, 0],
      [3, 1],
      [6, 2],
      [9, 3],
      [12, 4],
    ]);
  });
});
