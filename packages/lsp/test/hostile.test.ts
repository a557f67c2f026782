// The language server against hostile documents (issue 16): devices and FIFOs imported, a model
// that blows the expansion budget, a check past the time budget — each gets its diagnostic while
// hover and completion still answer — and a rename onto a name in use is refused with the reason.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './client.js';

let client: TestClient;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-lsp-hostile-'));
  client = await TestClient.start(dir);
}, 60_000);
afterAll(async () => {
  await client?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

async function hoverText(
  c: TestClient,
  uri: string,
  line: number,
  character: number,
): Promise<string> {
  const hover = await c.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line, character },
  });
  return hover ? (hover.contents as MarkupContent).value : '';
}

async function completionLabels(c: TestClient, uri: string, line: number, character: number) {
  const result = await c.request<CompletionList | CompletionItem[]>('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
  });
  return (Array.isArray(result) ? result : result.items).map((i) => i.label);
}

describe('special files', () => {
  it('import "/dev/zero" and a FIFO are diagnostics, and the server keeps answering', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.nnet')]);
    const uri = fileUri(path.join(dir, 'special.nnet'));
    const published = client.diagnosticsFor(uri, (d) => d.length >= 2);
    await client.open(
      uri,
      'import "/dev/zero"\nimport "pipe.nnet"\n\nmodel M {\n  input x: [2]\n  dense(3)\n}\n',
    );
    const diagnostics = await published;
    // The LSP message is the sentence, then `help:` on the next line.
    expect(diagnostics.map((d) => [d.code, String(d.message).split('\n')[0]])).toEqual([
      [
        'NN5002',
        '`/dev/zero` is a character device, not a regular file; only regular files are read',
      ],
      [
        'NN5002',
        '`pipe.nnet` is a named pipe (FIFO), not a regular file; only regular files are read',
      ],
    ]);
    expect(await hoverText(client, uri, 5, 3)).toContain('dense');
  });
});

describe('budgets in the editor', () => {
  it('a model that blows the expansion budget gets NN5003; hover and completion answer', async () => {
    const uri = fileUri(path.join(dir, 'expansion.nnet'));
    const published = client.diagnosticsFor(uri, (d) => d.length > 0);
    await client.open(
      uri,
      'model M {\n  input x: [4]\n  repeat 10000 {\n    repeat 10000 {\n      dense(4)\n    }\n  }\n  dense(2)\n}\n',
    );
    expect(codes(await published)).toEqual(['NN5003']);
    expect(await hoverText(client, uri, 7, 3)).toContain('dense');
    expect(await completionLabels(client, uri, 7, 2)).toContain('dense');
  });

  it('a check past the time budget stops with NN5009 and the server still answers', async () => {
    const previous = process.env.NNET_LSP_CHECK_SECONDS;
    process.env.NNET_LSP_CHECK_SECONDS = '0.001';
    const slow = await TestClient.start(dir);
    try {
      const uri = fileUri(path.join(dir, 'slow.nnet'));
      const lines = Array.from({ length: 3000 }, () => '  dense(8, relu)');
      const published = slow.diagnosticsFor(uri, (d) => d.length > 0);
      await slow.open(uri, `model Big {\n  input x: [8]\n${lines.join('\n')}\n}\n`);
      const diagnostics = await published;
      expect(codes(diagnostics)).toEqual(['NN5009']);
      expect(String(diagnostics[0].message).split('\n')[0]).toBe(
        'checking this file stopped after 0.001 s; its diagnostics are incomplete',
      );
      expect(await hoverText(slow, uri, 2, 3)).toContain('dense');
      expect(await completionLabels(slow, uri, 2, 2)).toContain('dense');
    } finally {
      await slow.stop();
      if (previous === undefined) delete process.env.NNET_LSP_CHECK_SECONDS;
      else process.env.NNET_LSP_CHECK_SECONDS = previous;
    }
  });
});

describe('the expanding files of issue 16, in the editor', () => {
  // Each must publish its diagnostics (capped, with the budget that stopped the check) and keep
  // answering hover; the server was once silent past 30 s and killed at 3 GB on these files.
  const doubling = [
    'block B0 {\n  dense(2)\n}',
    ...Array.from({ length: 20 }, (_, i) => `block B${i + 1} {\n  B${i} -> B${i}\n}`),
    'model M {\n  input x: [2]\n  B20\n  dense(1)\n}\n',
  ].join('\n');
  const errors = `model M {\n  input x: [4]\n${Array.from({ length: 100_000 }, (_, i) => `  zz${i}(1)`).join('\n')}\n  dense(2)\n}\n`;

  it.each([
    ['doubling blocks', doubling, 66, ['NN5003']],
    ['100,000 statements with an error each', errors, 100_002, ['NN5003', 'NN5008']],
  ])(
    '%s: diagnostics within the budget, hover answers',
    async (name, text, line, budgetCodes) => {
      const uri = fileUri(path.join(dir, `${name.replace(/\W+/g, '-')}.nnet`));
      const published = client.diagnosticsFor(uri, (d) => d.length > 0, 60_000);
      await client.open(uri, text);
      const diagnostics = await published;
      expect(diagnostics.length).toBeLessThanOrEqual(1002);
      expect(codes(diagnostics).filter((c) => String(c).startsWith('NN50'))).toEqual(budgetCodes);
      expect(await hoverText(client, uri, line, 3)).toContain('dense');
    },
    90_000,
  );

  it('formats a 100,000-item list', async () => {
    const uri = fileUri(path.join(dir, 'list.nnet'));
    const items = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
    await client.open(uri, `const a = [${items}]\n`);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = edits.map((e) => e.newText).join('');
    expect(formatted.match(/\d+/g)).toHaveLength(100_000);
    expect(Math.max(...formatted.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  }, 90_000);
});

describe('rename', () => {
  const text = 'model M {\n  input x: [4]\n  h = dense(4, relu)\n  y = dense(4)\n  add(h, y)\n}\n';

  it('refuses a name already in use, with the reason', async () => {
    const uri = fileUri(path.join(dir, 'rename.nnet'));
    await client.openMarked(uri, text);
    const request = client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: { line: 3, character: 2 },
      newName: 'h',
    });
    await expect(request).rejects.toThrow(
      'cannot rename: `h` is already a value here (line 3); renaming would give two things one name',
    );
    await expect(
      client.request('textDocument/rename', {
        textDocument: { uri },
        position: { line: 3, character: 2 },
        newName: 'dense',
      }),
    ).rejects.toThrow('cannot rename: `dense` is a layer or activation of the language');
  });

  it('still renames onto a free name, and onto a name used in another model', async () => {
    const uri = fileUri(path.join(dir, 'rename-free.nnet'));
    await client.openMarked(uri, `${text}\nmodel N {\n  input z: [4]\n  dense(1)\n}\n`);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: { line: 3, character: 2 },
      newName: 'z',
    });
    expect(edit.changes?.[uri]).toHaveLength(2);
  });
});
