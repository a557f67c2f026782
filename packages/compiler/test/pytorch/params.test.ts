// Parameter conventions: every model of examples/ and tests/architectures/ that the PyTorch target
// exports has, as an nn.Module, exactly the parameters `nnc summary --convention torch` counts;
// the ones it cannot export are the expected ones, reported as NN4009 at the layer.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile, summarize } from '../../src/index.js';
import { compileModelToPytorch } from '../../src/targets/pytorch/index.js';
import {
  repoRoot,
  runDriver,
  tempDir,
  torchAvailable,
  writePackage,
  type DriverResult,
} from './helpers.js';

const files = ['examples', 'tests/architectures'].flatMap((folder) =>
  fs
    .readdirSync(path.join(repoRoot, folder))
    .filter((name) => name.endsWith('.nnet'))
    .map((name) => path.join(repoRoot, folder, name)),
);

/** Models the target refuses, with the layer the diagnostic names. */
const unexportable: Record<string, string> = {
  // train.py trains one input and a class per sample; the graph run packs two inputs per sample.
  KarateGcn: 'train run `KarateGcn`',
  GruModels: '`gru` (layer `b`)',
};

const dir = tempDir('nnet-pytorch-params-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Exported {
  model: string;
  torchCount: number;
  folder: string;
}

const exported: Exported[] = [];
const refused: { model: string; message: string; code: string }[] = [];
for (const file of files) {
  const result = checkFile(file);
  if (!result.checked) continue;
  for (const graph of result.checked.models.filter((m) => m.location.file === file)) {
    const run = result.checked.runs.find((r) => r.model === graph.name && r.file === file);
    const compiled = compileModelToPytorch(graph, run, result.sources, builtinCatalogue());
    if (!compiled.value) {
      for (const d of compiled.diagnostics)
        refused.push({ model: graph.name, message: d.message, code: d.code });
      continue;
    }
    const folder = writePackage(
      { ...compiled.value, packageName: `${compiled.value.packageName}_${exported.length}` },
      dir,
    );
    exported.push({
      model: graph.name,
      torchCount: summarize(graph, builtinCatalogue(), 'torch').totals.total,
      folder,
    });
  }
}

describe('which models the PyTorch target exports', () => {
  it('exports every example and architecture but the expected ones, which get NN4009 naming the layer', () => {
    expect(exported.length).toBeGreaterThan(15);
    expect(refused.map((r) => r.code)).toEqual(Object.keys(unexportable).map(() => 'NN4009'));
    for (const { model, message } of refused)
      expect(message).toContain(`${unexportable[model]} cannot be compiled to PyTorch`);
  });
});

describe.skipIf(!torchAvailable)('parameter counts', () => {
  let results: DriverResult[] = [];
  // One Python process imports torch and builds every exported model: seconds on a shared machine.
  beforeAll(() => {
    results = runDriver(
      exported.map((e) => ({ action: 'count', folder: e.folder })),
      dir,
    );
  }, 120_000);

  it.each(exported.map((e, index) => [e.model, index] as const))(
    '%s has the parameters of `nnc summary --convention torch`',
    (_model, index) => {
      expect(results[index].error).toBeUndefined();
      expect(results[index].params).toBe(exported[index].torchCount);
    },
  );
});
