// The Node server over stdio (bin/nnet-lsp.js) reads its input on a thread of its own: an edit
// that arrives while a long check runs interrupts it, so the stale check publishes nothing and
// the first diagnostics published are the new text's. (Before, the stale check ran to its end.)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './client.js';

let client: TestClient;
let dir: string;
let previousBudget: string | undefined;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-lsp-interrupt-'));
  // A budget far beyond the check's length: only the edit can stop it.
  previousBudget = process.env.NNET_LSP_CHECK_SECONDS;
  process.env.NNET_LSP_CHECK_SECONDS = '120';
  client = await TestClient.start(dir, { debounceMs: 0 });
}, 60_000);
afterAll(async () => {
  await client?.stop();
  if (previousBudget === undefined) delete process.env.NNET_LSP_CHECK_SECONDS;
  else process.env.NNET_LSP_CHECK_SECONDS = previousBudget;
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

// 40,000 layers: the stale check takes well over a second even on a quiet machine (4,000 once
// finished inside the 300 ms the test waits, and the test failed for the wrong reason).
const lines = Array.from({ length: 40_000 }, () => '  dense(8, relu)').join('\n');
const errorLines = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.range.start.line);

it('an edit during a long check interrupts it: only the new text gets diagnostics', async () => {
  // A warm server first (its parser built), so the long check starts as soon as the text arrives.
  const warm = fileUri(path.join(dir, 'warm.nnet'));
  const warmed = client.diagnosticsFor(warm, () => true, 60_000);
  await client.open(warm, 'model Warm {\n  input x: [2]\n  dense(0)\n}\n');
  await warmed;
  const uri = fileUri(path.join(dir, 'long.nnet'));
  const seen: number[][] = [];
  // The new text's one error is on line 2; the old text's on its last line (40,002).
  const published = client.diagnosticsFor(
    uri,
    (d) => {
      seen.push(errorLines(d));
      return errorLines(d).includes(2);
    },
    60_000,
  );
  await client.open(uri, `model Long {\n  input x: [8]\n${lines}\n  dense(0)\n}\n`);
  // The first check is under way (40,000 layers take seconds); the edit arrives in the middle.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await client.change(uri, `model Long {\n  input x: [8]\n  dense(0)\n  dense(8, relu)\n}\n`);
  await published;
  expect(seen).toEqual([[2]]);
}, 90_000);
