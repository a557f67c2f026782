// Builds the bundles with scripts/build.mjs and checks they are self-contained (they require
// only Node built-ins, plus `vscode` for the extension), that dist/server.cjs speaks LSP over stdio
// — initialize, diagnostics, `nnet/summary`, `nnet/graph` —, that dist/extension.cjs loads, and
// that the bundled nnc (dist/nnc/) trains a run from a folder with no node_modules.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { builtinModules, createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.resolve(root, '..', '..', 'examples');
const hasEsbuild = fs.existsSync(path.join(root, 'node_modules', 'esbuild'));
if (!hasEsbuild)
  console.warn(
    'bundle.test.ts: esbuild is not installed (run `pnpm install`); skipping the bundle tests.',
  );

/** Every module name a bundle passes to require(). */
function requiredModules(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
}

const isBuiltin = (name: string) =>
  name.startsWith('node:') || builtinModules.includes(name.split('/')[0]);

describe.skipIf(!hasEsbuild)('bundles', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(build.stderr).not.toMatch(/\[ERROR\]/);
    expect(build.status).toBe(0);
  }, 60_000);

  it('require nothing outside Node (and vscode, for the extension)', () => {
    const server = requiredModules(path.join(root, 'dist', 'server.cjs'));
    const extension = requiredModules(path.join(root, 'dist', 'extension.cjs'));
    expect(server.filter((m) => !isBuiltin(m))).toEqual([]);
    expect(extension.filter((m) => !isBuiltin(m))).toEqual(['vscode']);
  });

  it('dist/extension.cjs loads against a stand-in vscode and exports activate/deactivate', () => {
    const require = createRequire(import.meta.url);
    const Module = require('node:module') as {
      _load: (request: string, ...rest: unknown[]) => unknown;
    };
    const original = Module._load;
    Module._load = (request: string, ...rest: unknown[]) =>
      request === 'vscode' ? new Proxy({}, { get: () => class {} }) : original(request, ...rest);
    try {
      const extension = require(path.join(root, 'dist', 'extension.cjs')) as Record<
        string,
        unknown
      >;
      expect(typeof extension.activate).toBe('function');
      expect(typeof extension.deactivate).toBe('function');
    } finally {
      Module._load = original;
    }
  });

  it('dist/nnc/nnc.mjs, copied out of the repository, trains a run with no node_modules', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bundled-nnc-'));
    const nnc = path.join(folder, 'extension', 'nnc');
    fs.cpSync(path.join(root, 'dist', 'nnc'), nnc, { recursive: true });
    fs.copyFileSync(path.join(examples, 'xor-train.nnet'), path.join(folder, 'xor.nnet'));
    const result = spawnSync(
      process.execPath,
      [path.join(nnc, 'nnc.mjs'), 'train', 'xor.nnet', '--epochs', '3', '-q'],
      {
        cwd: folder,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^3 +\d\.\d{4} +\d\.\d{4}/m);
    expect(fs.existsSync(path.join(folder, 'out/XorTrain/checkpoint.safetensors'))).toBe(true);
    expect(result.status).toBe(0);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  describe('dist/server.cjs --stdio', () => {
    let server: ChildProcess;
    let connection: MessageConnection;
    const diagnostics = new Map<string, { code?: unknown; message: string }[]>();
    let stderr = '';

    beforeAll(() => {
      server = spawn(process.execPath, [path.join(root, 'dist', 'server.cjs'), '--stdio'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      connection = createMessageConnection(
        new StreamMessageReader(server.stdout!),
        new StreamMessageWriter(server.stdin!),
      );
      connection.onNotification(
        'textDocument/publishDiagnostics',
        (params: { uri: string; diagnostics: { code?: unknown; message: string }[] }) => {
          diagnostics.set(params.uri, params.diagnostics);
        },
      );
      connection.onRequest(() => null); // workspace/configuration, client/registerCapability, …
      connection.listen();
    });

    afterAll(async () => {
      connection?.dispose();
      if (server && server.exitCode === null) server.kill();
    });

    it('answers initialize with its capabilities', async () => {
      const result = (await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(examples).href,
        capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
        initializationOptions: {
          parameterConvention: 'keras',
          inlayHints: { enabled: true },
          debounceMs: 0,
        },
      })) as { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
      expect(result.capabilities).toMatchObject({
        hoverProvider: true,
        inlayHintProvider: true,
        codeLensProvider: expect.anything(),
      });
      expect(result.serverInfo?.name).toBe('nnet-lsp');
      await connection.sendNotification('initialized', {});
    });

    it('publishes diagnostics and answers nnet/summary and nnet/graph for an open document', async () => {
      const file = path.join(examples, 'exercise.nnet');
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'nnet', version: 1, text },
      });
      const brokenUri = pathToFileURL(path.join(examples, 'broken-for-test.nnet')).href;
      const broken = 'model Broken {\n  input x: [28, 28]\n  dense(10)\n}\n';
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: brokenUri, languageId: 'nnet', version: 1, text: broken },
      });
      for (let i = 0; i < 100 && !diagnostics.has(brokenUri); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(diagnostics.get(brokenUri)?.map((d) => d.code)).toContain('NN3002');

      const summary = (await connection.sendRequest('nnet/summary', {
        uri,
        model: 'Exercise',
      })) as { markdown: string; text: string } | null;
      expect(summary?.markdown).toContain('181,310');
      expect(summary?.text).toContain('Total params: 181,310');
      const graph = (await connection.sendRequest('nnet/graph', { uri, model: 'Exercise' })) as {
        nodes: { kind: string }[];
        outputs: string[];
      } | null;
      expect(graph?.nodes.map((n) => n.kind)).toEqual([
        'flatten',
        'dense',
        'dense',
        'dense',
        'dense',
      ]);
      expect(graph?.outputs).toEqual(['dense_3']);
    });

    it('shuts down and exits when asked', async () => {
      await connection.sendRequest('shutdown');
      const exited = new Promise<number | null>((resolve) =>
        server.once('exit', (code) => resolve(code)),
      );
      await connection.sendNotification('exit');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    });
  });
});
