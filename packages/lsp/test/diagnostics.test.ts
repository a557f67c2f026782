// Diagnostics pushed on open and on change (with their codes), across imports (a change in an
// imported file re-checks its importers), and the quick fixes they carry as code actions.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, marked, TestClient } from './client.js';

let client: TestClient;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-lsp-diag-'));
  client = await TestClient.start(dir);
});
afterAll(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const codes = (d: Diagnostic[]) => d.map((x) => x.code);

describe('diagnostics', () => {
  it('are published on open with the compiler codes, ranges and help', async () => {
    const uri = fileUri(path.join(dir, 'open.nnet'));
    const { text, positions } = marked(
      'model M {\n  input image: [28, 28]\n  <|>dense<|>(10)\n}\n',
    );
    const published = client.diagnosticsFor(uri);
    await client.open(uri, text);
    const diagnostics = await published;
    expect(codes(diagnostics)).toEqual(['NN3002']);
    expect(diagnostics[0].range).toEqual({ start: positions[0], end: positions[1] });
    expect(diagnostics[0].source).toBe('nnet');
    expect(diagnostics[0].message).toContain('flatten');
  });

  it('follow every change, and clear when the error is fixed', async () => {
    const uri = fileUri(path.join(dir, 'change.nnet'));
    await client.openMarked(uri, 'model M {\n  input x: [4]\n  dense(3, relu)\n}\n');
    expect(client.published.get(uri)).toEqual([]);
    let next = client.diagnosticsFor(uri, (d) => d.length > 0);
    await client.change(uri, 'model M {\n  input x: [4]\n  dense(3, rleu)\n}\n');
    const broken = await next;
    expect(codes(broken)).toEqual(['NN2008']);
    expect(broken[0].message).toContain('did you mean `relu`?');
    next = client.diagnosticsFor(uri, (d) => d.length === 0);
    await client.edit(
      uri,
      { start: { line: 2, character: 11 }, end: { line: 2, character: 15 } },
      'relu',
    );
    expect(await next).toEqual([]);
  });

  it('syntax errors in a half-typed file are reported, not thrown', async () => {
    const uri = fileUri(path.join(dir, 'syntax.nnet'));
    const published = client.diagnosticsFor(uri);
    await client.open(uri, 'model M {\n  input x: [4]\n  dense(3,\n');
    const diagnostics = await published;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => typeof d.code === 'string' && d.code.startsWith('NN1'))).toBe(
      true,
    );
  });

  it('re-check importers when an imported file changes, and show errors in the imported file', async () => {
    const libPath = path.join(dir, 'lib.nnet');
    const mainPath = path.join(dir, 'main.nnet');
    const lib = 'block Wide(units) {\n  dense(units, relu)\n}\n';
    fs.writeFileSync(libPath, lib);
    const mainUri = fileUri(mainPath);
    const libUri = fileUri(libPath);
    await client.openMarked(
      mainUri,
      'import "lib.nnet"\n\nmodel M {\n  input x: [8]\n  Wide(4)\n}\n',
    );
    expect(client.published.get(mainUri)).toEqual([]);

    // Opening the library and breaking the block: the importer's call no longer matches.
    await client.openMarked(libUri, lib);
    const mainBroken = client.diagnosticsFor(mainUri, (d) => d.length > 0);
    await client.change(libUri, 'block Wider(units) {\n  dense(units, relu)\n}\n');
    expect(codes(await mainBroken)).toContain('NN2002');

    // A shape error inside the block, found only through the importer, shows in the block's file.
    const libBroken = client.diagnosticsFor(libUri, (d) => d.some((x) => x.code === 'NN3008'));
    await client.change(
      libUri,
      'block Wide(units) {\n  reshape([2, 2]) -> dense(units, relu)\n}\n',
    );
    const inLib = await libBroken;
    expect(inLib.find((d) => d.code === 'NN3008')?.message).toContain('[8]');
    expect(inLib.find((d) => d.code === 'NN3008')?.range.start.line).toBe(1);
  });

  it('clear a closed document that nothing else imports', async () => {
    const uri = fileUri(path.join(dir, 'closing.nnet'));
    const published = client.diagnosticsFor(uri, (d) => d.length > 0);
    await client.open(uri, 'model M {\n  input x: [4]\n  dense(0)\n}\n');
    await published;
    const cleared = client.diagnosticsFor(uri, (d) => d.length === 0);
    await client.close(uri);
    expect(await cleared).toEqual([]);
  });
});

describe('code actions', () => {
  it('offer the fixes a diagnostic carries: insert `flatten`', async () => {
    const uri = fileUri(path.join(dir, 'flatten.nnet'));
    const { text, position } = await client.openMarked(
      uri,
      'model M {\n  input image: [28, 28]\n  <|>dense(10)\n}\n',
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: client.published.get(uri) ?? [] },
    });
    const insert = actions.find((a) => a.title.includes('flatten'));
    expect(insert?.kind).toBe('quickfix');
    expect(insert?.diagnostics?.[0].code).toBe('NN3002');
    const edits = insert!.edit!.changes![uri];
    expect(edits).toEqual([{ range: { start: position, end: position }, newText: 'flatten -> ' }]);
    expect(text).toContain('dense(10)');
  });

  it('offer "replace with the suggestion" for did-you-mean diagnostics', async () => {
    const uri = fileUri(path.join(dir, 'typo.nnet'));
    const { positions } = await client.openMarked(
      uri,
      'model M {\n  input x: [4]\n  <|>dens<|>(3)\n}\ntrain M {\n  data = xor\n  loss = <|>mse2<|>\n}\n',
    );
    const at = async (start: number) =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: positions[start], end: positions[start] },
        context: { diagnostics: [] },
      });
    const layerFix = (await at(0)).find((a) => a.title.includes('dense'));
    expect(layerFix?.isPreferred).toBe(true);
    expect(layerFix?.edit?.changes?.[uri]).toEqual([
      { range: { start: positions[0], end: positions[1] }, newText: 'dense' },
    ]);
    const lossFix = (await at(2)).find((a) => a.title.startsWith('Replace'));
    expect(lossFix?.edit?.changes?.[uri]?.[0].newText).toBe('mse');
  });

  it('offer one fix each for Keras and PyTorch habits: names, module prefixes, single quotes', async () => {
    const uri = fileUri(path.join(dir, 'habits.nnet'));
    const { positions } = await client.openMarked(
      uri,
      "model M {\n  input x: [4]\n  <|>nn.<|>Linear(3, activation = <|>'relu'<|>)\n}\n",
    );
    const at = async (start: number) =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: positions[start], end: positions[start] },
        context: { diagnostics: [] },
      });
    const prefix = await at(0);
    expect(prefix.map((a) => a.title)).toEqual(['Remove nn.']);
    expect(prefix[0].edit?.changes?.[uri]).toEqual([
      { range: { start: positions[0], end: positions[1] }, newText: '' },
    ]);
    // At `Linear` (touching `nn.` too): one action to `dense` (the carried fix, no duplicate "did you mean" action).
    const layer = await at(1);
    const toDense = layer.filter((a) => a.title.includes('dense'));
    expect(toDense.map((a) => a.title)).toEqual(['Replace with dense']);
    expect(toDense[0].diagnostics?.[0].code).toBe('NN2030');
    const quotes = await at(2);
    expect(quotes.map((a) => a.title)).toEqual(['Write "relu"']);
    expect(quotes[0].edit?.changes?.[uri]).toEqual([
      { range: { start: positions[2], end: positions[3] }, newText: '"relu"' },
    ]);
  });

  it('offer nothing where there is no diagnostic', async () => {
    const uri = fileUri(path.join(dir, 'clean.nnet'));
    const { position } = await client.openMarked(
      uri,
      'model M {\n  input x: [4]\n  <|>dense(3)\n}\n',
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    expect(actions).toEqual([]);
  });
});
