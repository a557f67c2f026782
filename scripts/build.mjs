// Builds the packages for running without a TypeScript loader: `tsc -b` writes each package's
// JavaScript and declarations to its dist/, the compiler's non-TypeScript files (onnx.proto, the
// PyTorch target's Python) are copied beside them, and the `nnc` command is bundled with the
// runtime into packages/compiler/dist/nnc/ (bundle-nnc.mjs). Runs at install (root
// `postinstall`), before `test` and `demo`, and as `corepack pnpm build`.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNnc, nncAssets } from './bundle-nnc.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const compiler = path.join(root, 'packages/compiler');
const require = createRequire(import.meta.url);

// 1. tsc -b over the packages (not the tests: `corepack pnpm test` checks those).
const tsc = require.resolve('typescript/bin/tsc');
const projects = ['packages/runtime', 'packages/compiler', 'packages/lsp'];
const typescript = spawnSync(process.execPath, [tsc, '-b', ...projects], {
  cwd: root,
  stdio: 'inherit',
});
if (typescript.status !== 0) {
  console.error('build: tsc -b failed (see above)');
  process.exit(typescript.status ?? 1);
}

// 2. The compiler's files read at run time (onnx.proto, the PyTorch target's Python), at the same
// place in dist/ as in src/.
for (const from of nncAssets.map((asset) => asset.from)) {
  const target = path.join(compiler, 'dist', from);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(compiler, 'src', from), target, { recursive: true });
}

// 3. The `nnc` bundle the bin runs (start-up: one file to parse instead of hundreds).
await bundleNnc(path.join(compiler, 'dist/nnc'));
console.log('build: packages/*/dist and packages/compiler/dist/nnc/ are up to date');
