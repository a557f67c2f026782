// Writes docs/diagnostics.md and docs/vocabulary.md from the catalogues, and the generated tables of
// docs/onnx.md and docs/pytorch.md (formatted with Prettier) (`pnpm docs`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { builtinCatalogue } from '../packages/compiler/src/compile.js';
import { diagnosticsMarkdown, vocabularyMarkdown } from '../packages/compiler/src/docs/generate.js';
import { targetDocs } from '../packages/compiler/src/docs/target-tables.js';

const docs = path.resolve(import.meta.dirname, '../docs');
fs.writeFileSync(path.join(docs, 'diagnostics.md'), diagnosticsMarkdown());
fs.writeFileSync(path.join(docs, 'vocabulary.md'), vocabularyMarkdown(builtinCatalogue()));
const files = { onnx: path.join(docs, 'onnx.md'), pytorch: path.join(docs, 'pytorch.md') };
const updated = targetDocs(builtinCatalogue(), {
  onnx: fs.readFileSync(files.onnx, 'utf8'),
  pytorch: fs.readFileSync(files.pytorch, 'utf8'),
});
for (const key of ['onnx', 'pytorch'] as const) {
  const options = { ...(await prettier.resolveConfig(files[key])), filepath: files[key] };
  fs.writeFileSync(files[key], await prettier.format(updated[key], options));
}
console.log(
  'wrote docs/diagnostics.md, docs/vocabulary.md and the tables of docs/onnx.md, docs/pytorch.md',
);
