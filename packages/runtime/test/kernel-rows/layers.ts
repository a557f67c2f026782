// Kernel-check rows of the layer kernels: dense's backward from the matrix kernels, conv2d/conv1d,
// max and average pooling, global average pooling, batchnorm (training and inference) and
// layernorm, each against a direct float64 loop and finite differences of it.

import { expect } from 'vitest';
import { sumRows } from '../../src/core/matmul.js';
import { matmulTransA, matmulTransB } from '../../src/core/matmul-transposed.js';
import { batchNormKernels } from '../../src/kernels/batchnorm.js';
import {
  conv1dGeometry,
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
  type Conv2dGeometry,
  type Conv2dSpec,
} from '../../src/kernels/conv.js';
import { denseForward } from '../../src/kernels/dense.js';
import {
  createLayerNormState,
  layerNormBackward,
  layerNormForward,
} from '../../src/kernels/layernorm.js';
import {
  avgPool2dBackward,
  avgPool2dForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  maxPool2dBackward,
  maxPool2dForward,
  pool2dGeometry,
  type Pool2dGeometry,
  type Pool2dSpec,
} from '../../src/kernels/pool.js';
import { Prng, randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

export /** Direct convolution in float64 with zero padding. */
function convReference(
  x: ArrayLike<number>,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  batch: number,
  g: Conv2dGeometry,
): Float64Array {
  const out = new Float64Array(batch * g.outHeight * g.outWidth * g.outChannels);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let co = 0; co < g.outChannels; co++) {
          let sum = bias ? bias[co] : 0;
          for (let kh = 0; kh < g.kernelHeight; kh++)
            for (let kw = 0; kw < g.kernelWidth; kw++)
              for (let ci = 0; ci < g.inChannels; ci++) {
                const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
                const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
                if (ih < 0 || iw < 0 || ih >= g.inHeight || iw >= g.inWidth) continue;
                const xValue = x[((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + ci];
                sum +=
                  xValue *
                  kernel[((kh * g.kernelWidth + kw) * g.inChannels + ci) * g.outChannels + co];
              }
          out[((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + co] = sum;
        }
  return out;
}

export const CONV_CASES: [string, Conv2dSpec][] = [
  [
    'valid 3×3',
    { inHeight: 5, inWidth: 6, inChannels: 3, outChannels: 4, kernelHeight: 3, kernelWidth: 3 },
  ],
  [
    'same 3×3 stride 2 (extra pad bottom/right)',
    {
      inHeight: 6,
      inWidth: 7,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 3,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    },
  ],
  [
    'same 3×2 dilation 2',
    {
      inHeight: 5,
      inWidth: 5,
      inChannels: 2,
      outChannels: 5,
      kernelHeight: 3,
      kernelWidth: 2,
      dilationHeight: 2,
      dilationWidth: 2,
      padding: 'same',
    },
  ],
  [
    'valid 2×3 stride (2, 1)',
    {
      inHeight: 7,
      inWidth: 6,
      inChannels: 3,
      outChannels: 2,
      kernelHeight: 2,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 1,
    },
  ],
  [
    'same even 4×4',
    {
      inHeight: 5,
      inWidth: 6,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 4,
      kernelWidth: 4,
      padding: 'same',
    },
  ],
  [
    'pointwise 1×1',
    {
      inHeight: 4,
      inWidth: 5,
      inChannels: 6,
      outChannels: 5,
      kernelHeight: 1,
      kernelWidth: 1,
      padding: 'same',
    },
  ],
  [
    'valid 3×3 dilation 2 stride 2',
    {
      inHeight: 9,
      inWidth: 8,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 3,
      kernelWidth: 3,
      dilationHeight: 2,
      dilationWidth: 2,
      strideHeight: 2,
      strideWidth: 2,
    },
  ],
];

export /** Window reduction in float64: `combine` sees the in-bounds cells of each window. */
function poolReference(
  x: ArrayLike<number>,
  batch: number,
  g: Pool2dGeometry,
  combine: (cells: number[]) => number,
): Float64Array {
  const out = new Float64Array(batch * g.outHeight * g.outWidth * g.channels);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < g.channels; c++) {
          const cells: number[] = [];
          for (let ph = 0; ph < g.poolHeight; ph++)
            for (let pw = 0; pw < g.poolWidth; pw++) {
              const ih = oh * g.strideHeight + ph - g.padTop;
              const iw = ow * g.strideWidth + pw - g.padLeft;
              if (ih >= 0 && iw >= 0 && ih < g.inHeight && iw < g.inWidth)
                cells.push(x[((b * g.inHeight + ih) * g.inWidth + iw) * g.channels + c]);
            }
          out[o++] = combine(cells);
        }
  return out;
}
export const maximum = (cells: number[]) => Math.max(...cells);
const average = (cells: number[]) => cells.reduce((a, b) => a + b, 0) / cells.length;

export const POOL_CASES: [string, Pool2dSpec][] = [
  ['2×2 valid', { inHeight: 4, inWidth: 6, channels: 3, poolHeight: 2, poolWidth: 2 }],
  [
    '3×3 stride 2 same (padded edges)',
    {
      inHeight: 6,
      inWidth: 5,
      channels: 2,
      poolHeight: 3,
      poolWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    },
  ],
  [
    '2×3 stride 1 valid (overlapping)',
    {
      inHeight: 4,
      inWidth: 5,
      channels: 2,
      poolHeight: 2,
      poolWidth: 3,
      strideHeight: 1,
      strideWidth: 1,
    },
  ],
  [
    '3×3 valid, inputs not a multiple of the stride',
    { inHeight: 7, inWidth: 8, channels: 1, poolHeight: 3, poolWidth: 3 },
  ],
];

/** Normalizes groups of values: group(i) names the group of element i. */
export function normalizeReference(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: number,
  features: number,
  epsilon: number,
  byColumn: boolean,
): Float64Array {
  const groups = byColumn ? features : rows;
  const groupSize = byColumn ? rows : features;
  const index = (group: number, k: number) =>
    byColumn ? k * features + group : group * features + k;
  const out = new Float64Array(rows * features);
  for (let group = 0; group < groups; group++) {
    let mean = 0;
    for (let k = 0; k < groupSize; k++) mean += x[index(group, k)] / groupSize;
    let variance = 0;
    for (let k = 0; k < groupSize; k++) variance += (x[index(group, k)] - mean) ** 2 / groupSize;
    for (let k = 0; k < groupSize; k++) {
      const i = index(group, k);
      const feature = i % features;
      out[i] = (gamma[feature] * (x[i] - mean)) / Math.sqrt(variance + epsilon) + beta[feature];
    }
  }
  return out;
}

const [denseBatch, denseInputs, denseUnits] = [5, 7, 6];

/** x·W + b in float64. */
function denseReference(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number>) {
  const out = new Float64Array(denseBatch * denseUnits);
  for (let i = 0; i < denseBatch; i++)
    for (let j = 0; j < denseUnits; j++) {
      let sum = b[j];
      for (let p = 0; p < denseInputs; p++) sum += x[i * denseInputs + p] * w[p * denseUnits + j];
      out[i * denseUnits + j] = sum;
    }
  return out;
}

export const DENSE_ROWS: KernelCheck[] = [
  {
    name: 'dense: x·W + b; dW = xᵀ·dy, dx = dy·Wᵀ, db = Σ dy from the matrix kernels',
    seed: 101,
    inputs: (prng) => ({
      x: randomArray(prng, denseBatch * denseInputs),
      weights: randomArray(prng, denseInputs * denseUnits),
      bias: randomArray(prng, denseUnits),
    }),
    run: ({ x, weights, bias }) => {
      const out = nans(denseBatch * denseUnits);
      denseForward(x, weights, bias, out, denseBatch, denseInputs, denseUnits, null);
      return {
        output: out,
        backward: (dy) => {
          const dW = nans(weights.length);
          const dx = nans(x.length);
          const db = nans(bias.length);
          matmulTransA(x, dy, dW, denseInputs, denseBatch, denseUnits);
          matmulTransB(dy, weights, dx, denseBatch, denseUnits, denseInputs);
          sumRows(dy, db, denseBatch, denseUnits);
          return { weights: dW, x: dx, bias: db };
        },
      };
    },
    reference: ({ x, weights, bias }) => denseReference(x, weights, bias),
  },
];

/** conv2d forward and backward on batch 2 (the bias left out when `withBias` is false). */
function convRow(label: string, g: Conv2dGeometry, seed: number, withBias = true): KernelCheck {
  const batch = 2;
  const outLength = batch * g.outHeight * g.outWidth * g.outChannels;
  return {
    name: label,
    seed,
    inputs: (prng) => {
      const x = randomArray(prng, batch * g.inHeight * g.inWidth * g.inChannels);
      const kernel = randomArray(prng, g.patchLength * g.outChannels);
      const bias = randomArray(prng, g.outChannels);
      const values: Record<string, Float32Array> = { x, kernel };
      if (withBias) values.bias = bias;
      return values;
    },
    run: ({ x, kernel, bias }) => {
      const workspace = createConvWorkspace(g);
      const out = nans(outLength);
      conv2dForward(x, kernel, bias ?? null, out, batch, g, workspace);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(x.length);
          const dKernel = nans(kernel.length);
          const dBias = bias ? nans(bias.length) : null;
          conv2dBackward(x, kernel, dy, dx, dKernel, dBias, batch, g, workspace);
          // Skipping dx and dBias leaves dKernel the same.
          const dKernelOnly = new Float32Array(kernel.length);
          conv2dBackward(x, kernel, dy, null, dKernelOnly, null, batch, g, workspace);
          expect(dKernelOnly).toEqual(dKernel);
          return dBias ? { x: dx, kernel: dKernel, bias: dBias } : { x: dx, kernel: dKernel };
        },
      };
    },
    reference: ({ x, kernel, bias }) => convReference(x, kernel, bias ?? null, batch, g),
    gradientTolerance: { relative: 1e-4, absolute: 1e-5 },
  };
}

export const CONV_ROWS: KernelCheck[] = [
  ...CONV_CASES.flatMap(([label, spec], index) => [
    convRow(`conv2d ${label}`, conv2dGeometry(spec), 500 + index),
    convRow(`conv2d ${label}, no bias`, conv2dGeometry(spec), 550 + index, false),
  ]),
  convRow(
    'conv1d same stride 2',
    conv1dGeometry({
      inWidth: 9,
      inChannels: 3,
      outChannels: 4,
      kernelWidth: 4,
      stride: 2,
      padding: 'same',
    }),
    601,
  ),
  convRow(
    'conv1d valid dilation 2',
    conv1dGeometry({ inWidth: 10, inChannels: 2, outChannels: 3, kernelWidth: 3, dilation: 2 }),
    602,
  ),
];

function poolRows(label: string, spec: Pool2dSpec, index: number): KernelCheck[] {
  const g = pool2dGeometry(spec);
  const batch = 2;
  const inLength = batch * g.inHeight * g.inWidth * g.channels;
  const outLength = batch * g.outHeight * g.outWidth * g.channels;
  return [
    {
      name: `maxpool ${label}`,
      seed: 700 + index,
      inputs: (prng) => ({ x: randomArray(prng, inLength) }),
      run: ({ x }) => {
        const out = nans(outLength);
        const argmax = new Int32Array(outLength);
        maxPool2dForward(x, out, argmax, batch, g);
        for (let o = 0; o < outLength; o++) expect(x[argmax[o]]).toBe(out[o]);
        return {
          output: out,
          backward: (dy) => {
            const dx = nans(inLength);
            maxPool2dBackward(dy, argmax, dx, batch, g);
            return { x: dx };
          },
        };
      },
      reference: ({ x }) => poolReference(x, batch, g, maximum),
      forwardTolerance: { relative: 0, absolute: 0 },
      gradientTolerance: { relative: 1e-5, absolute: 1e-6 },
    },
    {
      name: `avgpool ${label}`,
      seed: 800 + index,
      inputs: (prng) => ({ x: randomArray(prng, inLength) }),
      run: ({ x }) => {
        const out = nans(outLength);
        avgPool2dForward(x, out, batch, g);
        return {
          output: out,
          backward: (dy) => {
            const dx = nans(inLength);
            avgPool2dBackward(dy, dx, batch, g);
            return { x: dx };
          },
        };
      },
      reference: ({ x }) => poolReference(x, batch, g, average),
      forwardTolerance: { relative: 1e-6, absolute: 1e-7 },
      gradientTolerance: { relative: 1e-5, absolute: 1e-6 },
    },
  ];
}

const [globalBatch, globalPositions, globalChannels] = [3, 10, 4];

export const POOL_ROWS: KernelCheck[] = [
  ...POOL_CASES.flatMap(([label, spec], index) => poolRows(label, spec, index)),
  {
    name: 'global average pooling',
    seed: 901,
    inputs: (prng) => ({ x: randomArray(prng, globalBatch * globalPositions * globalChannels) }),
    run: ({ x }) => {
      const out = nans(globalBatch * globalChannels);
      globalAvgPoolForward(x, out, globalBatch, globalPositions, globalChannels);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(x.length);
          globalAvgPoolBackward(dy, dx, globalBatch, globalPositions, globalChannels);
          return { x: dx };
        },
      };
    },
    reference: ({ x }) => {
      const out = new Float64Array(globalBatch * globalChannels);
      for (let b = 0; b < globalBatch; b++)
        for (let s = 0; s < globalPositions; s++)
          for (let c = 0; c < globalChannels; c++)
            out[b * globalChannels + c] +=
              x[(b * globalPositions + s) * globalChannels + c] / globalPositions;
      return out;
    },
    forwardTolerance: { relative: 1e-6, absolute: 1e-7 },
    gradientTolerance: { relative: 1e-5, absolute: 1e-7 },
  },
];

const NORM_GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 2e-5 };
const [lnRows, lnFeatures] = [5, 7];
const movingMean = Float32Array.of(0.5, -0.25, 1, 0);
const movingVariance = Float32Array.of(2, 0.5, 1.5, 1);

/**
 * Batch normalization in float64 of x[rows, channels, inner] per channel (over rows and inner
 * positions): the batch's mean and biased variance, or the given moving ones.
 */
export function batchNormReference(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  [rows, channels, inner]: readonly number[],
  epsilon: number,
  moving?: { mean: ArrayLike<number>; variance: ArrayLike<number> },
): Float64Array {
  const out = new Float64Array(rows * channels * inner);
  for (let c = 0; c < channels; c++) {
    const at: number[] = [];
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < inner; i++) at.push((r * channels + c) * inner + i);
    let mean = 0;
    for (const i of at) mean += x[i] / at.length;
    let variance = 0;
    for (const i of at) variance += (x[i] - mean) ** 2 / at.length;
    if (moving) [mean, variance] = [moving.mean[c], moving.variance[c]];
    for (const i of at)
      out[i] = (gamma[c] * (x[i] - mean)) / Math.sqrt(variance + epsilon) + beta[c];
  }
  return out;
}

/**
 * Rows of the batch-normalization kernel through its kernel-table row (the layer protocol with
 * state), for a per-sample shape [rows, channels, inner] normalized on its channel axis.
 */
function batchNormRows(
  label: string,
  [rows, channels, inner]: number[],
  seed: number,
): KernelCheck[] {
  const batch = 2;
  const size = batch * rows * channels * inner;
  const shape = [batch * rows, channels, inner];
  const row = batchNormKernels.roles;
  const spec = { rows, channels, inner, momentum: 0.99 };
  const draw = (prng: Prng) => ({
    x: randomArray(prng, size, -2, 3),
    gamma: randomArray(prng, channels, 0.5, 1.5),
    beta: randomArray(prng, channels),
  });
  return [
    {
      name: `batchnorm training ${label}: batch statistics (biased variance), ε 1e-3; dx, dGamma, dBeta`,
      seed,
      inputs: draw,
      run: ({ x, gamma, beta }) => {
        const state = row.createState({ ...spec, epsilon: 1e-3 });
        const weights = [gamma, beta, movingMean.slice(), movingVariance.slice()];
        const out = nans(size);
        row.forward(x, out, batch, state, weights, true, new Prng(0));
        return {
          output: out,
          backward: (dy) => {
            const [dx, dGamma, dBeta] = [nans(size), nans(channels), nans(channels)];
            row.backward(dy, dx, x, batch, state, weights, [dGamma, dBeta, null, null]);
            return { x: dx, gamma: dGamma, beta: dBeta };
          },
        };
      },
      reference: ({ x, gamma, beta }) => batchNormReference(x, gamma, beta, shape, 1e-3),
      gradientTolerance: NORM_GRADIENT_TOLERANCE,
    },
    {
      name: `batchnorm inference ${label}: the moving statistics, ε 1e-5`,
      seed: seed + 1,
      inputs: draw,
      run: ({ x, gamma, beta }) => {
        const state = row.createState({ ...spec, epsilon: 1e-5 });
        const out = nans(size);
        const weights = [gamma, beta, movingMean.slice(), movingVariance.slice()];
        row.forward(x, out, batch, state, weights, false, new Prng(0));
        return { output: out };
      },
      reference: ({ x, gamma, beta }) =>
        batchNormReference(x, gamma, beta, shape, 1e-5, {
          mean: movingMean,
          variance: movingVariance,
        }),
    },
  ];
}

export const NORMALIZATION_ROWS: KernelCheck[] = [
  // The channel axis last (conv's [9 positions, 4 channels]), then in the middle ([2, 4, 3]).
  ...batchNormRows('on the last axis', [9, 4, 1], 1000),
  ...batchNormRows('on a middle axis', [2, 4, 3], 1010),
  ...[1e-3, 1e-5].map((epsilon, index): KernelCheck => ({
    name: `layernorm over each row's features, ε ${epsilon}; dx, dGamma, dBeta`,
    seed: 1100 + index,
    inputs: (prng) => ({
      x: randomArray(prng, lnRows * lnFeatures, -2, 3),
      gamma: randomArray(prng, lnFeatures, 0.5, 1.5),
      beta: randomArray(prng, lnFeatures),
    }),
    run: ({ x, gamma, beta }) => {
      const state = createLayerNormState({ features: lnFeatures, epsilon });
      const out = nans(x.length);
      layerNormForward(x, gamma, beta, out, lnRows, state);
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(x.length);
          const dGamma = nans(lnFeatures);
          const dBeta = nans(lnFeatures);
          layerNormBackward(x, gamma, dy, dx, dGamma, dBeta, lnRows, state);
          return { x: dx, gamma: dGamma, beta: dBeta };
        },
      };
    },
    reference: ({ x, gamma, beta }) =>
      normalizeReference(x, gamma, beta, lnRows, lnFeatures, epsilon, false),
    gradientTolerance: NORM_GRADIENT_TOLERANCE,
  })),
];
