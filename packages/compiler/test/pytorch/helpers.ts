// What the PyTorch tests share: whether Debian's torch is there (/usr/bin/python3, not the python3
// on PATH), compiling a .nnet text to a package folder, runtime models with seeded random weights
// written as nnet checkpoints, running driver.py on a list of cases in one Python process, and the
// relative comparison with a floor.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { Prng, type CompiledModel } from '@nnet/runtime';
import { writeSafetensors } from '@nnet/runtime/train';
import { builtinCatalogue, checkFile, renderDiagnostics } from '../../src/index.js';
import { compileModelToPytorch, type PytorchOutput } from '../../src/targets/pytorch/index.js';

export const PYTHON = '/usr/bin/python3';
export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/** Whether Debian's python3-torch can be imported; when not, the tests say so and skip. */
export const torchAvailable =
  spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!torchAvailable) {
  console.warn(
    `skipping the PyTorch tests: \`${PYTHON} -c "import torch"\` fails (install Debian's python3-torch)`,
  );
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Checks a .nnet text and returns its checked program, failing on any error. */
export function checkText(text: string, file: string) {
  const resolved = path.resolve(file);
  const result = checkFile(resolved, {
    host: {
      readFile: (f) =>
        f === resolved ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined,
    },
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(renderDiagnostics(errors, result.sources));
  return result;
}

/** Compiles the first model of a text (and its run) into `dir/<package>/`; returns the folder. */
export function compileText(
  text: string,
  dir: string,
  options: { model?: string; file?: string } = {},
): { folder: string; output: PytorchOutput } {
  const result = checkText(text, options.file ?? path.join(dir, 'model.nnet'));
  const checked = result.checked!;
  const graph = options.model
    ? checked.models.find((m) => m.name === options.model)!
    : checked.models[0];
  const run = checked.runs.find((r) => r.model === graph.name);
  const compiled = compileModelToPytorch(graph, run, result.sources, builtinCatalogue());
  if (!compiled.value) throw new Error(renderDiagnostics(compiled.diagnostics, result.sources));
  return { folder: writePackage(compiled.value, dir), output: compiled.value };
}

export function writePackage(output: PytorchOutput, dir: string): string {
  const folder = path.join(dir, output.packageName);
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(output.files))
    fs.writeFileSync(path.join(folder, name), text);
  return folder;
}

/** Every weight to seeded values that keep activations in play (BatchNorm variances positive). */
export function randomizeParams(model: CompiledModel, seed = 1, scale = 0.6): void {
  const prng = new Prng(seed);
  for (const [name, values] of Object.entries(model.params)) {
    for (let i = 0; i < values.length; i++) {
      const u = prng.nextFloat();
      values[i] = /(moving_variance|gamma)$/.test(name)
        ? 0.5 + u
        : /(moving_mean|beta|bias)$/.test(name)
          ? u - 0.5
          : (u - 0.5) * scale;
    }
  }
}

/** The model's weights as an nnet checkpoint (what `nnc train` writes). */
export function writeWeights(model: CompiledModel, file: string): string {
  const tensors: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
  for (const info of model.paramInfo)
    tensors[info.name] = { shape: info.shape, data: model.params[info.name] };
  writeSafetensors(file, { tensors, metadata: { format: 'nnet', model: model.name } });
  return file;
}

export function randomValues(count: number, seed: number, integersBelow?: number): number[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, () =>
    integersBelow ? Math.floor(prng.nextFloat() * integersBelow) : prng.nextFloat() * 4 - 2,
  );
}

export type DriverResult = Record<string, unknown> & { error?: string };

/** Runs driver.py on the cases (one Python process) and returns one result per case. */
export function runDriver(cases: object[], dir: string): DriverResult[] {
  const manifest = path.join(dir, `cases-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(manifest, JSON.stringify(cases));
  const result = spawnSync(PYTHON, [path.join(import.meta.dirname, 'driver.py'), manifest], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (result.status !== 0)
    throw new Error(`driver.py failed (${result.status}):\n${result.stderr}`);
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DriverResult);
}

/** |actual − expected| ≤ relative·|expected| + floor·max(1, max |expected|), elementwise. */
export function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relative: number,
  floor = relative / 10,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= relative * Math.abs(expected[i]) + floor * scale) && failures.length < 5)
      failures.push(
        `[${i}] torch ${actual[i]}, nnet ${expected[i]} (error ${error.toExponential(2)})`,
      );
  }
  expect(failures, `${label} differs from nnet's runtime`).toEqual([]);
}
