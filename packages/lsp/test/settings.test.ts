// The server's settings end to end: `nnet.parameterConvention` changes the counts the code lens,
// inlay hints and hover show; `nnet.inlayHints.enabled = false` turns the hints off; both arrive as
// initializationOptions or through workspace/didChangeConfiguration.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { TestClient, examplesDir, fileUri } from './client.js';

const uri = fileUri(`${examplesDir}/settings-test.nnet`);
const text = 'model M {\n  input x: [10, 4]\n  lstm(8)\n  dense(1)\n}\n';
// lstm(8) on 4 features: Keras 4·8·(4 + 8 + 1) = 416; PyTorch adds a second bias: 448.

describe('settings', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start(examplesDir, { settings: { parameterConvention: 'torch' } });
    await client.openMarked(uri, text);
  });
  afterAll(() => client.stop());

  const lensTitle = async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    return lenses[0].command!.title;
  };
  const hints = () =>
    client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
  const label = (hint: InlayHint) =>
    typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');

  it('counts as PyTorch when initialized with parameterConvention = torch', async () => {
    expect(await lensTitle()).toMatch(/^457 params/);
    expect((await hints()).map(label).join(' ')).toContain('448 params');
  });

  it('switches to Keras and turns inlay hints off through didChangeConfiguration', async () => {
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { nnet: { parameterConvention: 'keras', inlayHints: { enabled: false } } },
    });
    expect(await lensTitle()).toMatch(/^425 params/);
    expect(await hints()).toEqual([]);
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { nnet: { inlayHints: { enabled: true } } },
    });
    expect((await hints()).map(label).join(' ')).toContain('416 params');
  });
});
