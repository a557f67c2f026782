// Runs the TextMate grammar tests (test/grammar/*.nnet, vscode-tmgrammar-test's comment-annotation
// format) with the real tool, checks that a wrong assertion does fail, and that the grammar names
// no word of the compiler's catalogue: the vocabulary has one list, and it is not here.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCatalogue } from '@nnet/compiler';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const grammarPath = path.join(root, 'syntaxes', 'nnet.tmLanguage.json');

function runTool(...testcases: string[]) {
  return spawnSync(
    process.execPath,
    [tool, '--compact', '--config', path.join(root, 'package.json'), ...testcases],
    { cwd: root, encoding: 'utf8', timeout: 30_000 },
  );
}

describe('TextMate grammar', () => {
  it('passes every assertion in test/grammar/*.nnet', () => {
    const cases = fs
      .readdirSync(path.join(root, 'test', 'grammar'))
      .filter((f) => f.endsWith('.nnet'));
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const run = runTool(...cases.map((f) => path.join('test', 'grammar', f)));
    expect(run.stdout + run.stderr).not.toMatch(/ERROR/);
    expect(run.status).toBe(0);
    for (const f of cases) expect(run.stdout).toContain(`${f} run successfuly`);
  });

  it('fails a test file whose assertion is wrong (the harness is not vacuous)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-grammar-'));
    const file = path.join(dir, 'wrong.nnet');
    fs.writeFileSync(
      file,
      '// SYNTAX TEST "source.nnet" "a deliberately wrong assertion"\nmodel M {}\n// <----- keyword.control.import.nnet\n',
    );
    const run = runTool(file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(
      /Missing required scopes: \[ keyword\.control\.import\.nnet \]/,
    );
  });

  it('hardcodes no layer, activation, loss, optimizer, metric or data-source name', () => {
    const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as unknown;
    const regexes: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string')
            regexes.push(value);
          else collect(value);
        }
      }
    };
    collect(grammar);
    expect(regexes.length).toBeGreaterThan(10);
    const words = new Set(regexes.flatMap((r) => r.match(/[A-Za-z_]{2,}/g) ?? []));
    const catalogue = builtinCatalogue();
    const vocabulary = [
      catalogue.layers,
      catalogue.activations,
      catalogue.losses,
      catalogue.optimizers,
      catalogue.metrics,
      catalogue.dataSources,
      catalogue.initializers,
    ].flatMap((m) => [...m.keys()]);
    expect(vocabulary).toContain('dense');
    expect(vocabulary.filter((name) => words.has(name))).toEqual([]);
  });
});
