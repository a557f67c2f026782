// Random data for a workload from a fixed seed: inputs N(0, 1), targets N(0, 1) for mse or uniform
// class indices for cross_entropy. Written once as raw little-endian files, so the Node sides and
// the Python side all run on the very same numbers, batch after batch in the same order.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Prng } from '@nnet/runtime';
import { inputSize, outputSize, targetSize, type Workload } from './workloads.js';

export interface WorkloadData {
  /** [samples, ...inputShape], row-major. */
  x: Float32Array;
  /** [samples, outputs] values for mse, [samples] class indices for cross_entropy. */
  y: Float32Array | Int32Array;
  samples: number;
}

export interface DataFiles {
  x: string;
  y: string;
}

/** Batches in a data set: the timing loops cycle through them (fewer for big inference batches). */
export function batchesPerDataset(workload: Workload): number {
  return workload.batch >= 256 ? 4 : 16;
}

export function generateWorkloadData(workload: Workload, seed: number): WorkloadData {
  const prng = new Prng(seed);
  const samples = workload.batch * batchesPerDataset(workload);
  const x = new Float32Array(samples * inputSize(workload));
  for (let i = 0; i < x.length; i++) x[i] = prng.normal();
  let y: Float32Array | Int32Array;
  if (workload.loss === 'cross_entropy') {
    y = new Int32Array(samples);
    for (let i = 0; i < samples; i++) y[i] = prng.nextInt(outputSize(workload));
  } else {
    y = new Float32Array(samples * outputSize(workload));
    for (let i = 0; i < y.length; i++) y[i] = prng.normal();
  }
  return { x, y, samples };
}

export function workloadDataFiles(dir: string, workload: Workload): DataFiles {
  const yExtension = workload.loss === 'cross_entropy' ? 'i32' : 'f32';
  return {
    x: path.join(dir, `${workload.id}.x.f32`),
    y: path.join(dir, `${workload.id}.y.${yExtension}`),
  };
}

export function writeWorkloadData(dir: string, workload: Workload, data: WorkloadData): DataFiles {
  const files = workloadDataFiles(dir, workload);
  fs.writeFileSync(files.x, new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
  fs.writeFileSync(files.y, new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
  return files;
}

export function readWorkloadData(files: DataFiles, workload: Workload): WorkloadData {
  const copyBytes = (file: string) => {
    const bytes = fs.readFileSync(file);
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  };
  const x = new Float32Array(copyBytes(files.x));
  const y =
    workload.loss === 'cross_entropy'
      ? new Int32Array(copyBytes(files.y))
      : new Float32Array(copyBytes(files.y));
  const samples = x.length / inputSize(workload);
  if (y.length !== samples * targetSize(workload)) {
    throw new Error(`${files.y}: ${y.length} targets for ${samples} samples`);
  }
  return { x, y, samples };
}

/** The data cut into per-batch views, made once so the timed loop allocates nothing. */
export function batchViews(
  workload: Workload,
  data: WorkloadData,
): { xs: Float32Array[]; ys: (Float32Array | Int32Array)[] } {
  const xs: Float32Array[] = [];
  const ys: (Float32Array | Int32Array)[] = [];
  const inputs = inputSize(workload);
  const targets = targetSize(workload);
  for (let first = 0; first + workload.batch <= data.samples; first += workload.batch) {
    xs.push(data.x.subarray(first * inputs, (first + workload.batch) * inputs));
    ys.push(data.y.subarray(first * targets, (first + workload.batch) * targets));
  }
  return { xs, ys };
}
