// The server never crashes or stops answering: every 5th prefix of every example (a file being
// typed), a 5,000-line file, rapid edits, positions past the end, unknown documents and garbage.
// Handlers must not even log a failure: a logged exception is a bug caught, still a bug.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Hover, Position } from 'vscode-languageserver-protocol';
import { examplesDir, fileUri, TestClient } from './client.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start(examplesDir);
});
afterAll(() => client.stop());

const failures = () => client.logs.filter((l) => /nnet-lsp: \S+ failed|uncaught|unhandled/.test(l));
const examples = fs
  .readdirSync(examplesDir)
  .filter((f) => f.endsWith('.nnet'))
  .sort()
  .map((f) => fs.readFileSync(path.join(examplesDir, f), 'utf8'));

function endOf(text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** Every request a client sends while the user types, at one position. */
function everyRequest(uri: string, position: Position): Promise<unknown>[] {
  const textDocument = { uri };
  const whole = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
  return [
    client.request('textDocument/hover', { textDocument, position }),
    client.request('textDocument/completion', { textDocument, position }),
    client.request('textDocument/signatureHelp', { textDocument, position }),
    client.request('textDocument/definition', { textDocument, position }),
    client.request('textDocument/references', {
      textDocument,
      position,
      context: { includeDeclaration: true },
    }),
    client.request('textDocument/documentHighlight', { textDocument, position }),
    client.request('textDocument/prepareRename', { textDocument, position }),
    client.request('textDocument/inlayHint', { textDocument, range: whole }),
    client.request('textDocument/codeLens', { textDocument }),
    client.request('textDocument/documentSymbol', { textDocument }),
    client.request('textDocument/foldingRange', { textDocument }),
    client.request('textDocument/semanticTokens/full', { textDocument }),
    client.request('textDocument/codeAction', {
      textDocument,
      range: { start: position, end: position },
      context: { diagnostics: [] },
    }),
    client.request('textDocument/formatting', {
      textDocument,
      options: { tabSize: 2, insertSpaces: true },
    }),
  ];
}

describe('robustness', () => {
  it('answers on every 5th prefix of every example, typed into one document', async () => {
    const uri = fileUri(path.join(examplesDir, 'typing.nnet'));
    await client.open(uri, '');
    let prefixes = 0;
    for (const text of examples) {
      for (let end = 0; end <= text.length; end += 5) {
        const prefix = text.slice(0, end);
        await client.change(uri, prefix);
        const position = endOf(prefix);
        // Completion at the cursor after each keystroke; everything else on every 8th prefix.
        const requests =
          prefixes % 8 === 0
            ? everyRequest(uri, position)
            : [client.request('textDocument/completion', { textDocument: { uri }, position })];
        await Promise.all(requests);
        prefixes++;
      }
    }
    expect(prefixes).toBeGreaterThan(3000);
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    expect(hover === null || typeof hover === 'object').toBe(true);
    expect(failures()).toEqual([]);
    expect(client.exited).toBe(false);
  });

  it('handles a 5,000-line file', async () => {
    const lines = ['const width = 16', 'model Big {', '  input x: [16]'];
    while (lines.length < 5_000) lines.push(`  h${lines.length} = dense(width, relu)`);
    lines.push('}');
    const text = lines.join('\n');
    const uri = fileUri(path.join(examplesDir, 'big.nnet'));
    const published = client.diagnosticsFor(uri);
    await client.open(uri, text);
    const diagnostics = await published;
    // Unused values, nothing else: the first 1,000, then one "… and N more" (docs/limits.md).
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(['NN2004', 'NN5008']));
    expect(diagnostics.filter((d) => d.code === 'NN2004')).toHaveLength(1000);
    const results = await Promise.all(everyRequest(uri, { line: 2_500, character: 10 }));
    const hover = results[0] as Hover;
    expect((hover.contents as { value: string }).value).toContain(
      'input [16] → output [16] · 272 params',
    );
    expect((results[7] as unknown[]).length).toBe(4_997);
    expect(failures()).toEqual([]);
  });

  it('keeps up with rapid edits and publishes the diagnostics of the final text', async () => {
    const uri = fileUri(path.join(examplesDir, 'rapid.nnet'));
    await client.openMarked(uri, 'model M {\n  input x: [4]\n  \n}\n');
    const word = 'dense(3, relu) -> dense(2, softmax) -> dropuot';
    const sent: Promise<void>[] = [];
    for (let i = 0; i < word.length; i++) {
      sent.push(
        client.edit(
          uri,
          { start: { line: 2, character: 2 + i }, end: { line: 2, character: 2 + i } },
          word[i],
        ),
      );
      if (i % 5 === 0)
        void client.request('textDocument/completion', {
          textDocument: { uri },
          position: { line: 2, character: 3 + i },
        });
    }
    await Promise.all(sent);
    const final = await client.diagnosticsFor(uri, (d: Diagnostic[]) =>
      d.some((x) => JSON.stringify(x.message).includes('dropuot')),
    );
    expect(final.map((d) => d.code)).toEqual(['NN2002']);
    expect(final[0].message).toContain('did you mean `dropout`?');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 4 },
    });
    expect((hover.contents as { value: string }).value).toContain('output [3]');
  });

  it('answers empty for positions past the end, unknown documents and garbage', async () => {
    const uri = fileUri(path.join(examplesDir, 'edges.nnet'));
    await client.openMarked(uri, 'model M {\n  input x: [2]\n  dense(1)\n}\n');
    const far = { line: 10_000, character: 10_000 };
    const results = await Promise.all(everyRequest(uri, far));
    expect(results[0]).toBeNull();
    expect(results[1]).toEqual(expect.any(Array));
    const unknown = fileUri('/nowhere/missing.nnet');
    const unknownResults = await Promise.all(everyRequest(unknown, { line: 0, character: 0 }));
    expect(unknownResults[0]).toBeNull();
    expect(unknownResults[9]).toEqual([]);
    const garbage = fileUri(path.join(examplesDir, 'garbage.nnet'));
    await client.openMarked(
      garbage,
      '\u0000\u{1F600}model }{ ((( "unterminated\n/* open comment \u2212 \r\r\n',
    );
    await Promise.all(everyRequest(garbage, { line: 0, character: 2 }));
    await Promise.all(everyRequest(garbage, { line: 1, character: 3 }));
    expect(failures()).toEqual([]);
    expect(client.exited).toBe(false);
  });
});
