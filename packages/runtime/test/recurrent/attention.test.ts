// Multi-head self-attention (Keras MultiHeadAttention mha(x, x)): forward against a float64 loop
// over heads and queries, and dx plus every weight and bias gradient against finite differences
// of it; key_dim = d / heads and key_dim ≠ value_dim ≠ d / heads, causal or not, with and without
// biases, a workspace larger than the batch.

import { describe, it } from 'vitest';
import {
  attentionBackward,
  attentionForward,
  createAttentionState,
  type AttentionParameters,
} from '../../src/kernels/attention.js';
import { dot, expectClose, Prng, randomArray } from '../helpers.js';
import { attentionReference, expectGradients, type AttentionCase } from './reference.js';

const FORWARD_TOLERANCE = { relative: 1e-5, absolute: 1e-6 };
const GRADIENT_TOLERANCE = { relative: 1e-4, absolute: 1e-5 };

function randomParameters(prng: Prng, c: AttentionCase, useBias: boolean): AttentionParameters {
  const { modelDim: d, heads, keyDim, valueDim } = c;
  const bias = (n: number) => (useBias ? randomArray(prng, n, -0.3, 0.3) : null);
  return {
    queryKernel: randomArray(prng, d * heads * keyDim, -0.8, 0.8),
    queryBias: bias(heads * keyDim),
    keyKernel: randomArray(prng, d * heads * keyDim, -0.8, 0.8),
    keyBias: bias(heads * keyDim),
    valueKernel: randomArray(prng, d * heads * valueDim, -0.8, 0.8),
    valueBias: bias(heads * valueDim),
    outputKernel: randomArray(prng, heads * valueDim * d, -0.8, 0.8),
    outputBias: bias(d),
  };
}

/** A same-shaped set of gradient buffers, NaN-filled so a kernel that skips one is caught. */
function gradientBuffers(params: AttentionParameters): AttentionParameters {
  const like = (a: Float32Array | null) => (a ? new Float32Array(a.length).fill(NaN) : null);
  return {
    queryKernel: like(params.queryKernel)!,
    queryBias: like(params.queryBias),
    keyKernel: like(params.keyKernel)!,
    keyBias: like(params.keyBias),
    valueKernel: like(params.valueKernel)!,
    valueBias: like(params.valueBias),
    outputKernel: like(params.outputKernel)!,
    outputBias: like(params.outputBias),
  };
}

function checkAttention(c: AttentionCase, seed: number, useBias = true, capacity = c.batch): void {
  const prng = new Prng(seed);
  const { batch, timesteps: T, modelDim: d } = c;
  const x = randomArray(prng, batch * T * d, -1, 1);
  const params = randomParameters(prng, c, useBias);
  const ws = createAttentionState(
    {
      timesteps: T,
      modelDim: d,
      heads: c.heads,
      keyDim: c.keyDim,
      valueDim: c.valueDim,
      causal: c.causal,
    },
    capacity,
  );
  const out = new Float32Array(batch * T * d);
  attentionForward(x, params, out, batch, ws);
  expectClose(out, attentionReference(c, x, params), FORWARD_TOLERANCE, 'forward');

  const dy = randomArray(prng, out.length);
  const dx = new Float32Array(x.length).fill(NaN);
  const grads = gradientBuffers(params);
  attentionBackward(x, params, dy, dx, grads, batch, ws);
  const values: Record<string, Float32Array> = { x };
  const analytic: Record<string, Float32Array> = { x: dx };
  for (const [name, value] of Object.entries(params) as [
    keyof AttentionParameters,
    Float32Array | null,
  ][]) {
    if (!value) continue;
    values[name] = value;
    analytic[name] = grads[name]!;
  }
  const loss = (v: Record<string, ArrayLike<number>>) =>
    dot(dy, attentionReference(c, v.x, v as unknown as Parameters<typeof attentionReference>[2]));
  expectGradients(values, analytic, loss, GRADIENT_TOLERANCE);
}

const base: AttentionCase = {
  batch: 3,
  timesteps: 4,
  modelDim: 6,
  heads: 2,
  keyDim: 3,
  valueDim: 3,
  causal: false,
};

describe('attention', () => {
  it('key_dim = d / heads: forward and backward', () => {
    checkAttention(base, 41);
  });

  it('causal: step t attends to steps ≤ t only', () => {
    checkAttention({ ...base, causal: true, timesteps: 5 }, 42);
  });

  it('key_dim ≠ value_dim ≠ d / heads, three heads, causal, no biases', () => {
    checkAttention(
      { ...base, modelDim: 5, heads: 3, keyDim: 4, valueDim: 2, causal: true },
      43,
      false,
    );
  });

  it('a workspace larger than the batch; a single time step', () => {
    checkAttention({ ...base, batch: 1 }, 44, true, 4);
    checkAttention({ ...base, timesteps: 1 }, 45);
  });
});
