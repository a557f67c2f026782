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
import { nnetFiles, repoRoot } from './golden.js';

const runtimeEntry = path.join(repoRoot, 'packages/runtime/src/index.ts');

/** Layers the examples do not use, each as a small model with a train run. */
const extraModels: Record<string, string> = {
  Recurrent:
    'model Recurrent { input x: [12]; reshape([4, 3]); gru(3, return_sequences = true); rnn(4, return_sequences = true); lstm(2); dense(2) }\ntrain Recurrent { data = random(12, 2), loss = mse, optimizer = adam }',
  Attention:
    'model Attention { input x: [12]; reshape([3, 4]); attention(2); layernorm; flatten; dense(2) }\ntrain Attention { data = random(12, 2), loss = mse, optimizer = sgd }',
  Merges:
    'model Merges { input x: [6]; a = dense(4, relu); b = x -> dense(4); c = add(a, b); d = multiply(a, b); e = maximum(a, b, d); concat(c, d, e) -> dense(1) }\ntrain Merges { data = random(6, 1), loss = mse, l2 = 0.01, optimizer = rmsprop }',
  Sequence1d:
    'model Sequence1d { input x: [16]; reshape([8, 2]); conv1d(4, 3, padding = same); maxpool1d(2); batchnorm(center = false); gaussian_noise(0.1); globalavgpool; dense(3); prelu; dense(2) }\ntrain Sequence1d { data = random(16, 2), loss = mse, optimizer = adam }',
  Upsampled:
    'model Upsampled { input x: [12]; dense(12); reshape([2, 3, 2]); upsample2d([2, 3]); conv2d(2, kernel = 3); flatten; dense(2) }\ntrain Upsampled { data = random(12, 2), loss = mse, optimizer = sgd }',
  RmsNormed:
    'model RmsNormed { input x: [12]; reshape([3, 4]); rmsnorm; flatten; dense(2) }\ntrain RmsNormed { data = random(12, 2), loss = mse, optimizer = sgd, l2 = 0.01 }',
  Padded:
    'model Padded { input x: [12]; dense(12); reshape([2, 3, 2]); zero_padding2d([[1, 0], [0, 2]]); conv2d(2, kernel = 2); flatten; dense(2) }\ntrain Padded { data = random(12, 2), loss = mse, optimizer = sgd, l1 = 0.001 }',
  Loaded:
    'model Loaded { input x: [2]; dense(1) with { weights = load("given.safetensors", "w") } }\ntrain Loaded { data = random(2, 1), loss = mse, optimizer = sgd }',
  PaddedAttention:
    'model PaddedAttention { input ids: int[5]; x = ids -> embedding(10, 4); x -> attention(2, padding = ids); flatten; dense(2) }\ntrain PaddedAttention { data = random(5, 2), loss = mse, optimizer = sgd }',
  Tied: 'model Tied { input x: [6]; shared enc = dense(3, relu); code = x -> enc; code -> dense_transposed(enc, sigmoid) }\ntrain Tied { data = random(6, 6), loss = mse, optimizer = adam }',
  Karate:
    'model Karate { input features: [34, 34]; input adjacency: [34, 34]; h = features -> gcn(adjacency, 4, relu); h -> gcn(adjacency, 2, softmax) }\ntrain Karate { data = karate_club(), loss = cross_entropy, optimizer = adam, batch = 1 }',
  Embedded:
    'model Embedded { input ids: int[5]; embedding(10, 4); layernorm(scale = false); flatten; dense(2, softmax) }\ntrain Embedded { data = random(5, 2), loss = cross_entropy, optimizer = sgd }',
  Graph:
    'model Graph { input x: [16]; s = reshape([4, 4]) -> sigmoid; s -> gcn(s, 3, tanh); flatten; dense(2) }\ntrain Graph { data = random(16, 2), loss = mse, optimizer = sgd }',
  Positions:
    'model Positions { input x: [6]; dense(6); reshape([3, 2]); positional_encoding; position_embedding; flatten; dense(2) }\ntrain Positions { data = random(6, 2), loss = mse, optimizer = sgd }',
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
      // Two examples may name their models alike (`Spiral`): the file name keeps modules apart.
      const name = modules.some((m) => m.name === graph.name)
        ? `${path.basename(file, '.nnet').replace(/\W/g, '_')}_${graph.name}`
        : graph.name;
      modules.push({ name, js: compiled.value!.js, dts: compiled.value!.dts });
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

  it('every kernel a generated module calls goes through the kernel table', () => {
    const modules = compileAll();
    const called = new Set(
      modules.flatMap((m) => [...m.js.matchAll(/\brt\.(\w+)/g)].map((match) => match[1])),
    );
    // The seeded generator, the vocabulary's tables, penalties, file loading and the arrays placed in
    // the kernels' memory too: a generated module calls nothing of the runtime but its kernel table.
    expect([...called]).toEqual(['kernelTable']);
    // Every function of the table is called by some generated module, the tables' roles resolve.
    const roles = new Set(
      modules.flatMap((m) =>
        [...m.js.matchAll(/\brt\.kernelTable\.(\w+)(?:\[(\d)\])?\.(\w+)\(/g)].map((match) =>
          match.slice(1).filter(Boolean).join('.'),
        ),
      ),
    );
    const lookUp = (path: string) =>
      path
        .split('.')
        .reduce<unknown>((row, key) => (row as Record<string, unknown>)[key], runtime.kernelTable);
    expect([...roles].filter((path) => typeof lookUp(path) !== 'function')).toEqual([]);
    // The tables keyed by the vocabulary's names are checked by name (below), not by role.
    const byName = ['activation', 'loss', 'optimizer', 'initializer'];
    const everyRole = Object.entries(runtime.kernelTable).flatMap(([kind, row]) =>
      byName.includes(kind)
        ? []
        : Object.entries(row).flatMap(([role, value]) =>
            typeof value === 'function'
              ? [`${kind}.${role}`]
              : Object.keys(value as object).map((inner) => `${kind}.${role}.${inner}`),
          ),
    );
    // The pooling emitter shares its geometry code; no 1-D average pooling layer exists yet.
    const unreachable = ['avgpool.geometry1d'];
    expect(everyRole.filter((path) => !roles.has(path))).toEqual(unreachable);
    // Every entry called by a vocabulary name exists in its table.
    const named = modules.flatMap((m) =>
      [...m.js.matchAll(/\brt\.kernelTable\.(\w+)\["(\w+)"\]/g)].map(([, table, name]) => ({
        table,
        name,
      })),
    );
    expect(new Set(named.map((entry) => entry.table))).toEqual(new Set(byName));
    const table = runtime.kernelTable as unknown as Record<string, Record<string, unknown>>;
    // An activation's entry is its kernels ({ kind, forward, backward }); the others are functions.
    const missing = named.filter(({ table: t, name }) =>
      t === 'activation' ? !table[t][name] : typeof table[t][name] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('rejects a generated module whose kernel call has the wrong arity or argument type', () => {
    const module = compileAll().find((m) => m.name === 'Sequence1d')!;
    const lines = module.js.split('\n');
    const denseAt = lines.findIndex((line) => line.includes('rt.kernelTable.dense.forward('));
    const convAt = lines.findIndex((line) => line.includes('rt.kernelTable.conv.forward('));
    expect(denseAt).toBeGreaterThan(0);
    expect(convAt).toBeGreaterThan(0);
    // One argument too few (the activation dropped); a string where the batch (a number) goes.
    lines[denseAt] = lines[denseAt].replace(/, (null|act\d+, [\d.e-]+)\);$/, ');');
    lines[convAt] = lines[convAt].replace(', batch,', ", 'batch',");
    const diagnostics = typeCheck({ 'Broken.js': lines.join('\n'), 'Broken.d.ts': module.dts });
    const expected = [
      [convAt + 1, 'TS2345'],
      [denseAt + 1, 'TS2554'],
    ]
      .sort((x, y) => Number(x[0]) - Number(y[0]))
      .map(([line, code]) => `Broken.js:${line} ${code}`);
    expect(diagnostics.map((d) => d.replace(/^(\S+ TS\d+).*$/s, '$1'))).toEqual(expected);
  });

  it('rejects an emitter whose kernel call has the wrong arity (tsc on the compiler side)', () => {
    const kernelCall = path.join(repoRoot, 'packages/compiler/src/targets/js/kernel-call.ts');
    const diagnostics = typeCheck({
      'emitter.ts': [
        `import { kernelCall, recurrentCall } from ${JSON.stringify(kernelCall.replace(/\.ts$/, '.js'))};`,
        "kernelCall('conv', 'forward', 'x', 'w', 'null', 'y', 'batch', 'geometry', 'workspace');",
        "kernelCall('conv', 'forward', 'x', 'w', 'null', 'y', 'batch', 'geometry');",
        "kernelCall('layernorm', 'forwardTraining', 'x');",
        "recurrentCall(4, 'createState', 'spec', '0', 'extra');",
        '',
      ].join('\n'),
    });
    expect(diagnostics.map((d) => d.replace(/^emitter\.ts:(\d+) (TS\d+).*$/s, '$1 $2'))).toEqual([
      '3 TS2554',
      '4 TS2345',
      '5 TS2554',
    ]);
  });

  it('fails on a kernel call of the wrong arity or argument types (the check can fail)', () => {
    const diagnostics = typeCheck({
      'broken.js': [
        "import * as rt from '@nnet/runtime';",
        'const x = new Float32Array(4);',
        'rt.denseForward(x, x, null, x, 1, 2);',
        "rt.kernelTable.conv.forward(x, x, null, x, 'two', rt.conv2dGeometry({ inHeight: 2, inWidth: 2, inChannels: 1, outChannels: 1, kernelHeight: 1, kernelWidth: 1 }), x);",
        'rt.kernelTable.recurrent[4].createState({ timesteps: 2, features: 3 });',
        '',
      ].join('\n'),
      'broken-use.ts': [
        "import { kernelTable } from '@nnet/runtime';",
        'kernelTable.layer_normalization.forward(new Float32Array(1));',
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
