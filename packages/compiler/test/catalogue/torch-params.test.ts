// The catalogue's torch-convention parameter counts against PyTorch itself: the fixture
// tests/fixtures/torch-params.json is written by scripts/torch-param-fixtures.py (torch 1.13) and
// committed, so this test needs no Python.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Args, Shape } from '../../src/catalogue/index.js';
import { paramsOf } from './helpers.js';

interface TorchCase {
  id: string;
  layer: string;
  input: Shape;
  args: Args;
  torch: string;
  params: number;
}

const fixturePath = fileURLToPath(
  new URL('../../../../tests/fixtures/torch-params.json', import.meta.url),
);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
  torchVersion: string;
  cases: TorchCase[];
};

describe(`parameter counts match PyTorch ${fixture.torchVersion}`, () => {
  it('covers every layer kind the fixture script builds', () => {
    const layers = new Set(fixture.cases.map((entry) => entry.layer));
    for (const layer of [
      'dense',
      'conv1d',
      'conv2d',
      'batchnorm',
      'layernorm',
      'rmsnorm',
      'embedding',
      'rnn',
      'lstm',
      'gru',
      'attention',
      'prelu',
    ]) {
      expect(layers).toContain(layer);
    }
  });

  it.each(fixture.cases.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    expect(paramsOf(entry.layer, [entry.input], entry.args, 'torch').total, entry.torch).toBe(
      entry.params,
    );
  });
});
