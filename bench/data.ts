// Random training data for a net of nets.ts (the kernel experiments), from a fixed seed: inputs
// N(0, 1), targets N(0, 1) for mse or uniform class indices for cross_entropy. `pnpm bench` uses
// workload-data.ts, which does the same for the workloads of workloads.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Prng } from '@nnet/runtime';
import { inputSize, outputSize, type BenchNet } from './nets.js';

/** Batches in the data set; the timing loops cycle through them. */
export const BATCHES_PER_DATASET = 16;

export interface BenchData {
  /** [samples, inputs], row-major. */
  x: Float32Array;
  /** [samples, outputs] values for mse, [samples] class indices for cross_entropy. */
  y: Float32Array | Int32Array;
  samples: number;
}

export function generateData(net: BenchNet, seed: number): BenchData {
  const prng = new Prng(seed);
  const samples = net.batch * BATCHES_PER_DATASET;
  const x = new Float32Array(samples * inputSize(net));
  for (let i = 0; i < x.length; i++) x[i] = prng.normal();
  let y: Float32Array | Int32Array;
  if (net.loss === 'cross_entropy') {
    y = new Int32Array(samples);
    for (let i = 0; i < samples; i++) y[i] = prng.nextInt(outputSize(net));
  } else {
    y = new Float32Array(samples * outputSize(net));
    for (let i = 0; i < y.length; i++) y[i] = prng.normal();
  }
  return { x, y, samples };
}

export function dataFiles(dir: string, net: BenchNet): { x: string; y: string } {
  const yExtension = net.loss === 'cross_entropy' ? 'i32' : 'f32';
  return { x: path.join(dir, `${net.id}.x.f32`), y: path.join(dir, `${net.id}.y.${yExtension}`) };
}

export function writeData(dir: string, net: BenchNet, data: BenchData): void {
  const files = dataFiles(dir, net);
  fs.writeFileSync(files.x, new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
  fs.writeFileSync(files.y, new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
}

export function readData(dir: string, net: BenchNet): BenchData {
  const files = dataFiles(dir, net);
  const copyBytes = (file: string) => {
    const bytes = fs.readFileSync(file);
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  };
  const x = new Float32Array(copyBytes(files.x));
  const y =
    net.loss === 'cross_entropy'
      ? new Int32Array(copyBytes(files.y))
      : new Float32Array(copyBytes(files.y));
  return { x, y, samples: x.length / inputSize(net) };
}
