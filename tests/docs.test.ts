// The generated reference docs must match the catalogues (run `pnpm docs` after changing them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue } from '../packages/compiler/src/compile.js';
import { diagnosticsMarkdown, vocabularyMarkdown } from '../packages/compiler/src/docs/generate.js';
import { repoRoot } from './golden.js';

describe('generated docs', () => {
  it('docs/diagnostics.md lists every code of the message catalogue', () => {
    expect(
      fs.readFileSync(path.join(repoRoot, 'docs/diagnostics.md'), 'utf8'),
      'run `pnpm docs`',
    ).toBe(diagnosticsMarkdown());
  });
  it('docs/vocabulary.md describes every catalogue entry', () => {
    expect(
      fs.readFileSync(path.join(repoRoot, 'docs/vocabulary.md'), 'utf8'),
      'run `pnpm docs`',
    ).toBe(vocabularyMarkdown(builtinCatalogue()));
  });
});
