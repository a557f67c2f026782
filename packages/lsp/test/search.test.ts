// The editor on a `search`: a code lens with its trials and the parameter range across the space,
// and hover on a searched key with its distribution.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { examplesDir, fileUri, TestClient } from './client.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.stop());

describe('search in the editor', () => {
  const uri = fileUri(path.join(examplesDir, 'hpo-spiral.nnet'));

  it('shows each search’s trials and parameter range in a code lens', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    expect(titles).toContain(
      '24 trials (random over a continuous space), 195–33,795 parameters, maximize val_accuracy, median pruning after 5 epochs · nnc search --search Course',
    );
    expect(titles.some((t) => t.startsWith('24 trials (grid), 195–17,283 parameters'))).toBe(true);
  });

  it('hovers a searched key with its distribution', async () => {
    // `  lr in loguniform(1e-4, 1e-1)` is line 39 (0-based 38) of the example.
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 38, character: 3 },
    });
    const text = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    expect(text).toContain('**lr** — searched: log-uniform on [0.0001, 0.1]');
    expect(text).toContain("an argument of the run's optimizer");
  });
});
