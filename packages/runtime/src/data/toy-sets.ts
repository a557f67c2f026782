// Generated toy data sets: truth tables, spiral, moons, circles, blobs and random. Each takes its
// parameters and a seeded Prng and gives a Dataset; the same seed gives the same bits. Samples come
// grouped by class (splitDataset and Batcher shuffle).

import type { Prng } from '../core/prng.js';
import type { Dataset } from './dataset.js';

const TRUTH_TABLE_INPUTS = [0, 0, 0, 1, 1, 0, 1, 1];

/** The four rows of a two-input boolean function: inputs [2], binary target [1]. */
function truthTable(outputs: [number, number, number, number]): Dataset {
  return {
    inputs: Float32Array.from(TRUTH_TABLE_INPUTS),
    targets: Float32Array.from(outputs),
    count: 4,
    inputShape: [2],
    targetShape: [1],
    task: 'binary',
  };
}

export const makeXor = (): Dataset => truthTable([0, 1, 1, 0]);
export const makeOr = (): Dataset => truthTable([0, 1, 1, 1]);
export const makeAnd = (): Dataset => truthTable([0, 0, 0, 1]);

/** numpy's linspace(start, stop, n)[i]. */
function linspace(start: number, stop: number, n: number, i: number, endpoint = true): number {
  const steps = endpoint ? n - 1 : n;
  return steps <= 0 ? start : start + ((stop - start) * i) / steps;
}

export interface SpiralOptions {
  points: number;
  classes: number;
  noise: number;
}

/**
 * CS231n's spiral: for class j, r = linspace(0, 1, points), θ = linspace(4j, 4(j + 1), points) +
 * noise · N(0, 1), sample (r sin θ, r cos θ).
 */
export function makeSpiral({ points, classes, noise }: SpiralOptions, prng: Prng): Dataset {
  const count = points * classes;
  const inputs = new Float32Array(count * 2);
  const targets = new Int32Array(count);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < points; i++) {
      const s = j * points + i;
      const radius = linspace(0, 1, points, i);
      const angle = linspace(j * 4, (j + 1) * 4, points, i) + noise * prng.normal();
      inputs[2 * s] = radius * Math.sin(angle);
      inputs[2 * s + 1] = radius * Math.cos(angle);
      targets[s] = j;
    }
  }
  return {
    inputs,
    targets,
    count,
    inputShape: [2],
    targetShape: [],
    classes,
    task: 'classification',
  };
}

/** Adds noise · N(0, 1) to every value (no draws when noise is 0, so the set is exact). */
function addNoise(values: Float32Array, noise: number, prng: Prng): void {
  if (noise === 0) return;
  for (let i = 0; i < values.length; i++) values[i] += noise * prng.normal();
}

/** Two halves: the first floor(samples / 2) get label 0, the rest label 1, as scikit-learn. */
function twoClassTargets(samples: number): Float32Array {
  const targets = new Float32Array(samples);
  targets.fill(1, Math.floor(samples / 2));
  return targets;
}

export interface MoonsOptions {
  samples: number;
  noise: number;
}

/** scikit-learn's make_moons: an upper half circle (0) and a lower one shifted by (1, −0.5) (1). */
export function makeMoons({ samples, noise }: MoonsOptions, prng: Prng): Dataset {
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const inputs = new Float32Array(samples * 2);
  for (let i = 0; i < outer; i++) {
    const angle = linspace(0, Math.PI, outer, i);
    inputs[2 * i] = Math.cos(angle);
    inputs[2 * i + 1] = Math.sin(angle);
  }
  for (let i = 0; i < inner; i++) {
    const angle = linspace(0, Math.PI, inner, i);
    inputs[2 * (outer + i)] = 1 - Math.cos(angle);
    inputs[2 * (outer + i) + 1] = 1 - Math.sin(angle) - 0.5;
  }
  addNoise(inputs, noise, prng);
  const targets = twoClassTargets(samples);
  return { inputs, targets, count: samples, inputShape: [2], targetShape: [1], task: 'binary' };
}

export interface CirclesOptions {
  samples: number;
  noise: number;
  factor: number;
}

/** scikit-learn's make_circles: the unit circle (0) around a circle of radius `factor` (1). */
export function makeCircles({ samples, noise, factor }: CirclesOptions, prng: Prng): Dataset {
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const inputs = new Float32Array(samples * 2);
  for (let i = 0; i < outer; i++) {
    const angle = linspace(0, 2 * Math.PI, outer, i, false);
    inputs[2 * i] = Math.cos(angle);
    inputs[2 * i + 1] = Math.sin(angle);
  }
  for (let i = 0; i < inner; i++) {
    const angle = linspace(0, 2 * Math.PI, inner, i, false);
    inputs[2 * (outer + i)] = factor * Math.cos(angle);
    inputs[2 * (outer + i) + 1] = factor * Math.sin(angle);
  }
  addNoise(inputs, noise, prng);
  const targets = twoClassTargets(samples);
  return { inputs, targets, count: samples, inputShape: [2], targetShape: [1], task: 'binary' };
}

export interface BlobsOptions {
  samples: number;
  centers: number;
  features: number;
  std: number;
}

/**
 * scikit-learn's make_blobs: centres uniform in [−10, 10)^features, floor(samples / centers) samples
 * each (the first samples % centers centres one more), drawn from N(centre, std²).
 */
export function makeBlobs({ samples, centers, features, std }: BlobsOptions, prng: Prng): Dataset {
  const centres = new Float64Array(centers * features);
  for (let i = 0; i < centres.length; i++) centres[i] = prng.uniform(-10, 10);
  const inputs = new Float32Array(samples * features);
  const targets = new Int32Array(samples);
  let s = 0;
  for (let c = 0; c < centers; c++) {
    const size = Math.floor(samples / centers) + (c < samples % centers ? 1 : 0);
    for (let k = 0; k < size; k++, s++) {
      targets[s] = c;
      for (let f = 0; f < features; f++) {
        inputs[s * features + f] = centres[c * features + f] + std * prng.normal();
      }
    }
  }
  return {
    inputs,
    targets,
    count: samples,
    inputShape: [features],
    targetShape: [],
    classes: centers,
    task: 'classification',
  };
}

export interface RandomOptions {
  inputs: number;
  outputs: number;
  samples: number;
}

/** Inputs [inputs] and targets [outputs] from N(0, 1): nothing to learn, for smoke tests. */
export function makeRandom({ inputs, outputs, samples }: RandomOptions, prng: Prng): Dataset {
  const inputValues = new Float32Array(samples * inputs);
  const targetValues = new Float32Array(samples * outputs);
  for (let i = 0; i < inputValues.length; i++) inputValues[i] = prng.normal();
  for (let i = 0; i < targetValues.length; i++) targetValues[i] = prng.normal();
  return {
    inputs: inputValues,
    targets: targetValues,
    count: samples,
    inputShape: [inputs],
    targetShape: [outputs],
    task: 'regression',
  };
}
