// Every quick fix a case's diagnostics carry, applied to the file, removes an error of that code:
// a fix that leaves its own error in place (or moves it) is a bug the goldens alone would not show.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, nodeHost, type Diagnostic } from '@nnet/compiler';
import { nnetFiles, repoRoot } from './golden.js';

function applyEdits(
  text: string,
  edits: readonly { span: { start: number; end: number }; newText: string }[],
) {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

const count = (diagnostics: readonly Diagnostic[], code: string) =>
  diagnostics.filter((d) => d.code === code).length;

const withFixes = nnetFiles(path.join(repoRoot, 'tests/cases')).filter((file) =>
  checkFile(file).diagnostics.some((d) => d.file === file && d.fixes?.length),
);

describe('quick fixes', () => {
  it('exist in the cases (insert flatten, Keras and PyTorch names, quotes, padding, -> add)', () => {
    expect(withFixes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(withFixes.map((f) => [path.relative(repoRoot, f), f]))(
    '%s: each fix removes its error',
    (_, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const before = checkFile(file).diagnostics;
      for (const d of before.filter((x) => x.file === file)) {
        for (const fix of d.fixes ?? []) {
          const fixed = applyEdits(
            text,
            fix.edits.filter((e) => (e.file ?? d.file) === file),
          );
          const host = { readFile: (f: string) => (f === file ? fixed : nodeHost.readFile(f)) };
          const after = checkFile(file, { host }).diagnostics;
          expect(count(after, d.code), `${fix.title} should remove one ${d.code}`).toBeLessThan(
            count(before, d.code),
          );
        }
      }
    },
  );
});
