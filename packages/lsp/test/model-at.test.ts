// `nnet/modelAt`, which the VS Code status bar and commands ask: the model under the cursor (a
// train run counts its model) with its totals from the server's check of the unsaved text, in
// either convention, and the models a file declares.

import * as fs from 'node:fs';
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

interface Answer {
  models: string[];
  found: {
    model: string;
    totals: { total: number; trainable: number; nonTrainable: number };
    complete: boolean;
    viaTrainRun: boolean;
    convention: string;
  } | null;
}

const read = (name: string) => fs.readFileSync(path.join(examplesDir, name), 'utf8');
const ask = (uri: string, text: string, marker: string | number, convention?: string) =>
  client.request<Answer>('nnet/modelAt', {
    uri,
    offset: typeof marker === 'number' ? marker : text.indexOf(marker),
    ...(convention ? { convention } : {}),
  });

describe('nnet/modelAt', () => {
  it('counts the exercise model, and the model a train run trains', async () => {
    const uri = fileUri(path.join(examplesDir, 'exercise.nnet'));
    const text = read('exercise.nnet');
    await client.open(uri, text);
    expect((await ask(uri, text, 'repeat 3')).found).toMatchObject({
      model: 'Exercise',
      complete: true,
      viaTrainRun: false,
      totals: { total: 181_310, trainable: 181_310, nonTrainable: 0 },
    });
    expect((await ask(uri, text, 'optimizer = sgd')).found).toMatchObject({
      model: 'Exercise',
      viaTrainRun: true,
    });
    // Outside every declaration a file with one model answers with it.
    expect((await ask(uri, text, 0)).found?.model).toBe('Exercise');
  });

  it('follows the convention: batchnorm statistics count under Keras, not under PyTorch', async () => {
    const uri = fileUri(path.join(examplesDir, 'batchnorm-dropout.nnet'));
    const text = read('batchnorm-dropout.nnet');
    await client.open(uri, text);
    expect((await ask(uri, text, 'flatten', 'keras')).found?.totals).toEqual({
      total: 236_682,
      trainable: 235_914,
      nonTrainable: 768,
    });
    expect((await ask(uri, text, 'flatten', 'torch')).found?.totals.total).toBe(235_914);
  });

  it('picks the model around the cursor in a file with several, and none between them', async () => {
    const uri = fileUri(path.join(examplesDir, 'residual.nnet'));
    const text = read('residual.nnet');
    await client.open(uri, text);
    const between = await ask(uri, text, '/// Two branches');
    expect(between.models).toEqual(['Deep', 'TwoBranch']);
    expect(between.found).toBeNull();
    expect((await ask(uri, text, 'merged = concat')).found?.totals.total).toBe(4_235);
    expect((await ask(uri, text, 'repeat 4 {')).found?.totals.total).toBe(33_930);
  });

  it('reads the unsaved text, and marks a model with errors as counted so far', async () => {
    const uri = fileUri(path.join(examplesDir, 'unsaved-broken.nnet'));
    const text = 'model Broken {\n  input x: [4]\n  dense(8)\n  dense(oops)\n}\n';
    await client.open(uri, text);
    expect((await ask(uri, text, 'dense(8)')).found).toMatchObject({
      model: 'Broken',
      complete: false,
      totals: { total: 40 },
    });
  });
});
