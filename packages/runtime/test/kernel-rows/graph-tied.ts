// Kernel-check rows of the two kernels that read a second operand besides their input: the graph
// convolution (Â · H · W + b with Â from the adjacency) and the tied dense layer (x · Wᵀ + b, W
// another layer's kernel), each against a naive float64 loop and finite differences.

import {
  denseTransposedBackward,
  denseTransposedForward,
} from '../../src/kernels/dense-transposed.js';
import { gcnBackward, gcnForward, gcnNormalize } from '../../src/kernels/gcn.js';
import { randomArray, type Prng } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

type Values = ArrayLike<number>;

interface GcnCase {
  batch: number;
  nodes: number;
  features: number;
  units: number;
  bias: boolean;
}

/** A symmetric 0/1 adjacency without self-loops per sample (some nodes isolated), as float32. */
function adjacencyOf(prng: Prng, c: GcnCase): Float32Array {
  const { batch, nodes: n } = c;
  const a = new Float32Array(batch * n * n);
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (prng.nextFloat() < 0.45) a[(s * n + i) * n + j] = a[(s * n + j) * n + i] = 1;
  return a;
}

/** Â = D^(-1/2) (A + I) D^(-1/2), then Â · H · W + b, per sample, in float64. */
function gcnReference(c: GcnCase, adjacency: Values, h: Values, w: Values, b: Values | null) {
  const { batch, nodes: n, features: f, units: u } = c;
  const out = new Float64Array(batch * n * u);
  for (let s = 0; s < batch; s++) {
    const entry = (i: number, j: number) => adjacency[(s * n + i) * n + j] + (i === j ? 1 : 0);
    const degree = Array.from({ length: n }, (_, i) => {
      let total = 0;
      for (let j = 0; j < n; j++) total += entry(i, j);
      return total;
    });
    for (let i = 0; i < n; i++)
      for (let k = 0; k < u; k++) {
        let sum = b ? b[k] : 0;
        for (let j = 0; j < n; j++) {
          let hw = 0;
          for (let e = 0; e < f; e++) hw += h[(s * n + j) * f + e] * w[e * u + k];
          sum += (entry(i, j) / Math.sqrt(degree[i] * degree[j])) * hw;
        }
        out[(s * n + i) * u + k] = sum;
      }
  }
  return out;
}

function gcnRow(name: string, c: GcnCase, seed: number, withDh = true): KernelCheck {
  const { batch, nodes: n, features: f, units: u } = c;
  return {
    name,
    seed,
    inputs: (prng) => ({
      adjacency: adjacencyOf(prng, c),
      h: randomArray(prng, batch * n * f),
      weights: randomArray(prng, f * u),
      ...(c.bias ? { bias: randomArray(prng, u) } : {}),
    }),
    run: ({ adjacency, h, weights, bias }) => {
      const normalized = nans(batch * n * n);
      gcnNormalize(adjacency, normalized, batch, n);
      const hw = nans(batch * n * u);
      const out = nans(batch * n * u);
      gcnForward(h, normalized, weights, bias ?? null, hw, out, batch, n, f, u);
      return {
        output: out,
        backward: (dy) => {
          const dh = withDh ? nans(h.length) : null;
          const dWeights = nans(weights.length);
          const dBias = bias ? nans(u) : null;
          gcnBackward(
            h,
            normalized,
            weights,
            dy,
            dh,
            dWeights,
            dBias,
            nans(hw.length),
            batch,
            n,
            f,
            u,
          );
          // The adjacency is data: it gets no gradient.
          return { ...(dh ? { h: dh } : {}), weights: dWeights, ...(dBias ? { bias: dBias } : {}) };
        },
      };
    },
    reference: ({ adjacency, h, weights, bias }) =>
      gcnReference(c, adjacency, h, weights, bias ?? null),
  };
}

interface TiedCase {
  batch: number;
  /** The tied layer's units (this layer's inputs) and inputs (this layer's outputs). */
  k: number;
  n: number;
  bias: boolean;
}

function denseTransposedRow(name: string, c: TiedCase, seed: number, withDx = true): KernelCheck {
  const { batch, k, n } = c;
  return {
    name,
    seed,
    inputs: (prng) => ({
      x: randomArray(prng, batch * k),
      weights: randomArray(prng, n * k),
      ...(c.bias ? { bias: randomArray(prng, n) } : {}),
    }),
    run: ({ x, weights, bias }) => {
      const y = nans(batch * n);
      denseTransposedForward(x, weights, bias ?? null, y, batch, k, n);
      return {
        output: y,
        backward: (dy) => {
          const dx = withDx ? nans(x.length) : null;
          const dWeights = nans(weights.length);
          const dBias = bias ? nans(n) : null;
          denseTransposedBackward(x, weights, dy, dx, dWeights, dBias, batch, k, n);
          return { ...(dx ? { x: dx } : {}), weights: dWeights, ...(dBias ? { bias: dBias } : {}) };
        },
      };
    },
    reference: ({ x, weights, bias }) => {
      const y = new Float64Array(batch * n);
      for (let r = 0; r < batch; r++)
        for (let j = 0; j < n; j++) {
          let sum = bias ? bias[j] : 0;
          for (let e = 0; e < k; e++) sum += x[r * k + e] * weights[j * k + e];
          y[r * n + j] = sum;
        }
      return y;
    },
  };
}

export const GRAPH_TIED_ROWS: KernelCheck[] = [
  gcnRow(
    'gcn: 2 graphs of 5 nodes, 3 features → 4 units, with bias',
    {
      batch: 2,
      nodes: 5,
      features: 3,
      units: 4,
      bias: true,
    },
    61,
  ),
  gcnRow(
    'gcn: one graph of 7 nodes, no bias, no dH',
    {
      batch: 1,
      nodes: 7,
      features: 2,
      units: 3,
      bias: false,
    },
    62,
    false,
  ),
  denseTransposedRow(
    'dense_transposed: x · Wᵀ + b, 3 rows, 4 → 6',
    { batch: 3, k: 4, n: 6, bias: true },
    63,
  ),
  denseTransposedRow(
    'dense_transposed: no bias, no dx',
    { batch: 2, k: 5, n: 3, bias: false },
    64,
    false,
  ),
];
