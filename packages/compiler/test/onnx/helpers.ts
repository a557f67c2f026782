// What the ONNX tests share: a checked model's graph, a loaded runtime model with every weight set
// to seeded random values (BatchNorm variances positive), onnxruntime sessions, random inputs, and
// the 1e-5 relative comparison (with a floor of 1e-6 of the output's scale for values near zero).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { Prng, type CompiledModel } from '@nnet/runtime';
import {
  builtinCatalogue,
  checkFile,
  renderDiagnostics,
  type ModelGraph,
} from '../../src/index.js';
import { compileAndLoad } from '../../src/targets/js/load.js';
import { compileModelToOnnx, type OnnxOutput } from '../../src/targets/onnx/index.js';

export { ort };

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/** Checks a .nnet text (or file) and returns its models, failing on any error. */
export function checkText(text: string, file = path.join(os.tmpdir(), 'onnx-test.nnet')) {
  const resolved = path.resolve(file);
  const result = checkFile(resolved, {
    host: {
      readFile: (f) =>
        f === resolved ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined,
    },
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(renderDiagnostics(errors, result.sources));
  return { ...result, models: result.checked!.models.filter((m) => m.location.file === resolved) };
}

export function exportGraph(
  graph: ModelGraph,
  sources: ReturnType<typeof checkFile>['sources'],
  weights?: Record<string, Float32Array>,
): OnnxOutput {
  const out = compileModelToOnnx(graph, sources, builtinCatalogue(), weights ? { weights } : {});
  if (!out.value) throw new Error(renderDiagnostics(out.diagnostics, sources));
  return out.value;
}

/** Sets every weight to seeded random values in a range that keeps activations in play. */
export function randomizeParams(model: CompiledModel, seed = 1): void {
  const prng = new Prng(seed);
  for (const [name, values] of Object.entries(model.params)) {
    for (let i = 0; i < values.length; i++) {
      const u = prng.nextFloat();
      values[i] = name.endsWith('moving_variance')
        ? 0.5 + u
        : name.endsWith('gamma')
          ? 0.5 + u
          : name.endsWith('moving_mean') || name.endsWith('beta') || name.endsWith('bias')
            ? u - 0.5
            : name.endsWith('alpha')
              ? u * 0.5
              : (u - 0.5) * 0.6;
    }
  }
}

export async function loadRandomized(
  text: string,
  options: { model?: string; file?: string } = {},
): Promise<CompiledModel> {
  const model = await compileAndLoad(text, { seed: 7, ...options });
  randomizeParams(model);
  return model;
}

export function randomInput(
  size: number,
  seed = 3,
  integerBelow?: number,
): Float32Array | Int32Array {
  const prng = new Prng(seed);
  if (integerBelow)
    return Int32Array.from({ length: size }, () => Math.floor(prng.nextFloat() * integerBelow));
  return Float32Array.from({ length: size }, () => prng.nextFloat() * 4 - 2);
}

/** Runs an ONNX model on one input and returns its outputs by name. */
export async function runOnnx(
  bytes: Uint8Array | string,
  name: string,
  x: Float32Array | Int32Array,
  dims: number[],
  others: { name: string; x: Float32Array; dims: number[] }[] = [],
): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes as Uint8Array);
  const feeds = Object.fromEntries(
    others.map((o) => [o.name, new ort.Tensor('float32', o.x, o.dims)]),
  );
  const tensor =
    x instanceof Int32Array
      ? new ort.Tensor(
          'int64',
          BigInt64Array.from(x, (v) => BigInt(v)),
          dims,
        )
      : new ort.Tensor('float32', x, dims);
  const results = await session.run({ [name]: tensor, ...feeds });
  return Object.fromEntries(
    Object.entries(results).map(([key, value]) => [key, value.data as Float32Array]),
  );
}

/**
 * |actual − expected| ≤ 1e-5·|expected| + floor, the floor 1e-6 of the largest expected magnitude:
 * float32 sums in another order differ by about that where a deep net's outputs cancel to near 0.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relative = 1e-5,
  floor = 1e-6,
): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const absolute = floor * scale;
  let worst = { index: -1, excess: 0 };
  for (let i = 0; i < expected.length; i++) {
    const excess =
      Math.abs(actual[i] - expected[i]) - (relative * Math.abs(expected[i]) + absolute);
    if (!(excess <= worst.excess) || Number.isNaN(actual[i]))
      worst = { index: i, excess: Number.isNaN(excess) ? Infinity : excess };
  }
  if (worst.index >= 0) {
    expect.fail(
      `value ${worst.index}: ${actual[worst.index]} vs expected ${expected[worst.index]} (beyond ${relative} relative + ${absolute} absolute)`,
    );
  }
}

/** Channels-last [batch, …, C] data as channels-first [batch, C, …]. */
export function toChannelsFirst(
  x: Float32Array,
  batch: number,
  shape: readonly number[],
): Float32Array {
  const channels = shape[shape.length - 1];
  const positions = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(x.length);
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < positions; p++) {
      for (let c = 0; c < channels; c++)
        out[b * positions * channels + c * positions + p] =
          x[b * positions * channels + p * channels + c];
    }
  }
  return out;
}
