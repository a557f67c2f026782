// The generated reference docs must match the catalogues (run `pnpm docs` after changing them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue } from '../packages/compiler/src/compile.js';
import * as prettier from 'prettier';
import { diagnosticsMarkdown, vocabularyMarkdown } from '../packages/compiler/src/docs/generate.js';
import {
  onnxLayerTable,
  pytorchLayerTable,
  targetDocs,
} from '../packages/compiler/src/docs/target-tables.js';
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
  it('docs/onnx.md and docs/pytorch.md hold the layer and activation tables of the catalogue', async () => {
    const files = {
      onnx: path.join(repoRoot, 'docs/onnx.md'),
      pytorch: path.join(repoRoot, 'docs/pytorch.md'),
    };
    const current = {
      onnx: fs.readFileSync(files.onnx, 'utf8'),
      pytorch: fs.readFileSync(files.pytorch, 'utf8'),
    };
    const updated = targetDocs(builtinCatalogue(), current);
    for (const key of ['onnx', 'pytorch'] as const) {
      const options = { ...(await prettier.resolveConfig(files[key])), filepath: files[key] };
      expect(current[key], 'run `pnpm docs`').toBe(await prettier.format(updated[key], options));
    }
  });

  it('the target tables name every layer, and what a target lacks as NN4009', () => {
    const catalogue = builtinCatalogue();
    const onnx = onnxLayerTable(catalogue);
    for (const layer of catalogue.layers.keys()) expect(onnx).toContain(`\`${layer}\``);
    // ONNX has no recurrent or attention exporter yet: the table says so by itself.
    expect(onnx).toMatch(/`lstm`.*not exported to ONNX yet \(NN4009\)/);
    expect(pytorchLayerTable(catalogue)).not.toContain('not exported');
  });
});
