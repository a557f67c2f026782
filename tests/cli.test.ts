// The `nnc` command end to end through its `main` (same code as the bin): exit codes, output
// formats, and clear messages for bad usage.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const nnc = (...args: string[]) => runNnc(repoRoot, ...args);

describe('nnc', () => {
  it('summary prints the exercise total the course asks for', async () => {
    const { code, stdout } = await nnc('summary', 'examples/exercise.nnet');
    expect(code).toBe(0);
    expect(stdout).toContain('Total params: 181,310 (trainable 181,310, non-trainable 0)');
    expect(stdout).toMatch(/dense_3 \(dense\)\s+\[10\]\s+1,010/);
  });

  it('summary --format json follows the documented shape', async () => {
    const { code, stdout } = await nnc('summary', 'examples/mnist-cnn.nnet', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'model',
        'inputs',
        'outputs',
        'layers',
        'total',
        'trainable',
        'nonTrainable',
        'flops',
      ]),
    );
    expect(json.total).toBe(1_199_882);
    expect(json.layers[0]).toEqual(
      expect.objectContaining({
        kind: 'conv2d',
        outputShape: [26, 26, 32],
        params: 320,
        trainable: 320,
      }),
    );
    expect(json.layers.reduce((sum: number, l: { params: number }) => sum + l.params, 0)).toBe(
      json.total,
    );
  });

  it('summary --convention torch counts what PyTorch counts and says both', async () => {
    const keras = await nnc('summary', 'examples/batchnorm-dropout.nnet', '--format', 'json');
    const torch = await nnc(
      'summary',
      'examples/batchnorm-dropout.nnet',
      '--format',
      'json',
      '--convention',
      'torch',
    );
    const k = JSON.parse(keras.stdout);
    const t = JSON.parse(torch.stdout);
    expect(k.nonTrainable).toBeGreaterThan(0);
    expect(t.nonTrainable).toBe(0);
    expect(t.total).toBe(k.total - k.nonTrainable);
    const text = await nnc('summary', 'examples/batchnorm-dropout.nnet');
    expect(text.stdout).toMatch(/PyTorch counts [\d,]+/);
  });

  it('summary --format markdown prints a table', async () => {
    const { stdout } = await nnc('summary', 'examples/lenet5.nnet', '--format', 'markdown');
    expect(stdout).toContain('| Layer | Kind | Output shape | Params | Inputs |');
    expect(stdout).toContain('**Total params: 61,706**');
  });

  it('check exits 1 with file:line:col, code, caret and help', async () => {
    const { code, stderr } = await nnc(
      'check',
      'tests/cases/errors/NN3002-dense-needs-flatten.nnet',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('tests/cases/errors/NN3002-dense-needs-flatten.nnet:4:3 error NN3002');
    expect(stderr).toContain('^^^^^');
    expect(stderr).toContain('help: insert `flatten` before it');
  });

  it('check exits 0 on clean files and checks several at once', async () => {
    const { code, stderr } = await nnc(
      'check',
      'examples/xor-by-hand.nnet',
      'examples/spiral.nnet',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('examples/spiral.nnet: 0 errors, 0 warnings');
  });

  it('a missing file is a usage error, not a stack trace', async () => {
    const { code, stderr } = await nnc('check', 'no/such/file.nnet');
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read no/such/file.nnet');
    expect(stderr).not.toMatch(/\bat \w+ \(/);
  });

  it('an unknown model name lists the models there are', async () => {
    const { code, stderr } = await nnc('summary', 'examples/residual.nnet', '--model', 'Nope');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no model named "Nope".*its models are: \w+/);
  });

  it('bad options are usage errors with a pointer to --help', async () => {
    const { code, stderr } = await nnc('summary', 'examples/exercise.nnet', '--format', 'xml');
    expect(code).toBe(2);
    expect(stderr).toContain("'xml' is invalid");
  });

  it('--help and --version answer', async () => {
    const help = await nnc('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('summary');
    const version = await nnc('--version');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--dump ir shows the IR after the fusion passes', async () => {
    const { stdout } = await nnc('check', 'examples/mnist-mlp.nnet', '--dump', 'ir');
    expect(stdout).toContain('passes: lower, fuse-loss, merge-dense');
    expect(stdout).toMatch(/= dense\(%\d+\) \[dense\/weights, dense\/bias\] \{activation=relu/);
    expect(stdout).toContain('loss cross_entropy(%');
    expect(stdout).toContain('fused with softmax');
    expect(stdout).toContain('passes: lower, fuse-loss, dead-values, merge-dense');
    expect(stdout).toMatch(/evaluation reads the loss from %\d+/);
  });

  it('compile --dump ir --target onnx prints the IR and what ONNX refuses in it (exit 1)', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-dump-'));
    const file = path.join(folder, 'refused.nnet');
    fs.writeFileSync(file, 'model R {\n  input x: [2, 4]\n  batchnorm(axis = 0)\n}\n');
    const onnx = await nnc('compile', file, '--dump', 'ir', '--target', 'onnx');
    expect(onnx.code).toBe(1);
    expect(onnx.stdout).toMatch(/= batch_normalization\(%0\) \[batchnorm\/gamma/);
    expect(onnx.stderr).toContain(
      'error NN4009 `batchnorm` (layer `batchnorm`) cannot be compiled to ONNX',
    );
    // PyTorch's BatchNorm takes any dim: the same IR, nothing refused.
    const pytorch = await nnc('compile', file, '--dump', 'ir', '--target', 'pytorch');
    expect(pytorch.code).toBe(0);
    expect(pytorch.stdout).toBe(onnx.stdout);
    expect(pytorch.stderr).toBe('');
    fs.rmSync(folder, { recursive: true });
  });

  it('--dump graph shows every layer with its shape', async () => {
    const { stdout } = await nnc(
      'check',
      path.join('examples', 'xor-by-hand.nnet'),
      '--dump',
      'graph',
    );
    expect(stdout).toContain('model XorByHand');
    expect(stdout).toMatch(/= dense\(%0; .*-> \[2\]/);
  });
});
