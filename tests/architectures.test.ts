// Parameter counts of classic architectures that are not among the examples, against totals
// published by Keras and PyTorch (not computed by this project).

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, summarize } from '@nnet/compiler';
import { repoRoot } from './golden.js';

const published: [file: string, keras: number, torch: number][] = [
  ['vgg16.nnet', 138_357_544, 138_357_544],
  ['keras-mnist-convnet.nnet', 34_826, 34_826],
  ['pytorch-cifar-net.nnet', 62_006, 62_006],
  ['keras-imdb-lstm.nnet', 2_609_473, 2_609_729],
  ['gru-reset-after.nnet', 4_800 + 4_704 + 65, 4_800 + 4_800 + 65],
];

describe('classic architectures', () => {
  it.each(published)('%s has %i parameters (Keras) and %i (PyTorch)', (file, keras, torch) => {
    const result = checkFile(path.join(repoRoot, 'tests/architectures', file));
    expect(result.diagnostics).toEqual([]);
    const model = result.checked!.models[0];
    expect(summarize(model, builtinCatalogue(), 'keras').totals.total).toBe(keras);
    expect(summarize(model, builtinCatalogue(), 'torch').totals.total).toBe(torch);
  });
});
