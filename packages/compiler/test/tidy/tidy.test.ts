// The house rules no reviewer should have to check by hand: every source file opens with a comment
// saying what it does, none is longer than 600 lines, no file imports itself back at run time, and
// the back end (IR, targets, the runtime's kernels) names no vocabulary word: it reads the catalogue.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/index.js';
import { opMeanings } from '../../src/ir/ir.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

/** Every .ts file under a folder (none when the folder does not exist yet). */
function sourceFiles(folder: string): string[] {
  const full = path.join(repoRoot, folder);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'),
    )
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const sourceFolders = [
  'packages/compiler/src',
  'packages/runtime/src',
  'packages/lsp/src',
  'packages/vscode-extension/src',
];
const sources = sourceFolders.flatMap(sourceFiles);

/**
 * Files over the ceiling today, each to be split (issue 8). The test fails when one of them gets
 * under the ceiling, so the entry is removed with the split and the list only shrinks.
 */
const overCeiling = new Set<string>([]);

describe('every source file', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it('opens with a comment saying what it takes, produces or keeps true', () => {
    const bare = sources.filter((file) => {
      const text = fs.readFileSync(file, 'utf8').replace(/^#![^\n]*\n/, '');
      return !/^\s*(\/\/|\/\*)/.test(text);
    });
    expect(bare.map(relative)).toEqual([]);
  });

  it('has at most 600 lines', () => {
    const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length;
    const long = sources.map(relative).filter((file) => lines(path.join(repoRoot, file)) > 600);
    expect(long.filter((file) => !overCeiling.has(file))).toEqual([]);
    for (const file of overCeiling)
      expect(long, `${file} is under the ceiling now: take it off overCeiling`).toContain(file);
  });
});

// ---------------------------------------------------------------------------------------------
// No vocabulary in the back end

const catalogue = createCatalogue();
/** Op kinds are the IR's own words (ir/ir.ts), even where a layer has the same name. */
const irWords = new Set(Object.keys(opMeanings));
const vocabulary = new Set(
  [catalogue.layers, catalogue.activations, catalogue.losses, catalogue.optimizers]
    .flatMap((table) => [...table.values()])
    .flatMap((spec) => [spec.name, ...(('aliases' in spec && spec.aliases) || [])])
    .filter((word) => !irWords.has(word)),
);

/** The folders of the back end, and of the runtime's kernels once the runtime is laid out so. */
const backEnd = [
  'packages/compiler/src/ir',
  'packages/compiler/src/targets',
  'packages/runtime/src/core',
  'packages/runtime/src/kernels',
].flatMap(sourceFiles);

/**
 * Words a back-end file still names, each with the reason: to be replaced by a catalogue fact.
 * The test fails when a listed word is gone, so the list only shrinks.
 */
const knownExceptions: Record<string, { words: string[]; reason: string }> = {
  'packages/compiler/src/targets/pytorch/layers.ts': {
    words: ['linear'],
    reason: "nnet_checkpoint.py's weight layout `linear` (a transposed kernel), not the activation",
  },
  'packages/compiler/src/targets/pytorch/train-script.ts': {
    words: ['mse', 'mae', 'flatten'],
    reason: 'the metrics mse and mae (not the losses) and the mnist argument `flatten`',
  },
  'packages/runtime/src/core/compiled-model.ts': {
    words: ['perceptron'],
    reason: 'the loss task kind `perceptron` in the LossInfo type, not a look-up of the layer',
  },
  'packages/runtime/src/kernels/recurrent/rnn.ts': {
    words: ['rnn'],
    reason: 'the kernel names itself in its state error message (checkStateHolds)',
  },
  'packages/runtime/src/kernels/recurrent/lstm.ts': {
    words: ['lstm'],
    reason: 'the kernel names itself in its state error message (checkStateHolds)',
  },
  'packages/runtime/src/kernels/recurrent/gru.ts': {
    words: ['gru'],
    reason: 'the kernel names itself in its state error message (checkStateHolds)',
  },
  'packages/compiler/src/ir/lower.ts': {
    words: ['dropout'],
    reason: "attention's argument `dropout` (its rate on the attention weights), not the layer",
  },
  'packages/compiler/src/targets/js/ops.ts': {
    words: ['dropout'],
    reason: 'the refusal of attention dropout tells the user to add a `dropout` layer instead',
  },
  'packages/compiler/src/targets/onnx/export-ops.ts': {
    words: ['flatten'],
    reason: 'the name suffix of a Flatten node after global pooling (exported names stay stable)',
  },
};

/** String literals outside comments: '…', "…" and whole `…` templates without substitutions. */
function stringLiterals(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/[^\n]*/g, '$1');
  return [...code.matchAll(/(['"`])([a-z_0-9]+)\1/g)].map((match) => match[2]);
}

describe('the back end names no vocabulary word', () => {
  it('scans the back-end folders', () => {
    expect(backEnd.length).toBeGreaterThan(10);
  });

  it.each(backEnd.map((file) => [relative(file), file]))('%s', (name, file) => {
    const words = [
      ...new Set(stringLiterals(fs.readFileSync(file, 'utf8')).filter((w) => vocabulary.has(w))),
    ].sort();
    const allowed = knownExceptions[name]?.words ?? [];
    expect(
      words.filter((word) => !allowed.includes(word)),
      'read a catalogue fact instead',
    ).toEqual([]);
    expect(words, 'an exception is gone: take it off knownExceptions').toEqual([...allowed].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// No import cycles

/**
 * The files a source imports at run time (`import type` is erased, so it cannot make a cycle):
 * relative specifiers only, resolved from `.js` to the `.ts` beside it.
 */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const statements = text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?\sfrom\s+'(\.[^']+)'/gms);
  return [...statements].map((match) =>
    path.resolve(path.dirname(file), match[1]).replace(/\.js$/, '.ts'),
  );
}

/** The strongly connected groups of more than one file (Tarjan), each sorted: the cycles. */
function importCycles(files: readonly string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(
    files.map((file) => [file, runtimeImports(file).filter((t) => known.has(t))]),
  );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(relative(member));
    } while (member !== file);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('finds a cycle, and not an import type', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-cycle-'));
    const write = (name: string, text: string) => fs.writeFileSync(path.join(folder, name), text);
    write('a.ts', "// a\nimport { b } from './b.js';\nexport const a = b;\n");
    write('b.ts', "// b\nimport {\n  c,\n} from './c.js';\nexport const b = c;\n");
    write('c.ts', "// c\nimport { a } from './a.js';\nexport const c = 1;\nexport { a };\n");
    write('d.ts', "// d\nimport type { e } from './e.js';\nexport const d = 1 as e;\n");
    write('e.ts', "// e\nimport { d } from './d.js';\nexport type e = typeof d;\n");
    const files = ['a', 'b', 'c', 'd', 'e'].map((name) => path.join(folder, `${name}.ts`));
    expect(importCycles(files)).toEqual([files.slice(0, 3).map(relative).sort()]);
    fs.rmSync(folder, { recursive: true });
  });

  it.each(sourceFolders)(
    '%s has no import cycle (a file reaching itself at run time)',
    (folder) => {
      expect(importCycles(sourceFiles(folder))).toEqual([]);
    },
  );
});
