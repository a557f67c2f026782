// Graph convolution (Kipf & Welling): per sample, H [n, f] and an adjacency A [n, n] give
// Y [n, u] = Â · (H · W) + b with Â = D^(-1/2) (A + I) D^(-1/2), D the row sums of A + I. The backward
// overwrites dW and db and adds into dH when asked; A gets no gradient. Naive loops: graphs are small.
// Its kernel-table row (`graphConvolutionKernels`, the multi-input protocol with state) is below.

import { checkStateHolds, growState, type KernelState } from '../core/state.js';
import type { Prng } from '../core/prng.js';
import { kernelRow } from './row.js';

/**
 * Â of each sample into `normalized` [batch, n, n]; `scale` [n] is scratch for D^(-1/2). A node
 * whose degree is not positive is an error.
 */
export function gcnNormalize(
  adjacency: Float32Array,
  normalized: Float32Array,
  batch: number,
  n: number,
  scale: Float64Array,
): void {
  for (let s = 0; s < batch; s++) {
    const offset = s * n * n;
    for (let i = 0; i < n; i++) {
      let degree = 1;
      for (let j = 0; j < n; j++) degree += adjacency[offset + i * n + j];
      if (!(degree > 0))
        throw new RangeError(`gcn: node ${i} of sample ${s} has degree ${degree} (A + I)`);
      scale[i] = 1 / Math.sqrt(degree);
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = adjacency[offset + i * n + j] + (i === j ? 1 : 0);
        normalized[offset + i * n + j] = scale[i] * a * scale[j];
      }
  }
}

/** out [batch, n, u] = Â · (H · W) + bias; `hw` [batch, n, u] keeps H · W. */
export function gcnForward(
  h: Float32Array,
  normalized: Float32Array,
  weights: Float32Array,
  bias: Float32Array | null,
  hw: Float32Array,
  out: Float32Array,
  batch: number,
  n: number,
  f: number,
  u: number,
): void {
  for (let row = 0; row < batch * n; row++)
    for (let k = 0; k < u; k++) {
      let sum = 0;
      for (let c = 0; c < f; c++) sum += h[row * f + c] * weights[c * u + k];
      hw[row * u + k] = sum;
    }
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < n; i++)
      for (let k = 0; k < u; k++) {
        let sum = bias ? bias[k] : 0;
        for (let j = 0; j < n; j++)
          sum += normalized[(s * n + i) * n + j] * hw[(s * n + j) * u + k];
        out[(s * n + i) * u + k] = sum;
      }
}

/**
 * dW, db (overwritten) and dH (added into, when not null) from dY; `dhw` [batch, n, u] is scratch.
 * Each dH term is rounded to float32 before it is added, as a gradient written apart and then
 * summed into dH would be, so a step gives the same numbers however dH is shared.
 */
export function gcnBackward(
  h: Float32Array,
  normalized: Float32Array,
  weights: Float32Array,
  dy: Float32Array,
  dh: Float32Array | null,
  dWeights: Float32Array,
  dBias: Float32Array | null,
  dhw: Float32Array,
  batch: number,
  n: number,
  f: number,
  u: number,
): void {
  // d(HW) = Âᵀ · dY per sample.
  for (let s = 0; s < batch; s++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < u; k++) {
        let sum = 0;
        for (let i = 0; i < n; i++)
          sum += normalized[(s * n + i) * n + j] * dy[(s * n + i) * u + k];
        dhw[(s * n + j) * u + k] = sum;
      }
  dWeights.fill(0);
  for (let row = 0; row < batch * n; row++)
    for (let c = 0; c < f; c++) {
      const x = h[row * f + c];
      for (let k = 0; k < u; k++) dWeights[c * u + k] += x * dhw[row * u + k];
    }
  if (dBias) {
    dBias.fill(0);
    for (let row = 0; row < batch * n; row++)
      for (let k = 0; k < u; k++) dBias[k] += dy[row * u + k];
  }
  if (dh)
    for (let row = 0; row < batch * n; row++)
      for (let c = 0; c < f; c++) {
        let sum = 0;
        for (let k = 0; k < u; k++) sum += dhw[row * u + k] * weights[c * u + k];
        dh[row * f + c] += Math.fround(sum);
      }
}

/** Nodes per graph, features per node (H's last axis) and units (Y's last axis). */
export interface GraphConvolutionSpec {
  nodes: number;
  features: number;
  units: number;
}

/** What the forward keeps for the backward, per sample of its capacity (core/state.ts). */
export interface GraphConvolutionState extends KernelState, GraphConvolutionSpec {
  /** D^(-1/2) of the sample being normalized [nodes]. */
  degreeScale: Float64Array;
  /** Â of each sample [capacity, nodes, nodes]: written by the forward, read by the backward. */
  normalized: Float32Array;
  /** H · W [capacity, nodes, units], the forward's scratch. */
  hw: Float32Array;
  /** d(H · W) [capacity, nodes, units], the backward's scratch. */
  dhw: Float32Array;
}

function graphConvolutionArrays(
  { nodes, units }: GraphConvolutionSpec,
  capacity: number,
): Pick<GraphConvolutionState, 'normalized' | 'hw' | 'dhw'> {
  return {
    normalized: new Float32Array(capacity * nodes * nodes),
    hw: new Float32Array(capacity * nodes * units),
    dhw: new Float32Array(capacity * nodes * units),
  };
}

export function createGraphConvolutionState(
  spec: GraphConvolutionSpec,
  capacity = 0,
): GraphConvolutionState {
  for (const name of ['nodes', 'features', 'units'] as const)
    if (!Number.isInteger(spec[name]) || spec[name] < 1)
      throw new RangeError(
        `graph convolution: ${name} must be a whole number ≥ 1, got ${spec[name]}`,
      );
  const { nodes, features, units } = spec;
  return {
    capacity,
    nodes,
    features,
    units,
    degreeScale: new Float64Array(nodes),
    ...graphConvolutionArrays(spec, capacity),
  };
}

/**
 * The kernel-table row of the IR op `graph_convolution`: the multi-input protocol, inputs [H, A],
 * weights [W, b] (b null without a bias). The forward normalizes A into the state (Â, per call);
 * the backward adds into dH and leaves A's gradient as it is (A is data).
 */
export const graphConvolutionKernels = kernelRow('graph_convolution', {
  createState: createGraphConvolutionState,
  forward(
    [h, adjacency]: readonly Float32Array[],
    y: Float32Array,
    batch: number,
    state: GraphConvolutionState,
    [weights, bias]: readonly (Float32Array | null)[],
    _training: boolean,
    _random: Prng,
  ): void {
    const { nodes, features, units } = state;
    growState(state, batch, (capacity) => graphConvolutionArrays(state, capacity));
    gcnNormalize(adjacency, state.normalized, batch, nodes, state.degreeScale);
    gcnForward(h, state.normalized, weights!, bias, state.hw, y, batch, nodes, features, units);
  },
  backward(
    dy: Float32Array,
    [dh]: readonly (Float32Array | null)[],
    [h]: readonly Float32Array[],
    batch: number,
    state: GraphConvolutionState,
    [weights]: readonly (Float32Array | null)[],
    [dWeights, dBias]: readonly (Float32Array | null)[],
  ): void {
    checkStateHolds('graph convolution', batch, state);
    const { nodes, features, units } = state;
    gcnBackward(
      h,
      state.normalized,
      weights!,
      dy,
      dh,
      dWeights!,
      dBias,
      state.dhw,
      batch,
      nodes,
      features,
      units,
    );
  },
});
