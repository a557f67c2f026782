// Golden tests over tests/cases/** and examples/: diagnostics (and, for files that check cleanly,
// summaries) must match the committed .diagnostics.txt / .summary.txt; every `// expect: NNxxxx`
// code in a case's first lines must be reported; every catalogue code must have a case.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFile,
  builtinCatalogue,
  Messages,
  renderDiagnostics,
  renderSummaryText,
  summarize,
} from '@nnet/compiler';
import { compileModelToJs } from '../packages/compiler/src/targets/js/index.js';
import { renderFixes } from './fix-golden.js';
import {
  renderEnsembleSummaryText,
  summarizeEnsemble,
} from '../packages/compiler/src/summary/ensemble.js';
import { expectGolden, nnetFiles, repoRoot } from './golden.js';

const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

/** Files under tests/cases/compile/ are also compiled to JavaScript, every model of the file. */
function compileDiagnostics(file: string, result: ReturnType<typeof checkFile>) {
  if (!file.includes(`${path.sep}compile${path.sep}`) || !result.checked) return [];
  return result.checked.models
    .filter((m) => m.location.file === result.checked!.program.entry)
    .flatMap(
      (m) =>
        compileModelToJs(m, undefined, result.checked!, result.sources, builtinCatalogue())
          .diagnostics,
    );
}

function goldenOutputs(file: string) {
  const checked = checkFile(file);
  const result = {
    ...checked,
    diagnostics: [...checked.diagnostics, ...compileDiagnostics(file, checked)],
  };
  const diagnostics = renderDiagnostics(result.diagnostics, result.sources, {
    displayPath: relative,
  });
  const summaries =
    result.checked && !result.diagnostics.some((d) => d.severity === 'error')
      ? result.checked.models
          .filter((m) => m.location.file === result.checked!.program.entry)
          .map((m) =>
            renderSummaryText(summarize(m, builtinCatalogue(), 'keras', result.checked!.runs)),
          )
          .concat(
            result.checked.ensembles
              .filter((e) => e.file === result.checked!.program.entry)
              .map((e) =>
                renderEnsembleSummaryText(
                  summarizeEnsemble(e, builtinCatalogue(), 'keras', result.checked!.runs),
                ),
              ),
          )
          .join('\n')
      : '';
  return { result, diagnostics: diagnostics ? diagnostics + '\n' : '', summaries };
}

function expectedCodes(text: string): string[] {
  const header = text.split('\n').slice(0, 3).join('\n');
  return [...header.matchAll(/expect:\s*([^\n]*)/g)].flatMap((m) => m[1].match(/NN\d{4}/g) ?? []);
}

const caseFiles = nnetFiles(path.join(repoRoot, 'tests/cases'));
const exampleFiles = nnetFiles(path.join(repoRoot, 'examples'));
describe('test cases', () => {
  it.each(caseFiles.map((f) => [relative(f), f]))('%s', (_name, file) => {
    const { result, diagnostics, summaries } = goldenOutputs(file);
    const base = file.replace(/\.nnet$/, '');
    expectGolden(`${base}.diagnostics.txt`, diagnostics);
    if (summaries) expectGolden(`${base}.summary.txt`, summaries);
    const fixes = renderFixes(result.diagnostics, result.sources);
    if (fixes) expectGolden(`${base}.fixes.txt`, fixes);
    else expect(fs.existsSync(`${base}.fixes.txt`), 'a stale .fixes.txt golden').toBe(false);
    const expected = expectedCodes(fs.readFileSync(file, 'utf8'));
    const found = result.diagnostics.map((d) => d.code);
    for (const code of expected)
      expect(found, `${relative(file)} should report ${code}`).toContain(code);
    if (file.includes(`${path.sep}valid${path.sep}`))
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(
      result.diagnostics.some((d) => d.code === 'NN9001'),
      'no internal errors',
    ).toBe(false);
  });

  // NN4010 and NN4016 are reported by `nnc import` about an .onnx file: their cases are in
  // packages/compiler/test/onnx/import.test.ts.
  // NN5001 (a source over 8 MB), NN5008 (over 1,000 diagnostics) and NN5009 (the editor's time
  // budget) need files too large for a golden case: tests/hostile/limits.test.ts holds them.
  // NN4151–NN4154 come from reading data files (the command line's check): tests/data-files-check.test.ts and packages/lsp/test/data-files.test.ts.
  const coveredElsewhere = new Set([
    'NN4010',
    'NN4151',
    'NN4152',
    'NN4153',
    'NN4154',
    'NN5001',
    'NN5008',
    'NN5009',
    'NN4016',
  ]);

  it('covers every diagnostic code except internal errors', () => {
    // Checks the cases itself, so it holds when run alone (`-t 'covers every'`).
    const seenCodes = new Set(
      caseFiles.flatMap((file) => goldenOutputs(file).result.diagnostics.map((d) => d.code)),
    );
    const codes = Object.values(Messages)
      .map((m) => m.code)
      .filter((c) => !c.startsWith('NN9') && !coveredElsewhere.has(c));
    const missing = codes.filter((c) => !seenCodes.has(c));
    expect(missing).toEqual([]);
  });
});

describe('examples', () => {
  it.each(exampleFiles.map((f) => [relative(f), f]))(
    '%s checks cleanly and matches its goldens',
    (name, file) => {
      const { result, diagnostics, summaries } = goldenOutputs(file);
      expect(
        result.diagnostics.filter((d) => d.severity !== 'info'),
        `${name} should have no errors or warnings`,
      ).toEqual([]);
      const base = path.join(repoRoot, 'tests/examples', path.basename(file, '.nnet'));
      expect(diagnostics).toBe('');
      expectGolden(`${base}.summary.txt`, summaries);
    },
  );
});
