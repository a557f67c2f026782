// The language server as the playground runs it (src/browser.ts), in-process: files come from a
// MemoryFileSystem (imports, hover, import-path completion, no disk), and a background check that
// `pendingInput` interrupts publishes nothing partial, then runs again and publishes the whole.

import { afterEach, describe, expect, it } from 'vitest';
import type {
  CompletionItem,
  CompletionList,
  Hover,
  MarkupContent,
} from 'vscode-languageserver-protocol';
import { MemoryFileSystem, type ServerOptions } from '../src/browser.js';
import { startInProcess, stopInProcessServers } from './in-process.js';

afterEach(stopInProcessServers);

/** The server with a workspace at /project, and helpers to open a file and await its diagnostics. */
async function startWithFiles(options: ServerOptions) {
  const { client, published } = await startInProcess(options, 'file:///project');
  const open = (uri: string, text: string) =>
    client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'nnet', version: 1, text },
    });
  const publishedFor = async (uri: string) => {
    for (let i = 0; i < 400; i++) {
      const found = published.filter((p) => p.uri === uri);
      if (found.length > 0) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no diagnostics published for ${uri}`);
  };
  return { client, published, open, publishedFor };
}

describe('the language server over a MemoryFileSystem', () => {
  const layers =
    '/// Two dense layers.\nblock Pair(units) {\n  dense(units, relu)\n  dense(units, relu)\n}\n';

  it('checks imports from memory, answers hover and lists import paths', async () => {
    const fileSystem = new MemoryFileSystem({ '/project/layers.nnet': layers });
    const server = await startWithFiles({ fileSystem, debounceMs: 0 });
    const uri = 'file:///project/main.nnet';
    const text =
      'import "layers.nnet"\nimport "missing.nnet"\n\nmodel M {\n  input x: [4]\n  Pair(8)\n}\n';
    server.open(uri, text);
    const [diagnostics] = await server.publishedFor(uri);
    // The file in memory is found; the one that is nowhere is reported at its import.
    expect(
      diagnostics.diagnostics.map((d) => [d.range.start.line, String(d.message).split('\n')[0]]),
    ).toEqual([[1, expect.stringContaining('missing.nnet')]]);
    const hover = await server.client.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 5, character: 3 },
    });
    expect((hover?.contents as MarkupContent).value).toContain('Two dense layers.');
    const completion = await server.client.sendRequest<CompletionList | CompletionItem[]>(
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 1, character: 8 } },
    );
    const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
    expect(labels).toContain('layers.nnet');
  });

  it('a background check interrupted by newer input publishes nothing partial, then the whole', async () => {
    let input = 0;
    let polls = 0;
    let interruptions = 0;
    const pendingInput = () => {
      polls++;
      // New input arrives while the first check is under way (the 10th poll).
      if (polls === 10) {
        input++;
        interruptions++;
      }
      return input;
    };
    const server = await startWithFiles({
      fileSystem: new MemoryFileSystem(),
      debounceMs: 0,
      pendingInput,
    });
    const uri = 'file:///project/big.nnet';
    const lines = Array.from({ length: 3000 }, () => '  dense(8, relu)');
    server.open(uri, `model Big {\n  input x: [8]\n${lines.join('\n')}\n  dense(0)\n}\n`);
    const publications = await server.publishedFor(uri);
    expect(interruptions).toBe(1);
    expect(polls).toBeGreaterThan(10);
    // One publication, from the check that ran to the end: the last line's error, no NN5009.
    expect(publications).toHaveLength(1);
    const codes = publications[0].diagnostics.map((d) => d.code);
    expect(codes).not.toContain('NN5009');
    expect(publications[0].diagnostics.map((d) => d.range.start.line)).toEqual([3002]);
  });
});
