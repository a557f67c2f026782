// Diagnostics are never published for a text an edit has already replaced: an edit the host has
// counted (`receivedEdits`) but the server has not handled yet holds every check back until it is
// handled, so the race of a check that starts between the two publishes nothing stale. Driven
// in-process with the host's counters in the test's hands, so the interleaving is exact.

import { afterEach, expect, it } from 'vitest';
import { MemoryFileSystem } from '../src/browser.js';
import { startInProcess, stopInProcessServers } from './in-process.js';

afterEach(stopInProcessServers);

const uri = 'file:///project/edited.nnet';
/** Version n has its one error (`dense(0)`) on line n + 1. */
const text = (version: number) =>
  [
    'model M {',
    '  input x: [2]',
    ...Array.from({ length: version - 1 }, () => '  dense(2)'),
    '  dense(0)',
    '}',
    '',
  ].join('\n');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await pause(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('a check that starts after an edit was counted, before it was handled, publishes nothing stale', async () => {
  // The host's counters, as the stdin thread keeps them: bumped when a message arrives.
  let input = 0;
  let received = 0;
  // Set to count version 3's edit on the host's side at the next look, i.e. as version 2's check
  // begins: version 3 is on its way, and version 2's diagnostics would be stale.
  let countVersion3 = false;
  const arrive = () => {
    if (!countVersion3) return;
    countVersion3 = false;
    input++;
    received++;
  };
  const { client, published } = await startInProcess({
    fileSystem: new MemoryFileSystem(),
    debounceMs: 0,
    pendingInput: () => (arrive(), input),
    receivedEdits: () => (arrive(), received),
  });
  const lines = () =>
    published.map((p) => [p.version, ...p.diagnostics.map((d) => d.range.start.line)]);

  received++;
  input++;
  void client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'nnet', version: 1, text: text(1) },
  });
  await until(() => published.length === 1, "version 1's diagnostics");

  countVersion3 = true;
  received++;
  input++;
  void client.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: text(2) }],
  });
  await until(() => !countVersion3, 'version 2 to be handled and checked');
  // Long enough for version 2's check to finish and publish, had it gone on.
  await pause(150);
  void client.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ text: text(3) }],
  });
  await until(() => published.length >= 2, "version 3's diagnostics");
  await pause(100);
  // [version, error lines…]: version 2's error (line 3) is never shown.
  expect(lines()).toEqual([
    [1, 2],
    [3, 4],
  ]);
});

it('an edit the host counted but the server never sees holds checks back only for a while', async () => {
  const { client, published, events } = await startInProcess({
    fileSystem: new MemoryFileSystem(),
    debounceMs: 0,
    // One more edit than will ever arrive: a message lost on the way.
    receivedEdits: () => 2,
  });
  void client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'nnet', version: 1, text: text(1) },
  });
  await until(() => published.length === 1, "version 1's diagnostics");
  expect(published[0].diagnostics.map((d) => d.range.start.line)).toEqual([2]);
  // Held back while the count said an edit was coming, then checked all the same, saying why.
  expect(events).toEqual([
    expect.stringMatching(/^nnet-lsp: 1 edit counted by the host never arrived/),
    'diagnostics',
  ]);
});
