// The editor reads a train run's data files like `nnc check` does: a missing CSV (with the file it
// probably meant and a quick fix), a CSV whose columns do not fit the model's input, and how the
// columns become inputs; each follows the file on disk when the client reports a change.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './client.js';

let client: TestClient;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-lsp-data-'));
  fs.writeFileSync(path.join(dir, 'points.csv'), 'a,b,c,label\n1,2,3,0\n4,5,6,1\n');
  client = await TestClient.start(dir);
});
afterAll(async () => {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const model = (input: number, file: string) =>
  `model M {\n  input x: [${input}]\n  dense(1, sigmoid)\n}\n\n` +
  `train M {\n  data = csv("${file}", target = "label")\n  loss = binary_cross_entropy\n  optimizer = adam\n}\n`;

const codes = (d: Diagnostic[]) => d.map((x) => x.code);

describe('data files in the editor', () => {
  it('warn about a missing CSV, with the file it probably meant as a quick fix', async () => {
    const uri = fileUri(path.join(dir, 'missing.nnet'));
    const published = client.diagnosticsFor(uri, (d) => d.length > 0);
    const text = model(3, 'pionts.csv');
    await client.open(uri, text);
    const diagnostics = await published;
    expect(codes(diagnostics)).toEqual(['NN4153']);
    expect(diagnostics[0].message).toContain('did you mean `points.csv`?');
    const line = text.split('\n').findIndex((l) => l.includes('pionts.csv'));
    expect(diagnostics[0].range.start.line).toBe(line);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const edits = actions.flatMap((a) => a.edit?.changes?.[uri] ?? []);
    expect(edits.map((e) => e.newText)).toContain('"points.csv"');
  });

  it('flag columns that do not fit the input, and follow the file when it changes on disk', async () => {
    const uri = fileUri(path.join(dir, 'columns.nnet'));
    const published = client.diagnosticsFor(uri, (d) => d.length > 0);
    await client.open(uri, model(2, 'points.csv'));
    const mismatch = await published;
    expect(codes(mismatch)).toEqual(['NN4152']);
    expect(mismatch[0].message).toContain('3 inputs');

    // One column fewer on disk: the same model now fits, and the columns are shown as inputs.
    fs.writeFileSync(path.join(dir, 'points.csv'), 'a,b,label\n1,2,0\n4,5,1\n');
    const fits = client.diagnosticsFor(uri, (d) => codes(d).includes('NN4151'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: fileUri(path.join(dir, 'points.csv')), type: 2 }],
    });
    const after = await fits;
    expect(codes(after)).toEqual(['NN4151']);
    expect(after[0].message).toContain('gives 2 inputs to `x`');
  });
});
