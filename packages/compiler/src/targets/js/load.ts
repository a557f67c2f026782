// Loads a generated module in this process (for `nnc train`, `nnc eval` and tests): writes it to a
// temporary file that imports the runtime by absolute URL, imports it, and removes the file. Its
// create() reads `load(…)` weights from disk with the host entry's loader unless told otherwise.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompiledModel, CompiledModule } from '@nnet/runtime';
import { loadTensorInto } from '@nnet/runtime/train';

/**
 * The runtime's browser-safe entry as a file URL, so a module anywhere on disk can import it — the same copy
 * this compiler runs with: `nnet-runtime.js` beside the bundled `nnc` (dist/nnc/, shared chunks),
 * else the package's build (dist/index.js), or its source when the compiler itself runs from
 * source (vitest, tsx).
 */
export function runtimeFileUrl(): string {
  const besideBundle = new URL('./nnet-runtime.js', import.meta.url);
  if (besideBundle.protocol === 'file:' && fs.existsSync(fileURLToPath(besideBundle))) {
    return besideBundle.href;
  }
  const require = createRequire(import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return pathToFileURL(require.resolve('@nnet/runtime')).href;
  const manifest = require('@nnet/runtime/package.json') as {
    exports: { '.': { '@nnet/source': string } };
  };
  const root = path.dirname(require.resolve('@nnet/runtime/package.json'));
  return pathToFileURL(path.join(root, manifest.exports['.']['@nnet/source'])).href;
}

let counter = 0;

export async function importGeneratedModule(js: string): Promise<CompiledModule> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-'));
  const file = path.join(dir, `model-${process.pid}-${counter++}.mjs`);
  fs.writeFileSync(file, js);
  try {
    const module = (await import(pathToFileURL(file).href)) as CompiledModule;
    return { create: (options) => module.create({ loadTensor: loadTensorInto, ...options }) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checks, compiles and loads one model of a .nnet text in this process (tests, notebooks):
 * throws with the rendered diagnostics when the text has errors.
 */
export async function compileAndLoad(
  text: string,
  options: { model?: string; run?: string; seed?: number; file?: string } = {},
): Promise<CompiledModel> {
  const { module } = await compileAndImport(text, options);
  return module.create({ seed: options.seed ?? 0 });
}

/** compileAndLoad's module and generated text (data-parallel copies load the same text). */
export async function compileAndImport(
  text: string,
  options: { model?: string; run?: string; file?: string } = {},
): Promise<{ module: CompiledModule; js: string }> {
  const { checkFile, builtinCatalogue } = await import('../../compile.js');
  const { compileModelToJs } = await import('./index.js');
  const { renderDiagnostics } = await import('../../diagnostics/render.js');
  const file = options.file ?? path.join(os.tmpdir(), 'inline.nnet');
  const result = checkFile(file, {
    host: {
      readFile: (f) =>
        f === path.resolve(file) ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined,
    },
  });
  const fail = (diagnostics: typeof result.diagnostics) => {
    throw new Error(renderDiagnostics(diagnostics, result.sources));
  };
  if (!result.checked || result.diagnostics.some((d) => d.severity === 'error'))
    fail(result.diagnostics);
  const checked = result.checked!;
  const graph = options.model
    ? checked.models.find((m) => m.name === options.model)
    : checked.models[0];
  if (!graph) throw new Error(`no model ${options.model ?? ''} in the text`);
  const run = checked.runs.find((r) =>
    options.run ? r.name === options.run : r.model === graph.name,
  );
  const compiled = compileModelToJs(graph, run, checked, result.sources, builtinCatalogue(), {
    runtimeImport: runtimeFileUrl(),
  });
  if (!compiled.value) fail(compiled.diagnostics);
  const module = await importGeneratedModule(compiled.value!.js);
  return { module, js: compiled.value!.js };
}
