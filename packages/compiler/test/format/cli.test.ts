// `nnc fmt` end to end through the CLI's `main`: --check lists what would change and exits 1 without
// touching anything; without it, files are rewritten only when they change; broken files are
// reported like `nnc check` reports them and left alone.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNnc } from '../run-nnc.js';

const formatted = 'model M {\n  input x: [2]\n  dense(1, relu) // one unit\n}\n';
const unformatted = 'model M{input x:[2]\n  dense( 1,relu )    // one unit\n}';
const broken = 'model M {\n  dense(1 relu\n}\n';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-fmt-'));
  fs.writeFileSync(path.join(dir, 'formatted.nnet'), formatted);
  fs.writeFileSync(path.join(dir, 'unformatted.nnet'), unformatted);
  fs.writeFileSync(path.join(dir, 'broken.nnet'), broken);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const nnc = (...args: string[]) => runNnc(dir, ...args);

const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('nnc fmt --check', () => {
  it('exits 0 on a formatted file', async () => {
    const { code, stdout, stderr } = await nnc('fmt', '--check', 'formatted.nnet');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 1 and lists an unformatted file, changing nothing', async () => {
    const { code, stdout, stderr } = await nnc(
      'fmt',
      '--check',
      'formatted.nnet',
      'unformatted.nnet',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('unformatted.nnet\n');
    expect(stderr).toContain('1 file is not formatted');
    expect(read('unformatted.nnet')).toBe(unformatted);
  });

  it('exits 1 on a file with syntax errors, shown like `nnc check` shows them', async () => {
    const { code, stderr } = await nnc('fmt', '--check', 'broken.nnet');
    expect(code).toBe(1);
    expect(stderr).toContain('broken.nnet:2:11 error NN1001');
    expect(stderr).toContain('2 |   dense(1 relu');
  });
});

describe('nnc fmt', () => {
  it('rewrites a file that changes, leaves a formatted one alone, and lists what it rewrote', async () => {
    const before = fs.statSync(path.join(dir, 'formatted.nnet')).mtimeMs;
    const { code, stdout } = await nnc('fmt', 'formatted.nnet', 'unformatted.nnet');
    expect(code).toBe(0);
    expect(stdout).toBe('unformatted.nnet\n');
    expect(read('unformatted.nnet')).toBe(formatted);
    expect(fs.statSync(path.join(dir, 'formatted.nnet')).mtimeMs).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'broken.nnet',
      'formatted.nnet',
      'unformatted.nnet',
    ]);
    expect((await nnc('fmt', '--check', 'unformatted.nnet')).code).toBe(0);
  });

  it('reports a file with syntax errors, leaves it as it was and exits 1', async () => {
    const { code, stderr } = await nnc('fmt', 'broken.nnet', 'unformatted.nnet');
    expect(code).toBe(1);
    expect(stderr).toContain('error NN1001');
    expect(stderr).toContain('broken.nnet: 2 errors, 0 warnings; not formatted');
    expect(read('broken.nnet')).toBe(broken);
    expect(read('unformatted.nnet')).toBe(formatted);
  });

  it('formats the .nnet files of a folder', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'deep.nnet'), unformatted);
    fs.rmSync(path.join(dir, 'broken.nnet'));
    const { code, stdout } = await nnc('fmt', '.');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual([
      path.join('sub', 'deep.nnet'),
      'unformatted.nnet',
    ]);
    expect(read('sub/deep.nnet')).toBe(formatted);
  });

  it('exits 2 when a file cannot be read', async () => {
    const { code, stderr } = await nnc('fmt', 'missing.nnet');
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read missing.nnet');
  });
});
