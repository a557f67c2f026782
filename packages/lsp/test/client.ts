// A real LSP client for the end-to-end tests: starts `node bin/nnet-lsp.js --stdio` as a child
// process and speaks JSON-RPC to it. Also `marked(text)`: strips `<|>` cursor markers from a test
// input and gives their LSP positions.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
export const binPath = path.resolve(here, '../bin/nnet-lsp.js');
export const examplesDir = path.resolve(here, '../../../examples');

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Positions of the `<|>` markers, and the text without them. */
export function marked(input: string): {
  text: string;
  positions: Position[];
  position: Position;
  offsets: number[];
} {
  const positions: Position[] = [];
  const offsets: number[] = [];
  let text = '';
  let rest = input;
  for (;;) {
    const at = rest.indexOf('<|>');
    if (at === -1) break;
    text += rest.slice(0, at);
    rest = rest.slice(at + 3);
    offsets.push(text.length);
    const lines = text.split('\n');
    positions.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
  }
  text += rest;
  return { text, positions, position: positions[0] ?? { line: 0, character: 0 }, offsets };
}

type Waiter = {
  uri: string;
  test: (d: Diagnostic[]) => boolean;
  resolve: (d: Diagnostic[]) => void;
};

export class TestClient {
  readonly published = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  initializeResult!: InitializeResult;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {}

  static async start(
    rootDir: string = examplesDir,
    options: { debounceMs?: number; settings?: Record<string, unknown> } = {},
  ): Promise<TestClient> {
    const child = spawn(process.execPath, [binPath, '--stdio'], { stdio: 'pipe' });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new TestClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: PublishDiagnosticsParams) => {
        client.published.set(params.uri, params.diagnostics);
        client.waiters = client.waiters.filter((w) => {
          if (w.uri !== params.uri || !w.test(params.diagnostics)) return true;
          w.resolve(params.diagnostics);
          return false;
        });
      },
    );
    connection.onNotification(
      'window/logMessage',
      (params: { message: string }) => void client.logs.push(params.message),
    );
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onRequest('workspace/semanticTokens/refresh', () => null);
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(rootDir),
      workspaceFolders: [{ uri: fileUri(rootDir), name: 'test' }],
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true },
        },
        workspace: { inlayHint: { refreshSupport: true } },
      },
      initializationOptions: { debounceMs: options.debounceMs ?? 20, ...options.settings },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the next diagnostics published for `uri` that pass `test`. */
  diagnosticsFor(
    uri: string,
    test: (d: Diagnostic[]) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no diagnostics for ${uri} in ${timeoutMs} ms; last: ${JSON.stringify(this.published.get(uri))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ uri, test, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'nnet', version: 1, text },
    });
  }

  /** Replaces the whole text (one full-content change). */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** One incremental edit: replaces `range` with `text`. */
  async edit(uri: string, range: { start: Position; end: Position }, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Opens `text` (with `<|>` markers) as `uri`, waits for its diagnostics, returns the marker positions. */
  async openMarked(
    uri: string,
    input: string,
  ): Promise<{ text: string; positions: Position[]; position: Position }> {
    const m = marked(input);
    const published = this.diagnosticsFor(uri);
    await this.open(uri, m.text);
    await published;
    return m;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([
        this.connection.sendRequest('shutdown'),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    setTimeout(() => this.child.kill(), 500).unref();
  }

  get exited(): boolean {
    return this.child.exitCode !== null;
  }
}
