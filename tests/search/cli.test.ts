// `nnc search` refuses clearly: a file without a search, an unknown search name, a bad worker
// count, and a search with errors (reported by the checker, nothing run).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../../packages/compiler/test/run-nnc.js';

const base = `model Net(width = 8) {
  input x: [2]
  dense(width, relu)
  dense(3, softmax)
}

train Net {
  data = spiral(points = 20, classes = 3)
  loss = cross_entropy
  epochs = 1
  split = [0.5, 0.5]
  metrics = [accuracy]
}
`;

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-search-cli-'));
  fs.writeFileSync(path.join(dir, 'net.nnet'), text);
  return dir;
}

describe('nnc search refuses', () => {
  it('a file without a search, with an example to add', async () => {
    const { code, stderr } = await runNnc(file(base), 'search', 'net.nnet');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'has no search; add e.g. `search Tune over Net { width in [32, 64] }`',
    );
  });

  it('an unknown search name, listing the searches', async () => {
    const dir = file(base + '\nsearch Tune over Net {\n  width in [4, 8]\n}\n');
    const { code, stderr } = await runNnc(dir, 'search', 'net.nnet', '--search', 'Tuen');
    expect(code).toBe(2);
    expect(stderr).toContain('no search named "Tuen"; the searches are: Tune');
  });

  it('a worker count that is not a whole number of at least 1', async () => {
    const dir = file(base + '\nsearch Tune over Net {\n  width in [4, 8]\n}\n');
    const { code, stderr } = await runNnc(dir, 'search', 'net.nnet', '--workers', '0');
    expect(code).toBe(2);
    expect(stderr).toContain('--workers expects a whole number of at least 1, found "0"');
  });

  it('a search with errors: the diagnostics, and no trial', async () => {
    const dir = file(base + '\nsearch Tune over Net {\n  widht in [4, 8]\n}\n');
    const { code, stderr, stdout } = await runNnc(dir, 'search', 'net.nnet');
    expect(code).toBe(1);
    expect(stderr).toContain('NN4103 `widht` is not a parameter of model `Net`');
    expect(stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
