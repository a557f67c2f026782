// What a generated module imports: only the browser-safe entry `@nnet/runtime` (every example's
// golden has one import, of it), and weights given by `load(…)` are read by a loader the host
// passes to create() — the host loader reads them; without one, create() says what to pass.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '@nnet/compiler';
import type { CompiledModule } from '@nnet/runtime';
import { writeSafetensors } from '@nnet/runtime/train';
import { compileModelToJs } from '../packages/compiler/src/targets/js/index.js';
import { compileAndLoad, runtimeFileUrl } from '../packages/compiler/src/targets/js/load.js';
import { repoRoot } from './golden.js';

describe('generated modules', () => {
  const goldens = path.join(repoRoot, 'tests/examples/generated');
  const files = fs.readdirSync(goldens).filter((f) => f.endsWith('.js.golden'));

  it.each(files)('%s imports only @nnet/runtime', (file) => {
    const text = fs.readFileSync(path.join(goldens, file), 'utf8');
    const imports = [...text.matchAll(/\bimport\b[^;\n]*?(?:from\s*)?["']([^"']+)["']/g)].map(
      (m) => m[1],
    );
    expect(imports).toEqual(['@nnet/runtime']);
  });
});

describe('weights from a file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-load-'));
  const nnet = path.join(dir, 'given.nnet');
  const text =
    'model Given {\n  input x: [2]\n  dense(1) with { weights = load("given.safetensors", "w"), bias = [0.5] }\n}\n';
  writeSafetensors(path.join(dir, 'given.safetensors'), {
    metadata: {},
    tensors: { w: { shape: [2, 1], data: new Float32Array([2, -3]) } },
  });

  it('are read by the host loader that compileAndLoad passes to create()', async () => {
    const model = await compileAndLoad(text, { file: nnet });
    expect(Array.from(model.params['dense/weights'])).toEqual([2, -3]);
    expect(Array.from(model.predict(new Float32Array([1, 1]), 1))).toEqual([2 - 3 + 0.5]);
  });

  it('without a loader, create() names the model, the file and what to pass', async () => {
    const result = checkFile(nnet, { host: { readFile: () => text } });
    const compiled = compileModelToJs(
      result.checked!.models[0],
      undefined,
      result.checked!,
      result.sources,
      builtinCatalogue(),
      { runtimeImport: runtimeFileUrl() },
    );
    const file = path.join(dir, 'given.mjs');
    fs.writeFileSync(file, compiled.value!.js);
    const module = (await import(pathToFileURL(file).href)) as CompiledModule;
    expect(() => module.create()).toThrow(
      `model Given loads weights from "given.safetensors", and reading files needs the host: pass { loadTensor: loadTensorInto } from '@nnet/runtime/train' to create()`,
    );
  });
});
