// Writes and reads weights recordings on disk: a header, then one append-only write per snapshot,
// so a run killed mid-write leaves a file readable up to its last complete snapshot. A resumed
// run drops the snapshots past its checkpoint and appends after them.

import * as fs from 'node:fs';
import type { CompiledModel } from '../core/compiled-model.js';
import { regularFileProblem } from '../data/files.js';
import type { EpochRecord, FitReporter } from './fit.js';
import {
  RecordingError,
  decodeRecording,
  encodeRecordingHeader,
  encodeSnapshot,
  type DecodedRecording,
  type RecordingHeader,
} from './recording-format.js';

export function readRecording(file: string): DecodedRecording {
  let bytes: Buffer;
  // Checked before reading: /dev/zero never ends, and opening a FIFO blocks.
  const problem = regularFileProblem(file, Infinity);
  if (problem !== undefined) throw new RecordingError(`cannot read ${file}: ${problem}`);
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new RecordingError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return decodeRecording(bytes, file);
}

/** True when the file starts like a recording (rather than a safetensors checkpoint). */
export function isRecordingFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8);
      fs.readSync(fd, head, 0, 8, 0);
      return head.toString('latin1') === 'NNETWREC';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export class WeightsRecorder {
  private readonly buffer: Uint8Array;
  private count: number;
  /** The step of the last snapshot in the file (-1: none yet). */
  lastStep: number;
  private constructor(
    private readonly fd: number,
    readonly header: RecordingHeader,
    count: number,
    lastStep: number,
  ) {
    this.count = count;
    this.lastStep = lastStep;
    this.buffer = encodeSnapshot(header, 0, {
      step: 0,
      epoch: 0,
      loss: 0,
      params: Object.fromEntries(
        header.params.map((p) => [p.name, new Float32Array(p.shape.reduce((a, b) => a * b, 1))]),
      ),
    });
  }

  /**
   * Starts `file` afresh, or, with `continueAfterStep`, keeps an existing recording of the same
   * parameters up to that step and appends after it (a resumed run).
   */
  static open(file: string, header: RecordingHeader, continueAfterStep?: number): WeightsRecorder {
    if (continueAfterStep !== undefined && fs.existsSync(file)) {
      try {
        const old = readRecordingQuietly(file);
        if (old && JSON.stringify(old.header.params) === JSON.stringify(header.params)) {
          const kept = old.snapshots.filter((s) => s.step <= continueAfterStep);
          fs.truncateSync(file, old.dataOffset + kept.length * old.recordBytes);
          const last = kept.at(-1)?.step ?? -1;
          return new WeightsRecorder(fs.openSync(file, 'a'), old.header, kept.length, last);
        }
      } catch {
        // An unreadable old recording is replaced below.
      }
    }
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, encodeRecordingHeader(header));
    return new WeightsRecorder(fd, header, 0, -1);
  }

  get snapshots(): number {
    return this.count;
  }

  /** One write of one whole record: a kill leaves at most this record incomplete. */
  record(
    step: number,
    epoch: number,
    loss: number,
    params: Readonly<Record<string, Float32Array>>,
  ): void {
    encodeSnapshot(this.header, this.count, { step, epoch, loss, params }, this.buffer);
    fs.writeSync(this.fd, this.buffer);
    this.count++;
    this.lastStep = step;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function readRecordingQuietly(file: string): DecodedRecording | undefined {
  try {
    return readRecording(file);
  } catch {
    return undefined;
  }
}

export interface RecordingSchedule {
  every: number;
  unit: 'steps' | 'epochs';
}

/**
 * The fit reporter hooks that take snapshots on `schedule` (steps are optimizer steps, counted
 * across epochs), and `finish`, which records the final weights unless the last snapshot holds
 * them already. The first snapshot (the weights before training) is taken at once.
 */
export function recordWeights(
  model: CompiledModel,
  file: string,
  schedule: RecordingSchedule,
  names: { run?: string; source?: string },
  resumedEpoch?: number,
): { hooks: FitReporter; finish(stoppedEarly: boolean): number; cpuSeconds(): number } {
  const header: RecordingHeader = {
    model: model.name,
    ...(names.run ? { run: names.run } : {}),
    ...(names.source ? { source: names.source } : {}),
    every: { count: schedule.every, unit: schedule.unit },
    params: model.paramInfo.map((p) => ({ name: p.name, shape: [...p.shape] })),
  };
  let stepsPerEpoch = 0;
  let step = 0;
  let epoch = resumedEpoch ?? 0;
  let lastRecorded = -1;
  let lastLoss = NaN;
  let recorder: WeightsRecorder | undefined;
  // The process's CPU spent taking snapshots (encoding, checksum, write): what recording costs.
  let cpuMicroseconds = 0;
  const take = () => {
    const before = process.cpuUsage();
    recorder!.record(step, epoch, lastLoss, model.params);
    const used = process.cpuUsage(before);
    cpuMicroseconds += used.user + used.system;
    lastRecorded = step;
  };
  if (resumedEpoch === undefined) {
    recorder = WeightsRecorder.open(file, header);
    take();
  }
  return {
    hooks: {
      onEpochStart(current, _epochs, steps) {
        stepsPerEpoch = steps;
        step = (current - 1) * steps;
        epoch = current - 1;
        if (recorder) return;
        // A resumed run keeps the old snapshots up to its checkpoint and continues after them.
        recorder = WeightsRecorder.open(file, header, step);
        if (recorder.lastStep !== step) take();
      },
      onStep(current, _step, loss) {
        step++;
        epoch = current;
        lastLoss = loss;
        if (schedule.unit === 'steps' && step % schedule.every === 0) take();
      },
      onEpochEnd(record: EpochRecord) {
        epoch = record.epoch;
        step = record.epoch * stepsPerEpoch;
        if (schedule.unit === 'epochs' && epoch % schedule.every === 0 && lastRecorded !== step)
          take();
      },
    },
    finish(stoppedEarly) {
      // A resumed run with no epoch left keeps its recording as it is.
      if (!recorder) recorder = WeightsRecorder.open(file, header, Infinity);
      // After an early stop the model holds the restored best weights: the last snapshot shows them.
      else if (lastRecorded !== step || stoppedEarly) take();
      recorder.close();
      return recorder.snapshots;
    },
    cpuSeconds: () => cpuMicroseconds / 1e6,
  };
}
