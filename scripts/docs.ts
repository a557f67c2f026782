// Writes docs/diagnostics.md and docs/vocabulary.md from the catalogues (`pnpm docs`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinCatalogue } from '../packages/compiler/src/compile.js';
import { diagnosticsMarkdown, vocabularyMarkdown } from '../packages/compiler/src/docs/generate.js';

const docs = path.resolve(import.meta.dirname, '../docs');
fs.writeFileSync(path.join(docs, 'diagnostics.md'), diagnosticsMarkdown());
fs.writeFileSync(path.join(docs, 'vocabulary.md'), vocabularyMarkdown(builtinCatalogue()));
console.log('wrote docs/diagnostics.md and docs/vocabulary.md');
