// The document outline (models, blocks, layers), workspace symbols, folding ranges and semantic
// tokens.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DocumentSymbol,
  FoldingRange,
  SemanticTokens,
  SymbolInformation,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { examplesDir, fileUri, TestClient } from './client.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start(examplesDir);
});
afterAll(() => client.stop());

const residualUri = fileUri(path.join(examplesDir, 'residual.nnet'));

describe('document symbols', () => {
  it('outline the models, blocks and layer statements, with shapes and totals', async () => {
    await client.openMarked(
      residualUri,
      fs.readFileSync(path.join(examplesDir, 'residual.nnet'), 'utf8'),
    );
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: residualUri },
    });
    expect(symbols.map((s) => [s.name, s.kind])).toEqual([
      ['ResidualDense', 12],
      ['Deep', 5],
      ['train Deep', 24],
      ['TwoBranch', 5],
    ]);
    const deep = symbols[1];
    expect(deep.detail).toBe('33,930 params');
    // Readable names: what each statement applies, not its raw text; the shape in the detail.
    expect(deep.children!.map((c) => c.name)).toEqual(['x', 'repeat 4', 'dense']);
    expect(deep.children![1].children!.map((c) => [c.name, c.detail])).toEqual([
      ['ResidualDense', '→ [64]'],
    ]);
    const block = symbols[0];
    expect(block.children!.map((c) => c.name)).toEqual([
      'width',
      'h = dense → dense',
      'add → relu',
    ]);
    for (const s of symbols) {
      expect(s.range.start.line).toBeLessThanOrEqual(s.selectionRange.start.line);
      expect(s.range.end.line).toBeGreaterThanOrEqual(s.selectionRange.end.line);
    }
  });
});

describe('workspace symbols', () => {
  it('find models, blocks and consts in every file of the workspace, open or not', async () => {
    const found = await client.request<SymbolInformation[]>('workspace/symbol', {
      query: 'Residual',
    });
    expect(found.map((s) => s.name)).toContain('ResidualDense');
    const blocks = await client.request<SymbolInformation[]>('workspace/symbol', {
      query: 'DownBlock',
    });
    expect(blocks).toHaveLength(1);
    expect(blocks[0].location.uri).toBe(fileUri(path.join(examplesDir, 'blocks.nnet')));
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    expect(all.length).toBeGreaterThan(15);
  });
});

describe('folding ranges', () => {
  it('fold declarations, repeats and comment runs, keeping the closing brace visible', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: residualUri },
    });
    const lines = ranges.map((r) => [r.startLine, r.endLine, r.kind ?? 'region']);
    expect(lines).toContainEqual([0, 14, 'comment']); // the header comment
    expect(lines).toContainEqual([17, 19, 'region']); // block ResidualDense { … }
    expect(lines).toContainEqual([25, 26, 'region']); // repeat 4 { … }
  });
});

describe('semantic tokens', () => {
  it('classify keywords, blocks, layers, values, parameters, numbers and strings', async () => {
    const uri = fileUri('/nnet-lsp-test/outline/tokens.nnet');
    const text =
      'const k = 2\nblock B(w) {\n  dense(w, relu)\n}\nmodel M {\n  input x: [4]\n  h = B(k)\n  h -> conv1d(3, padding = "same")\n}\n';
    await client.openMarked(uri, text);
    const legend = client.initializeResult.capabilities.semanticTokensProvider!.legend;
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri },
    });
    const lines = text.split('\n');
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5);
      line += deltaLine;
      character = deltaLine === 0 ? character + deltaStart : deltaStart;
      const names = legend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
      decoded.push(
        `${lines[line].slice(character, character + length)}:${legend.tokenTypes[type]}${names.length ? `.${names.join('.')}` : ''}`,
      );
    }
    expect(decoded).toEqual([
      'const:keyword',
      'k:variable.declaration.readonly',
      '2:number',
      'block:keyword',
      'B:function.declaration',
      'w:parameter.declaration',
      'dense:function.defaultLibrary',
      'w:parameter',
      'relu:function.defaultLibrary',
      'model:keyword',
      'M:class.declaration',
      'input:keyword',
      'x:variable.declaration',
      '4:number',
      'h:variable.declaration',
      'B:function',
      'k:variable.readonly',
      'h:variable',
      'conv1d:function.defaultLibrary',
      '3:number',
      'padding:parameter',
      '"same":string',
    ]);
  });
});

describe('formatting', () => {
  // The formatter lives in the compiler (`formatEdits`); the server offers whole-document and
  // range formatting with it.
  const messy =
    'model M {\n    input x: [2]\n  dense( 3,relu)\n}\n\n\nmodel N {\n input y: [2]\n}\n';

  it('formats a whole document and a range', async () => {
    const uri = fileUri('/nnet-lsp-test/outline/format.nnet');
    await client.openMarked(uri, messy);
    expect(client.initializeResult.capabilities.documentFormattingProvider).toBe(true);
    const whole = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(client.initializeResult.capabilities.documentRangeFormattingProvider).toBe(true);
    expect(whole.map((e) => e.newText).join('')).toContain(
      'model M {\n  input x: [2]\n  dense(3, relu)\n}\n',
    );
    const range = { start: { line: 7, character: 0 }, end: { line: 7, character: 3 } };
    const part = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range,
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(part.map((e) => e.newText).join('')).toContain('input y: [2]');
    expect(part.map((e) => e.newText).join('')).not.toContain('dense');
  });

  it('leaves a file with syntax errors alone', async () => {
    const uri = fileUri('/nnet-lsp-test/outline/broken.nnet');
    await client.openMarked(uri, 'model M {\n    input x: [2\n');
    expect(
      await client.request('textDocument/formatting', {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
  });
});
