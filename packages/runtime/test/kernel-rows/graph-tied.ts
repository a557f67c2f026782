// Kernel-check rows of the two kernels that read a second operand besides their input, each
// through its kernel-table row: the graph convolution (Â · H · W + b with Â from the adjacency; the
// multi-input protocol) and the tied dense layer (x · Wᵀ + b, W another layer's kernel; the layer
// protocol), each against a naive float64 loop and finite differences.

import { expect } from 'vitest';
import { Prng } from '../../src/core/prng.js';
import { transposedDenseKernels } from '../../src/kernels/dense-transposed.js';
import { graphConvolutionKernels } from '../../src/kernels/gcn.js';
import { randomArray } from '../helpers.js';
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

/**
 * A row of the graph convolution's kernel-table row: inputs [H, A], weights [W, b]. The backward
 * adds into dH (given holding 1 already, so a kernel that overwrote it fails) and leaves A's
 * gradient as it is (A is data).
 */
function gcnRow(name: string, c: GcnCase, seed: number, withDh = true): KernelCheck {
  const { batch, nodes: n, features: f, units: u } = c;
  const row = graphConvolutionKernels.roles;
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
      const state = row.createState({ nodes: n, features: f, units: u });
      const parameters = [weights, bias ?? null];
      const out = nans(batch * n * u);
      row.forward([h, adjacency], out, batch, state, parameters, true, new Prng(0));
      return {
        output: out,
        backward: (dy) => {
          const dh = withDh ? new Float32Array(h.length).fill(1) : null;
          const dAdjacency = new Float32Array(adjacency.length);
          const dWeights = nans(weights.length);
          const dBias = bias ? nans(u) : null;
          row.backward(dy, [dh, dAdjacency], [h, adjacency], batch, state, parameters, [
            dWeights,
            dBias,
          ]);
          expect(
            dAdjacency.every((value) => value === 0),
            'the adjacency gets no gradient',
          ).toBe(true);
          return {
            ...(dh ? { h: dh.map((value) => value - 1) } : {}),
            weights: dWeights,
            ...(dBias ? { bias: dBias } : {}),
          };
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
      const row = transposedDenseKernels.roles;
      const geometry = row.geometry({ inputs: k, units: n });
      const parameters = [weights, bias ?? null];
      const y = nans(batch * n);
      row.forward(x, y, batch, geometry, parameters, true, new Prng(0));
      return {
        output: y,
        backward: (dy) => {
          const dx = withDx ? nans(x.length) : null;
          const dWeights = nans(weights.length);
          const dBias = bias ? nans(n) : null;
          row.backward(dy, dx, x, batch, geometry, parameters, [dWeights, dBias]);
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
