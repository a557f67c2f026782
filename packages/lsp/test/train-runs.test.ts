// `nnet/trainRuns`, which VS Code's "Train This Run" picker asks: the runs a file declares (named
// with `as`, or after their model) with their lines, the one under the cursor first, read from the
// unsaved text — a file with a syntax error still lists the runs the parser recovered.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, fileUri, TestClient } from './client.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(async () => {
  await client.stop();
});

const text = `model Xor {
  input x: [2]
  dense(2, relu)
  dense(1, sigmoid)
}

train Xor {
  data = xor
  loss = binary_cross_entropy
  optimizer = sgd(lr = 0.5)
}

/// The same with Adam.
train Xor as adam_run {
  data = xor
  loss = binary_cross_entropy
  optimizer = adam
}
`;

interface Answer {
  runs: { name: string; model: string; line: number; start: number; end: number }[];
}

const ask = (uri: string, offset: number) =>
  client.request<Answer>('nnet/trainRuns', { uri, offset });
const names = (answer: Answer) => answer.runs.map((run) => run.name);

describe('nnet/trainRuns', () => {
  it('lists each run with its name, model and line, the one under the cursor first', async () => {
    const uri = fileUri(path.join(examplesDir, 'unsaved-runs.nnet'));
    await client.open(uri, text);
    const answer = await ask(uri, text.indexOf('dense(2'));
    expect(answer.runs.map(({ name, model, line }) => ({ name, model, line }))).toEqual([
      { name: 'Xor', model: 'Xor', line: 6 },
      { name: 'adam_run', model: 'Xor', line: 13 },
    ]);
    expect(text.slice(answer.runs[1].start, answer.runs[1].start + 5)).toBe('train');
    expect(names(await ask(uri, text.indexOf('optimizer = adam')))).toEqual(['adam_run', 'Xor']);
  });

  it('still lists the runs of a file with a syntax error, and none in a file without', async () => {
    const uri = fileUri(path.join(examplesDir, 'unsaved-runs-broken.nnet'));
    await client.open(uri, text.replace('dense(2, relu)', 'dense(2, relu'));
    expect(names(await ask(uri, 0))).toEqual(['Xor', 'adam_run']);
    const none = fileUri(path.join(examplesDir, 'unsaved-no-runs.nnet'));
    await client.open(none, 'model M {\n  input x: [1]\n  dense(1)\n}\n');
    expect((await ask(none, 0)).runs).toEqual([]);
  });

  it('answers null for a document the server does not know', async () => {
    expect(await ask(fileUri(path.join(examplesDir, 'never-opened.nnet')), 0)).toBeNull();
  });
});
