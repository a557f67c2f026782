// The budgets of docs/limits.md, each with the hostile file that provoked it (issue 16): special
// files, oversized sources, 100,000 diagnostics, a 200 KB line of garbage, huge layers in every
// command. Each asserts the diagnostic's code and text and the exit code.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkFile,
  defaultLimits,
  limitsFromEnvironment,
  renderDiagnostics,
  type CompilerHost,
} from '@nnet/compiler';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(folder, name), text);
  return name;
};
const nnc = (...args: string[]) => runNnc(folder, ...args);
const virtual = (text: string): CompilerHost => ({
  readFile: (file) => (file.endsWith('main.nnet') ? text : undefined),
});

describe('special files', () => {
  it('`nnc check /dev/zero` is refused at once, exit 2', async () => {
    const run = await nnc('check', '/dev/zero');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error NN5002 `/dev/zero` is a character device, not a regular file; only regular files are read',
    );
  });

  it('importing a FIFO is refused without opening it (opening would block)', async () => {
    execFileSync('mkfifo', [path.join(folder, 'pipe.nnet')]);
    write('imports-fifo.nnet', 'import "pipe.nnet"\nmodel M {\n  input x: [2]\n  dense(1)\n}\n');
    const run = await nnc('check', 'imports-fifo.nnet');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'imports-fifo.nnet:1:8 error NN5002 `pipe.nnet` is a named pipe (FIFO), not a regular file',
    );
  });

  it('importing a folder says so', async () => {
    write('imports-folder.nnet', 'import "/tmp"\n');
    const run = await nnc('check', 'imports-folder.nnet');
    expect(run.stderr).toContain('error NN5002 `/tmp` is a folder, not a regular file');
  });
});

describe('source size', () => {
  it('a file over the limit is NN5001 with its size, before it is read', () => {
    const file = path.join(folder, write('big.nnet', '// padding\n'.repeat(2000)));
    const result = checkFile(file, { limits: { ...defaultLimits, maxSourceBytes: 10_000 } });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NN5001', `\`${file}\` is 21.5 KB, more than the 9.8 KB a .nnet file may have`],
    ]);
    expect(result.diagnostics[0].help).toContain('NNET_MAX_SOURCE_BYTES');
  });

  it('an open editor buffer over the limit is refused the same way', () => {
    const result = checkFile('/virtual/main.nnet', {
      host: virtual('x'.repeat(5000)),
      limits: { ...defaultLimits, maxSourceBytes: 1000 },
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NN5001']);
  });

  it('env vars raise the limits; anything but a positive integer is ignored', () => {
    const limits = limitsFromEnvironment({
      NNET_MAX_EXPANSION: '500000',
      NNET_MAX_DIAGNOSTICS: 'lots',
      NNET_MAX_NESTING: '-3',
    });
    expect(limits.maxExpansion).toBe(500_000);
    expect(limits.maxDiagnostics).toBe(defaultLimits.maxDiagnostics);
    expect(limits.maxNesting).toBe(defaultLimits.maxNesting);
  });
});

describe('diagnostics per file', () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `  zz${i}(1)`);
  const text = `model M {\n  input x: [4]\n${lines.join('\n')}\n}\n`;

  it('3,000 errors: the first N are kept, then one "… and N more"', () => {
    const result = checkFile('/virtual/main.nnet', {
      host: virtual(text),
      limits: { ...defaultLimits, maxDiagnostics: 50 },
    });
    expect(result.diagnostics).toHaveLength(51);
    const last = result.diagnostics[50];
    expect(last.code).toBe('NN5008');
    expect(last.message).toBe('… and 2,950 more in this file (only the first 50 are shown)');
  });

  it('100,000 statements with an error each: 1,000 kept, the budget that stopped the check shown', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `  zz${i}(1)`);
    const result = checkFile('/virtual/main.nnet', {
      host: virtual(`model M {\n  input x: [4]\n${many.join('\n')}\n}\n`),
    });
    expect(result.diagnostics).toHaveLength(1002);
    // The expansion budget's NN5003 is kept past the limit: it says why checking stopped.
    expect(result.diagnostics.slice(-2).map((d) => [d.code, d.message])).toEqual([
      ['NN5003', 'this program expands to more than the 50,000 steps a program may expand to'],
      ['NN5008', '… and 48,999 more in this file (only the first 1,000 are shown)'],
    ]);
  });

  it.each([
    [100_000, '99,000'],
    [200_000, '199,000'],
  ])('a line of %i invalid characters: bounded output, no "no such file"', async (count, more) => {
    write('garbage.nnet', '§'.repeat(count) + '\n');
    const run = await nnc('check', 'garbage.nnet');
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('no such file');
    expect(run.stderr).not.toContain('NN9001');
    expect(run.stderr).toContain(`info NN5008 … and ${more} more in this file`);
    // Every printed line is short: caret lines are not padded to column 200,000.
    const longest = Math.max(...run.stderr.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(300);
  });

  it('a caret far along a long line points at the right character', () => {
    const text = 'const a = 1\n' + 'x'.repeat(5000) + ' § y\n';
    const result = checkFile('/virtual/main.nnet', { host: virtual(text) });
    const invalid = result.diagnostics.find((d) => d.code === 'NN1004')!;
    const rendered = renderDiagnostics([invalid], result.sources).split('\n');
    const shown = rendered[2].slice(rendered[2].indexOf('| ') + 2);
    const caret = rendered[3].slice(rendered[3].indexOf('| ') + 2);
    expect(shown[caret.indexOf('^')]).toBe('§');
  });
});

describe('sizes that cannot be allocated', () => {
  const huge = 'model Huge {\n  input x: [4]\n  dense(2000000000)\n}\n';
  const trainHuge = `${huge}\ntrain Huge {\n  data = xor()\n  loss = mse\n  optimizer = sgd(0.1)\n  epochs = 1\n}\n`;

  it.each([
    ['check', []],
    ['summary', []],
    ['compile', ['--target', 'onnx', '-o', 'huge.onnx']],
    ['compile', ['--target', 'js', '-o', 'huge.js']],
  ])('nnc %s refuses dense(2000000000) with the figure, exit 1', async (command, extra) => {
    write('huge.nnet', huge);
    const run = await nnc(command, 'huge.nnet', ...extra);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'huge.nnet:3:3 error NN5006 `dense` outputs [2000000000], 2,000,000,000 elements (7.5 GB per sample)',
    );
    expect(fs.existsSync(path.join(folder, 'huge.onnx'))).toBe(false);
  });

  it('nnc train refuses it before allocating anything, exit 1', async () => {
    write('train-huge.nnet', trainHuge);
    const run = await nnc('train', 'train-huge.nnet');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error NN5006 `dense` outputs [2000000000]');
    expect(run.stdout).not.toContain('epoch');
  });

  it('dense(1e308) is a diagnostic, never "Infinity" in a summary', async () => {
    write('inf.nnet', 'model M {\n  input x: [4]\n  dense(1e308)\n}\n');
    const run = await nnc('summary', 'inf.nnet');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('about 1.0e+308 elements (more than 10^308 bytes per sample)');
    expect(run.stdout + run.stderr).not.toMatch(/Infinity|NaN|undefined/);
  });
});

describe('formatting a huge list', () => {
  it('a 100,000-item list is formatted (linear fill), every line within 100 columns', async () => {
    const { formatText } = await import('@nnet/compiler');
    const items = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
    const once = formatText('/virtual/list.nnet', `const a = [${items}]\n`).value!;
    const lines = once.split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(once.match(/\d+/g)!.length).toBe(100_000);
    expect(formatText('/virtual/list.nnet', once).value).toBe(once);
  });
});

describe('large but allowed programs', () => {
  it('a summary of 130,000 layers (limit raised) renders, no stack overflow', async () => {
    const { summarize, renderSummaryText, builtinCatalogue } = await import('@nnet/compiler');
    const steps = Array.from({ length: 13 }, () => 'dense(4)').join(' -> ');
    const text = `model M {\n  input x: [4]\n  repeat 10000 {\n    ${steps}\n  }\n}\n`;
    const result = checkFile('/virtual/main.nnet', {
      host: virtual(text),
      limits: { ...defaultLimits, maxExpansion: 200_000 },
    });
    expect(result.diagnostics).toEqual([]);
    const model = result.checked!.models[0];
    expect(model.nodes).toHaveLength(130_000);
    const summary = renderSummaryText(summarize(model, builtinCatalogue(), 'keras', []));
    expect(summary).toContain('Total params: 2,600,000 (trainable 2,600,000, non-trainable 0)');
  });

  it('a literal row of 300,000 weights is checked, no stack overflow', () => {
    const zeros = Array.from({ length: 300_000 }, () => '0').join(', ');
    const text = `model M {\n  input x: [1]\n  dense(300000) with { bias = [[${zeros}]] }\n}\n`;
    const result = checkFile('/virtual/main.nnet', { host: virtual(text) });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NN3010', '`bias` of `dense` must have shape [300000], found [1, 300000]'],
    ]);
  });
});

describe('empty repeats', () => {
  it('10,000 rounds of 10,000 empty rounds are counted, not run (found by the fuzzer)', () => {
    const text = 'model M {\n  input x: [2]\n  repeat 10000 {\n    repeat 10000 {\n    }\n  }\n}\n';
    const result = checkFile('/virtual/main.nnet', { host: virtual(text) });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'NN5003',
        '`repeat 10000` expands to 100,000,000 steps, more than the 50,000 a program may expand to',
      ],
    ]);
  });
});
