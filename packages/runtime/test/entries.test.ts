// The two entries of the runtime: everything reachable from `src/index.ts` (static, dynamic and
// type-only imports alike) is browser-safe — no `node:` or other package import, nothing under
// data/ or training/ — while `src/train.ts` is the host entry and does reach Node.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sourceRoot = path.resolve(import.meta.dirname, '../src');
const hostFolders = ['data', 'training', 'report'];

interface ImportProblem {
  file: string;
  specifier: string;
  why: string;
}

/** Walks the import graph from `entry`; returns each file reached and each non-browser import. */
function walkImports(entry: string): { files: string[]; problems: ImportProblem[] } {
  const seen = new Set<string>();
  const problems: ImportProblem[] = [];
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    const relativeFile = path.relative(sourceRoot, file);
    const info = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith('.')) {
        problems.push({
          file: relativeFile,
          specifier,
          why: specifier.startsWith('node:') ? 'a Node module' : 'a package import',
        });
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
      const folder = path.relative(sourceRoot, target).split(path.sep)[0];
      if (hostFolders.includes(folder))
        problems.push({ file: relativeFile, specifier, why: `host code (${folder}/)` });
      if (!fs.existsSync(target)) {
        problems.push({ file: relativeFile, specifier, why: 'no such file' });
        continue;
      }
      pending.push(target);
    }
  }
  return { files: [...seen].map((f) => path.relative(sourceRoot, f)).sort(), problems };
}

describe('the browser-safe entry @nnet/runtime', () => {
  const { files, problems } = walkImports(path.join(sourceRoot, 'index.ts'));

  it('reaches no Node module, no package and no host folder', () => {
    expect(problems).toEqual([]);
  });

  it('reaches the kernels, activations, losses, optimizers and metrics', () => {
    for (const folder of ['core', 'kernels', 'activations', 'losses', 'optimizers', 'metrics'])
      expect(files.some((f) => f.startsWith(`${folder}/`))).toBe(true);
  });
});

describe('the host entry @nnet/runtime/train', () => {
  it('is where the Node imports are (so the walk above can see them)', () => {
    const { problems } = walkImports(path.join(sourceRoot, 'train.ts'));
    expect(problems.map((p) => p.why)).toContain('a Node module');
    expect(problems.map((p) => p.why)).toContain('host code (data/)');
    expect(problems.map((p) => p.why)).toContain('host code (training/)');
  });

  it('is exported as ./train beside .', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.resolve(sourceRoot, '../package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports).filter((key) => key !== './package.json')).toEqual([
      '.',
      './train',
      './csv',
      './expression',
    ]);
  });
});

describe('the expression entry @nnet/runtime/expression (the checker parses function("…") with it)', () => {
  it('reaches no Node module and no package: only the parser and its error type', () => {
    const { files, problems } = walkImports(path.join(sourceRoot, 'data/expression.ts'));
    expect(problems.filter((p) => !p.why.startsWith('host code'))).toEqual([]);
    // dataset.ts names tabular.ts's encoding type; tabular.ts itself imports only dataset.ts.
    expect(files).toEqual(['data/dataset.ts', 'data/expression.ts', 'data/tabular.ts']);
  });
});

describe('the CSV entry @nnet/runtime/csv (the language server checks data files with it)', () => {
  it('reaches the data folder and the Node file system only: no training, no plots, no package', () => {
    const { files, problems } = walkImports(path.join(sourceRoot, 'data/csv-entry.ts'));
    expect(problems.filter((p) => p.why === 'a package import')).toEqual([]);
    expect(files.every((f) => f.startsWith('data/') || f.startsWith('core/'))).toBe(true);
    expect(files).toContain('data/csv-source.ts');
  });
});
