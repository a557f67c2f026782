// Kernel-check rows of RMS normalization: the forward against a direct float64 loop (each vector of
// the last axis divided by √(mean of squares + ε), times γ), the backward (x and γ) by finite
// differences; with dx absent (null), γ's gradient alone.

import { rmsNormBackward, rmsNormForward, rmsNormGeometry } from '../../src/kernels/rms-norm.js';
import { randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

// (label, rows per sample, features, epsilon, batch)
const CASES: [string, number, number, number, number][] = [
  ['vectors of 6', 1, 6, 1e-6, 3],
  ['a 4×3 sequence', 4, 3, 1e-6, 2],
  ['one feature, ε = 0.5', 2, 1, 0.5, 2],
];

export const RMS_NORM_ROWS: KernelCheck[] = CASES.map(
  ([label, rows, features, epsilon, batch], index) => {
    const g = rmsNormGeometry({ rows, features, epsilon });
    const size = batch * rows * features;
    return {
      name: `rmsnorm ${label}, batch ${batch}`,
      seed: 1400 + index,
      inputs: (prng) => ({
        x: randomArray(prng, size),
        gamma: Float32Array.from(randomArray(prng, features), (v) => v + 1.5),
      }),
      run: ({ x, gamma }) => {
        const out = nans(size);
        rmsNormForward(x, gamma, out, batch, g);
        return {
          output: out,
          backward: (dy) => {
            const [dx, dGamma] = [nans(size), nans(features)];
            rmsNormBackward(dy, dx, x, gamma, dGamma, batch, g);
            // Without dx, γ's gradient is the same.
            const alone = nans(features);
            rmsNormBackward(dy, null, x, gamma, alone, batch, g);
            if (alone.some((v, j) => v !== dGamma[j])) throw new Error('dγ differs without dx');
            return { x: dx, gamma: dGamma };
          },
        };
      },
      reference: ({ x, gamma }) => {
        const out = new Float64Array(size);
        for (let row = 0; row < batch * rows; row++) {
          let squares = 0;
          for (let j = 0; j < features; j++) squares += x[row * features + j] ** 2;
          const rms = Math.sqrt(squares / features + epsilon);
          for (let j = 0; j < features; j++)
            out[row * features + j] = (x[row * features + j] / rms) * gamma[j];
        }
        return out;
      },
      forwardTolerance: { relative: 1e-5, absolute: 1e-6 },
      gradientTolerance: { relative: 1e-4, absolute: 1e-5 },
    };
  },
);
