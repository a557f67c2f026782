// Initializers with arguments (`normal(stddev = 0.01)`, `uniform(-0.1, 0.1)`, `constant(0.3)`,
// `orthogonal(gain = 2)`): the weights the JS runtime, the ONNX export and the PyTorch package draw
// have the statistics asked for (mean, standard deviation, range, orthogonality × gain).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinCatalogue } from '../src/index.js';
import { lowerModel } from '../src/ir/lower.js';
import { compileModelToJs } from '../src/targets/js/index.js';
import { importGeneratedModule, runtimeFileUrl } from '../src/targets/js/load.js';
import { initialWeights } from '../src/targets/onnx/initial-weights.js';
import { PYTHON, checkText, compileText, tempDir, torchAvailable } from './pytorch/helpers.js';

const text = `model Inits {
  input x: [200]
  a = x -> dense(300) with { init = normal(stddev = 0.01) }
  b = x -> dense(300) with { init = uniform(-0.1, 0.1) }
  c = x -> dense(300) with { init = truncated_normal(stddev = 0.2, mean = 1) }
  d = x -> dense(300) with { init = constant(0.3) }
  e = x -> dense(300) with { init = orthogonal(gain = 2) }
  all = concat(a, b, c, d, e)
  output all
}
`;

const dir = tempDir('nnet-init-args-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function moments(values: ArrayLike<number>) {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max };
}

/** The statistics each initializer asks for, on 200 × 300 = 60,000 draws. */
function expectAskedStatistics(weights: (name: string) => ArrayLike<number>, label: string) {
  const a = moments(weights('a/weights'));
  expect(Math.abs(a.mean), `${label} normal mean`).toBeLessThan(0.0002);
  expect(a.std / 0.01, `${label} normal σ`).toBeCloseTo(1, 1);
  const b = moments(weights('b/weights'));
  expect(b.min, `${label} uniform low`).toBeGreaterThanOrEqual(-0.1);
  expect(b.max, `${label} uniform high`).toBeLessThanOrEqual(0.1);
  expect(b.min, `${label} uniform reaches low`).toBeLessThan(-0.099);
  expect(b.std / (0.2 / Math.sqrt(12)), `${label} uniform σ`).toBeCloseTo(1, 1);
  const c = moments(weights('c/weights'));
  expect(c.mean, `${label} truncated mean`).toBeCloseTo(1, 2);
  // A unit normal truncated at ±2 has σ 0.8796; the draws stay within mean ± 2σ.
  expect(c.std / (0.2 * 0.8796), `${label} truncated σ`).toBeCloseTo(1, 1);
  expect(c.min, `${label} truncated low`).toBeGreaterThanOrEqual(1 - 0.4 - 1e-6);
  const d = moments(weights('d/weights'));
  expect([d.min, d.max], `${label} constant`).toEqual([Math.fround(0.3), Math.fround(0.3)]);
  // Orthogonal [200, 300] × gain 2: the rows are orthogonal, each of norm 2.
  const e = weights('e/weights');
  for (const [i, j] of [
    [0, 0],
    [0, 1],
    [7, 150],
  ]) {
    let dot = 0;
    for (let k = 0; k < 300; k++) dot += e[i * 300 + k] * e[j * 300 + k];
    expect(dot, `${label} orthogonal row ${i}·row ${j}`).toBeCloseTo(i === j ? 4 : 0, 3);
  }
  // Biases keep their zeros default.
  expect(moments(weights('a/bias')).max, `${label} bias`).toBe(0);
}

describe('initializer arguments', () => {
  const result = checkText(text, path.join(dir, 'model.nnet'));
  const graph = result.checked!.models[0];

  it('the JS runtime draws the asked statistics', async () => {
    const compiled = compileModelToJs(
      graph,
      undefined,
      result.checked!,
      result.sources,
      builtinCatalogue(),
      { runtimeImport: runtimeFileUrl() },
    );
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.value!.js).toContain('prng, {"mean":0,"standardDeviation":0.01});');
    const model = (await importGeneratedModule(compiled.value!.js)).create({ seed: 5 });
    expectAskedStatistics((name) => model.params[`${name}`], 'js');
  });

  it('the ONNX export starts from the same weights as the JS module', async () => {
    const lowered = lowerModel(graph, { catalogue: builtinCatalogue(), sources: result.sources });
    const weights = initialWeights(lowered.params, 5);
    expectAskedStatistics((name) => weights.get(name)!, 'onnx');
    const compiled = compileModelToJs(
      graph,
      undefined,
      result.checked!,
      result.sources,
      builtinCatalogue(),
      { runtimeImport: runtimeFileUrl() },
    );
    const model = (await importGeneratedModule(compiled.value!.js)).create({ seed: 5 });
    expect(Array.from(weights.get('a/weights')!.subarray(0, 5))).toEqual(
      Array.from(model.params['a/weights'].subarray(0, 5)),
    );
  });

  it.skipIf(!torchAvailable)('the PyTorch package initializes with the same statistics', () => {
    const { folder } = compileText(text, dir);
    const script = `
import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location("pkg", "${folder}/__init__.py", submodule_search_locations=["${folder}"])
package = importlib.util.module_from_spec(spec); sys.modules["pkg"] = package; spec.loader.exec_module(package)
model = importlib.import_module("pkg.model"); checkpoint = importlib.import_module("pkg.nnet_checkpoint")
cls = next(v for v in vars(model).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == model.__name__)
torch.manual_seed(0)
state = checkpoint.nnet_state(cls())
print(json.dumps({k: v.reshape(-1).tolist() for k, v in state.items()}))
`;
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(run.stderr).toBe('');
    const state = JSON.parse(run.stdout) as Record<string, number[]>;
    expectAskedStatistics((name) => state[name], 'pytorch');
  });
});
