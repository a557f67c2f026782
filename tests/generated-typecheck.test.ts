// Generated modules type-checked against the runtime: every example (and a few layers the examples
// lack) compiled to JS, written with its .d.ts to a temporary folder and checked by the TypeScript
// compiler with checkJs, so a kernel call of the wrong arity or types fails here, not at run time.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '@nnet/compiler';
import * as runtime from '@nnet/runtime';
import { compileModelToJs } from '../packages/compiler/src/targets/js/index.js';
import { generateDts } from '../packages/compiler/src/targets/js/dts.js';
import { nnetFiles, repoRoot } from './golden.js';

const runtimeEntry = path.join(repoRoot, 'packages/runtime/src/index.ts');

/** Layers the examples do not use, each as a small model with a train run. */
const extraModels: Record<string, string> = {
  Recurrent:
    'model Recurrent { input x: [12]; reshape([4, 3]); gru(3, return_sequences = true); rnn(4, return_sequences = true); lstm(2); dense(2) }\ntrain Recurrent { data = random(12, 2), loss = mse, optimizer = adam }',
  Attention:
    'model Attention { input x: [12]; reshape([3, 4]); attention(2); layernorm; flatten; dense(2) }\ntrain Attention { data = random(12, 2), loss = mse, optimizer = sgd }',
  Merges:
    'model Merges { input x: [6]; a = dense(4, relu); b = x -> dense(4); c = add(a, b); d = multiply(a, b); concat(c, d) -> dense(1) }\ntrain Merges { data = random(6, 1), loss = mse, l2 = 0.01, optimizer = rmsprop }',
};

interface Module {
  name: string;
  js: string;
  dts: string;
}

let compiled: Module[] | undefined;

/** Every example's modules and the extra ones, compiled once per run. */
function compileAll(): Module[] {
  return (compiled ??= compileEvery());
}

function compileEvery(): Module[] {
  const modules: Module[] = [];
  const add = (file: string, text?: string) => {
    const result = checkFile(file, text === undefined ? {} : { host: { readFile: () => text } });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const graph of result.checked!.models.filter((m) => m.location.file === file)) {
      const run = result.checked!.runs.find((r) => r.model === graph.name);
      const compiled = compileModelToJs(
        graph,
        run,
        result.checked!,
        result.sources,
        builtinCatalogue(),
        { runtimeImport: '@nnet/runtime', compilerVersion: 'test' },
      );
      // A model the JS target refuses (NN4009, e.g. two outputs) has no module to check.
      if (!compiled.value) continue;
      modules.push({ name: graph.name, js: compiled.value!.js, dts: compiled.value!.dts });
    }
  };
  for (const file of nnetFiles(path.join(repoRoot, 'examples'))) add(file);
  for (const [name, text] of Object.entries(extraModels))
    add(path.join(os.tmpdir(), `${name}.nnet`), text);
  return modules;
}

/** Type-checks the given files (name → text) in a fresh folder; returns the diagnostics as text. */
function typeCheck(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-typecheck-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const program = ts.createProgram({
      rootNames: Object.keys(files)
        .filter((name) => !name.endsWith('.d.ts'))
        .map((name) => path.join(dir, name)),
      options: {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: true,
        // Generated code has no annotations: parameters and buffers are `any` by design, while
        // every runtime function it calls is typed.
        noImplicitAny: false,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
        types: [],
        paths: { '@nnet/runtime': [runtimeEntry] },
      },
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir) ?? true)
      .map((d) => {
        const where = d.file
          ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
          : '';
        return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Compiling every example and building a TypeScript program are slow on a loaded machine.
describe('generated modules type-check against the runtime (checkJs)', { timeout: 240_000 }, () => {
  it('every example and the extra layers, with their .d.ts used from TypeScript', () => {
    const modules = compileAll();
    expect(modules.length).toBeGreaterThan(18);
    const files: Record<string, string> = {};
    for (const m of modules) {
      files[`${m.name}.js`] = m.js;
      files[`${m.name}.d.ts`] = m.dts;
    }
    // A TypeScript user of each module: create() and predict() as the .d.ts declares them.
    files['use.ts'] = modules
      .map(
        (m) =>
          `import * as ${m.name} from './${m.name}.js';\n` +
          `${m.name}.create({ seed: 1 }).predict(new Float32Array(${m.name}.inputShape.reduce((a: number, b: number) => a * b, 1)), 1);`,
      )
      .join('\n');
    expect(typeCheck(files)).toEqual([]);
  });

  it('every runtime function a generated module calls is in the kernel table or a named table', () => {
    const inTable = new Set<unknown>();
    const collect = (value: unknown): void => {
      if (typeof value === 'function') inTable.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(runtime.kernelTable);
    // Not op kernels: the seeded generator, the vocabulary's own tables, penalties, file loading.
    const plumbing = [
      'Prng',
      'activationTable',
      'lossTable',
      'optimizerTable',
      'initializerTable',
      'l1Penalty',
      'l2Penalty',
      'addL1Gradient',
      'addL2Gradient',
      'requireTensorLoader',
      // Per-sample loss weights (boosting): any loss kernel, each sample's term scaled.
      'weightedLossValue',
      'weightedLossGradient',
    ];
    const called = new Set(
      compileAll().flatMap((m) => [...m.js.matchAll(/\brt\.(\w+)/g)].map((match) => match[1])),
    );
    const outside = [...called].filter(
      (name) =>
        !plumbing.includes(name) && !inTable.has((runtime as Record<string, unknown>)[name]),
    );
    expect(outside).toEqual([]);
    expect(called.size).toBeGreaterThan(30);
  });

  it('fails on a kernel call of the wrong arity or argument types (the check can fail)', () => {
    const diagnostics = typeCheck({
      'broken.js': [
        "import * as rt from '@nnet/runtime';",
        'const x = new Float32Array(4);',
        'rt.denseForward(x, x, null, x, 1, 2);',
        "rt.kernelTable.conv.forward(x, x, null, x, 'two', rt.conv2dGeometry({ inHeight: 2, inWidth: 2, inChannels: 1, outChannels: 1, kernelHeight: 1, kernelWidth: 1 }), x);",
        'rt.kernelTable.recurrent.lstm.createState({ timesteps: 2, features: 3 });',
        '',
      ].join('\n'),
      'broken-use.ts': [
        "import { kernelTable } from '@nnet/runtime';",
        'kernelTable.layernorm.forward(new Float32Array(1));',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map((d) => d.replace(/:.*$/s, '').trim()).sort()).toEqual([
      'broken-use.ts',
      'broken.js',
      'broken.js',
      'broken.js',
    ]);
    expect(diagnostics.join('\n')).toMatch(/broken\.js:3 TS2554/); // arity
    expect(diagnostics.join('\n')).toMatch(/broken\.js:4 TS2345/); // 'two' is not a number
    expect(diagnostics.join('\n')).toMatch(/broken\.js:5 TS2345/); // units missing from the spec
    expect(diagnostics.join('\n')).toMatch(/broken-use\.ts:2 TS2554/);
  });
});
