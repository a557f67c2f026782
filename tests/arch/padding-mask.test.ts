// Padding masks (`attention(…, padding = ids, pad = 0)`): the kernel against torch's key_padding_mask
// (tests/fixtures/torch-padding.json; finite differences are kernel-check rows); a generated module
// ignores padded keys and trains by the finite-difference gradient; PyTorch gets the ids; ONNX refuses.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '@nnet/compiler';
import {
  attentionBackward,
  attentionForward,
  attentionPadding,
  createAttentionState,
  type AttentionParameters,
} from '@nnet/runtime';
import { compileAndLoad } from '../../packages/compiler/src/targets/js/load.js';
import { repoRoot } from '../golden.js';

type Weights = Record<keyof AttentionParameters, number[]>;
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/torch-padding.json'), 'utf8'),
) as {
  padded: {
    batch: number;
    timesteps: number;
    modelDim: number;
    heads: number;
    keyDim: number;
    pad: number;
    ids: number[];
    x: number[];
    params: Weights;
    dy: number[];
    out: number[];
    dx: number[];
    grads: Weights;
  };
};
const c = fixture.padded;
const f32 = (values: number[]) => Float32Array.from(values);
const names = Object.keys(c.params) as (keyof AttentionParameters)[];
const parameters = (of: (name: keyof AttentionParameters) => Float32Array) =>
  Object.fromEntries(names.map((name) => [name, of(name)])) as unknown as AttentionParameters;

/** The masked layer on the fixture: out, and the gradients of Σ out·dy. */
function run(x = f32(c.x), params = parameters((n) => f32(c.params[n]))) {
  const state = createAttentionState({
    timesteps: c.timesteps,
    modelDim: c.modelDim,
    heads: c.heads,
    keyDim: c.keyDim,
  });
  const out = new Float32Array(c.batch * c.timesteps * c.modelDim);
  attentionPadding(Int32Array.from(c.ids), c.pad, c.batch, state);
  attentionForward(x, params, out, c.batch, state);
  const dx = new Float32Array(x.length);
  const grads = parameters((n) => new Float32Array(c.params[n].length));
  attentionBackward(x, params, f32(c.dy), dx, grads, c.batch, state);
  return { out, dx, grads };
}

function expectClose(actual: Float32Array, expected: number[], digits = 4) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i], `[${i}]`).toBeCloseTo(value, digits));
}

describe('attention with a padding mask (kernel)', () => {
  it('equals nn.MultiheadAttention with key_padding_mask = ids == pad, forward and backward', () => {
    const { out, dx, grads } = run();
    expectClose(out, c.out);
    expectClose(dx, c.dx);
    for (const name of names) expectClose(grads[name]!, c.grads[name]);
  });

  it('differs from the unmasked layer, so the mask is doing something', () => {
    const state = createAttentionState({
      timesteps: c.timesteps,
      modelDim: c.modelDim,
      heads: c.heads,
      keyDim: c.keyDim,
    });
    const out = new Float32Array(c.out.length);
    attentionForward(
      f32(c.x),
      parameters((n) => f32(c.params[n])),
      out,
      c.batch,
      state,
    );
    const largest = Math.max(...out.map((v, i) => Math.abs(v - c.out[i])));
    expect(largest).toBeGreaterThan(1e-2);
  });
});

const padded = `
  model Padded {
    input ids: int[5]
    x = ids -> embedding(6, 4)
    x -> attention(2, padding = ids)
  }`;

describe('attention(…, padding = ids) in a generated module', () => {
  it('no real token reads a padded one: changing the pad token’s embedding leaves them as they were', async () => {
    const model = await compileAndLoad(padded, { seed: 4 });
    const ids = Int32Array.from([3, 1, 0, 5, 0]);
    const before = Float32Array.from(model.predict(ids, 1));
    const table = model.params['x/embeddings'];
    for (let k = 0; k < 4; k++) table[k] += 3 * (k + 1);
    const after = Float32Array.from(model.predict(ids, 1));
    for (const t of [0, 1, 3])
      for (let k = 0; k < 4; k++)
        expect(after[t * 4 + k], `y[${t}, ${k}]`).toBeCloseTo(before[t * 4 + k], 6);
    // The padded positions themselves still change (their queries are not masked).
    const moved = [2, 4].flatMap((t) =>
      [0, 1, 2, 3].map((k) => Math.abs(after[t * 4 + k] - before[t * 4 + k])),
    );
    expect(Math.max(...moved)).toBeGreaterThan(1e-3);
  });

  it('trains by the gradient finite differences give', async () => {
    const model = await compileAndLoad(
      `${readFileSync(path.join(repoRoot, 'tests/arch/padded-attention.nnet'), 'utf8')}
      train Padded { data = random(5, 2), loss = mse, optimizer = sgd(lr = 1) }`,
      { seed: 7 },
    );
    const batch = 2;
    const ids = Int32Array.from([4, 2, 0, 0, 0, 1, 5, 3, 2, 0]);
    const y = Float32Array.from({ length: batch * 2 }, (_, i) => (i % 2 === 0 ? 0.8 : 0.2));
    const snapshot = () =>
      Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
    const restore = (saved: Record<string, Float32Array>) => {
      for (const [k, v] of Object.entries(saved)) model.params[k].set(v);
    };
    const before = snapshot();
    model.trainStep(ids, y, batch);
    const gradient = Object.fromEntries(
      Object.entries(model.params).map(([k, v]) => [k, before[k].map((b, i) => b - v[i])]),
    );
    restore(before);
    const lossAt = () => {
      const saved = snapshot();
      const value = model.trainStep(ids, y, batch);
      restore(saved);
      return value;
    };
    let checked = 0;
    for (const [name, values] of Object.entries(model.params)) {
      for (let i = 0; i < values.length; i += 3) {
        const original = values[i];
        values[i] = original + 1e-2;
        const up = lossAt();
        values[i] = original - 1e-2;
        const down = lossAt();
        values[i] = original;
        expect(gradient[name][i], `${name}[${i}]`).toBeCloseTo((up - down) / 2e-2, 2);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('attention(…, padding = ids) exported', () => {
  const file = path.join(repoRoot, 'tests/arch/padded-attention.nnet');

  it('to PyTorch passes the ids to nl.SelfAttention(…, pad=0)', async () => {
    const { compileModelToPytorch } =
      await import('../../packages/compiler/src/targets/pytorch/index.js');
    const result = checkFile(file);
    expect(result.diagnostics).toEqual([]);
    const out = compileModelToPytorch(
      result.checked!.models[0],
      undefined,
      result.sources,
      builtinCatalogue(),
    );
    const model = out.value!.files['model.py'];
    expect(model).toContain('nl.SelfAttention(4, 2, pad=0)');
    expect(model).toMatch(/self\.h\([^)]*, ids\)/);
    const layers = out.value!.files['nnet_layers.py'];
    expect(layers).toContain('key_padding_mask=padding');
  });
});
