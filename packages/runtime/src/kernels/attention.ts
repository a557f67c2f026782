// Multi-head self-attention as Keras MultiHeadAttention called mha(x, x): x[batch, T, d] →
// out[batch, T, d] with Q, K, V = x·W + b per head, P = softmax(Q·Kᵀ/√key_dim) (optionally causal),
// out = concat_heads(P·V)·W_o + b_o. Weights in Keras shapes; no dropout; nothing allocated per call.
// With a padding mask (attentionPadding before the forward), padded keys get −∞ before the softmax.

import { addBias, matmul, matmulWithOffsets, sumRows } from '../core/matmul.js';
import {
  matmulTransA,
  matmulTransAWithOffsets,
  matmulTransB,
  matmulTransBWithOffsets,
} from '../core/matmul-transposed.js';
import { checkStateHolds, growState, type KernelState } from '../core/state.js';

export interface AttentionSpec {
  timesteps: number;
  /** d, the size of x's last axis and of the output's. */
  modelDim: number;
  heads: number;
  keyDim: number;
  /** keyDim when left out. */
  valueDim?: number;
  /** Step t attends only to steps ≤ t. */
  causal?: boolean;
}

/**
 * Keras shapes: query_kernel, key_kernel [d, heads, keyDim], value_kernel [d, heads, valueDim],
 * their biases [heads, keyDim | valueDim], output_kernel [heads, valueDim, d], output_bias [d].
 * Biases are null without use_bias. The same shape holds the gradients.
 */
export interface AttentionParameters {
  queryKernel: Float32Array;
  queryBias: Float32Array | null;
  keyKernel: Float32Array;
  keyBias: Float32Array | null;
  valueKernel: Float32Array;
  valueBias: Float32Array | null;
  outputKernel: Float32Array;
  outputBias: Float32Array | null;
}

/** The state protocol of core/state.ts: the spec's facts and buffers for `capacity` samples. */
export interface AttentionState extends Required<AttentionSpec>, KernelState {
  /** 1/√keyDim. */
  scale: number;
  /** [batch, heads, T, keyDim | valueDim]: the projections, head-major. */
  queries: Float32Array;
  keys: Float32Array;
  values: Float32Array;
  /** [batch, heads, T, T]: the attention weights P. */
  probabilities: Float32Array;
  /** [batch, T, heads·valueDim]: the heads' P·V side by side. */
  context: Float32Array;
  /** [batch, T, heads·max(keyDim, valueDim)]: one projection before it is split into heads. */
  projection: Float32Array;
  /** Backward: ∂L/∂context and ∂L/∂ of each projection, [batch, T, heads·dim]. */
  contextGradient: Float32Array;
  queryGradients: Float32Array;
  keyGradients: Float32Array;
  valueGradients: Float32Array;
  /** Backward, one (sample, head) at a time: ∂L/∂P [T, T] and two [T, max(keyDim, valueDim)]. */
  scoreGradient: Float32Array;
  headGradient: Float32Array;
  headResult: Float32Array;
  /** [batch, T]: 1 where a key position is padding (set by attentionPadding, else all 0). */
  padded: Uint8Array;
}

function attentionArrays(spec: Required<AttentionSpec>, capacity: number) {
  const { timesteps: T, heads, keyDim, valueDim } = spec;
  const rows = capacity * T;
  const widest = Math.max(keyDim, valueDim);
  return {
    queries: new Float32Array(rows * heads * keyDim),
    keys: new Float32Array(rows * heads * keyDim),
    values: new Float32Array(rows * heads * valueDim),
    probabilities: new Float32Array(capacity * heads * T * T),
    context: new Float32Array(rows * heads * valueDim),
    projection: new Float32Array(rows * heads * widest),
    contextGradient: new Float32Array(rows * heads * valueDim),
    queryGradients: new Float32Array(rows * heads * keyDim),
    keyGradients: new Float32Array(rows * heads * keyDim),
    valueGradients: new Float32Array(rows * heads * valueDim),
    scoreGradient: new Float32Array(T * T),
    headGradient: new Float32Array(T * widest),
    headResult: new Float32Array(T * widest),
    padded: new Uint8Array(rows),
  };
}

/** The layer's state for `capacity` samples; the forward grows it. */
export function createAttentionState(spec: AttentionSpec, capacity = 0): AttentionState {
  const full: Required<AttentionSpec> = {
    ...spec,
    valueDim: spec.valueDim ?? spec.keyDim,
    causal: spec.causal ?? false,
  };
  return {
    ...full,
    capacity,
    scale: 1 / Math.sqrt(spec.keyDim),
    ...attentionArrays(full, capacity),
  };
}

/** headMajor[b, i, t, :] = x·kernel + bias at row (b, t), head i. Uses ws.projection. */
function projectHeads(
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  headMajor: Float32Array,
  dim: number,
  batch: number,
  ws: AttentionState,
): void {
  const { timesteps: T, heads, projection } = ws;
  const width = heads * dim;
  matmul(x, kernel, projection, batch * T, ws.modelDim, width);
  if (bias) addBias(projection, bias, batch * T, width);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < heads; i++)
      copyHead(projection, headMajor, b, i, dim, ws, (b * heads + i) * T * dim, true);
}

/**
 * Moves head i of sample b between an interleaved [batch, T, heads·dim] array and the [T, dim]
 * block at head[headOffset]: toHead copies interleaved → head, else head → interleaved.
 */
function copyHead(
  interleaved: Float32Array,
  head: Float32Array,
  b: number,
  i: number,
  dim: number,
  ws: AttentionState,
  headOffset: number,
  toHead: boolean,
): void {
  const { timesteps: T, heads } = ws;
  for (let t = 0; t < T; t++) {
    const row = (b * T + t) * heads * dim + i * dim;
    const at = headOffset + t * dim;
    if (toHead) for (let e = 0; e < dim; e++) head[at + e] = interleaved[row + e];
    else for (let e = 0; e < dim; e++) interleaved[row + e] = head[at + e];
  }
}

/**
 * Marks the padded key positions of each sample: ids[batch, T] equal to `pad`. Call before the
 * forward; it grows the state like the forward does. Keys stay unmasked without this call.
 */
export function attentionPadding(
  ids: Float32Array | Int32Array,
  pad: number,
  batch: number,
  ws: AttentionState,
): void {
  growState(ws, batch, (c) => attentionArrays(ws, c));
  for (let i = 0; i < batch * ws.timesteps; i++) ws.padded[i] = ids[i] === pad ? 1 : 0;
}

/**
 * Row-wise softmax of scale·scores[T, T] of sample b at offset, in place: causal rows see columns
 * ≤ row, and padded columns (keys) are −∞ (P = 0). A row whose every key is masked gets P = 0.
 */
function softmaxScores(scores: Float32Array, offset: number, b: number, ws: AttentionState): void {
  const { timesteps: T, scale, causal, padded } = ws;
  const keys = b * T;
  for (let r = 0; r < T; r++) {
    const row = offset + r * T;
    const visible = causal ? r + 1 : T;
    let maximum = -Infinity;
    for (let c = 0; c < visible; c++)
      if (!padded[keys + c]) maximum = Math.max(maximum, scale * scores[row + c]);
    let sum = 0;
    for (let c = 0; c < visible; c++) {
      const e = padded[keys + c] ? 0 : Math.exp(scale * scores[row + c] - maximum);
      scores[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < visible; c++) scores[row + c] = sum > 0 ? scores[row + c] / sum : 0;
    for (let c = visible; c < T; c++) scores[row + c] = 0;
  }
}

/** dScores = scale · P ⊙ (dP − rowsum(dP ⊙ P)) in place on ws.scoreGradient (masked P = 0). */
function softmaxScoresBackward(
  probabilities: Float32Array,
  offset: number,
  ws: AttentionState,
): void {
  const { timesteps: T, scale, scoreGradient: gradient } = ws;
  for (let r = 0; r < T; r++) {
    let dot = 0;
    for (let c = 0; c < T; c++) dot += gradient[r * T + c] * probabilities[offset + r * T + c];
    for (let c = 0; c < T; c++) {
      const p = probabilities[offset + r * T + c];
      gradient[r * T + c] = scale * p * (gradient[r * T + c] - dot);
    }
  }
}

/** out[batch, T, d] = self-attention of x[batch, T, d]; keeps what the backward needs in ws. */
export function attentionForward(
  x: Float32Array,
  params: AttentionParameters,
  out: Float32Array,
  batch: number,
  ws: AttentionState,
): void {
  growState(ws, batch, (c) => attentionArrays(ws, c));
  const { timesteps: T, heads, keyDim, valueDim, queries, keys, values, probabilities } = ws;
  projectHeads(x, params.queryKernel, params.queryBias, queries, keyDim, batch, ws);
  projectHeads(x, params.keyKernel, params.keyBias, keys, keyDim, batch, ws);
  projectHeads(x, params.valueKernel, params.valueBias, values, valueDim, batch, ws);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < heads; i++) {
      const pair = b * heads + i;
      const scores = pair * T * T;
      matmulTransBWithOffsets(
        queries,
        pair * T * keyDim,
        keys,
        pair * T * keyDim,
        probabilities,
        scores,
        T,
        keyDim,
        T,
      );
      softmaxScores(probabilities, scores, b, ws);
      matmulWithOffsets(
        probabilities,
        scores,
        values,
        pair * T * valueDim,
        ws.headResult,
        0,
        T,
        T,
        valueDim,
      );
      copyHead(ws.context, ws.headResult, b, i, valueDim, ws, 0, false);
    }
  }
  matmul(ws.context, params.outputKernel, out, batch * T, heads * valueDim, ws.modelDim);
  if (params.outputBias) addBias(out, params.outputBias, batch * T, ws.modelDim);
}

/**
 * From dy[batch, T, d]: every gradient in `grads` (overwritten; its biases null when the layer
 * has none) and dx (overwritten; null to skip). Needs the forward's x and its state.
 */
export function attentionBackward(
  x: Float32Array,
  params: AttentionParameters,
  dy: Float32Array,
  dx: Float32Array | null,
  grads: AttentionParameters,
  batch: number,
  ws: AttentionState,
): void {
  checkStateHolds('attention', batch, ws);
  const { timesteps: T, modelDim: d, heads, keyDim, valueDim, queries, keys, values } = ws;
  const { probabilities, scoreGradient, headGradient, headResult } = ws;
  const rows = batch * T;
  if (grads.outputBias) sumRows(dy, grads.outputBias, rows, d);
  matmulTransA(ws.context, dy, grads.outputKernel, heads * valueDim, rows, d);
  matmulTransB(dy, params.outputKernel, ws.contextGradient, rows, d, heads * valueDim);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < heads; i++) {
      const pair = b * heads + i;
      const scores = pair * T * T;
      const keyBlock = pair * T * keyDim;
      copyHead(ws.contextGradient, headGradient, b, i, valueDim, ws, 0, true);
      // context = P·V: ∂P = ∂context·Vᵀ, ∂V = Pᵀ·∂context.
      matmulTransBWithOffsets(
        headGradient,
        0,
        values,
        pair * T * valueDim,
        scoreGradient,
        0,
        T,
        valueDim,
        T,
      );
      matmulTransAWithOffsets(
        probabilities,
        scores,
        headGradient,
        0,
        headResult,
        0,
        T,
        T,
        valueDim,
      );
      copyHead(ws.valueGradients, headResult, b, i, valueDim, ws, 0, false);
      softmaxScoresBackward(probabilities, scores, ws);
      // scores = Q·Kᵀ (scale already applied): ∂Q = ∂S·K, ∂K = ∂Sᵀ·Q.
      matmulWithOffsets(scoreGradient, 0, keys, keyBlock, headResult, 0, T, T, keyDim);
      copyHead(ws.queryGradients, headResult, b, i, keyDim, ws, 0, false);
      matmulTransAWithOffsets(scoreGradient, 0, queries, keyBlock, headResult, 0, T, T, keyDim);
      copyHead(ws.keyGradients, headResult, b, i, keyDim, ws, 0, false);
    }
  }
  projectionGradients(
    x,
    params.queryKernel,
    ws.queryGradients,
    grads.queryKernel,
    grads.queryBias,
    dx,
    false,
    heads * keyDim,
    batch,
    ws,
  );
  projectionGradients(
    x,
    params.keyKernel,
    ws.keyGradients,
    grads.keyKernel,
    grads.keyBias,
    dx,
    true,
    heads * keyDim,
    batch,
    ws,
  );
  projectionGradients(
    x,
    params.valueKernel,
    ws.valueGradients,
    grads.valueKernel,
    grads.valueBias,
    dx,
    true,
    heads * valueDim,
    batch,
    ws,
  );
}

/** For one projection p = x·kernel + bias: dKernel = xᵀ·dp, dBias = Σ rows dp, dx (+)= dp·kernelᵀ. */
function projectionGradients(
  x: Float32Array,
  kernel: Float32Array,
  gradient: Float32Array,
  dKernel: Float32Array,
  dBias: Float32Array | null,
  dx: Float32Array | null,
  accumulate: boolean,
  width: number,
  batch: number,
  ws: AttentionState,
): void {
  const rows = batch * ws.timesteps;
  matmulTransA(x, gradient, dKernel, ws.modelDim, rows, width);
  if (dBias) sumRows(gradient, dBias, rows, width);
  if (dx) matmulTransB(gradient, kernel, dx, rows, width, ws.modelDim, accumulate);
}
