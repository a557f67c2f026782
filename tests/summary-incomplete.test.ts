// A model with errors: `nnc summary` still prints what it knows, but the total says "so far" and a
// line says the table is incomplete (text, Markdown and JSON), so a partial count never looks final.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-summary-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
};

const broken = 'model M {\n  input x: [4]\n  dense(3)\n  dense(0)\n  dense(2)\n}\n';
const clean = 'model M {\n  input x: [4]\n  dense(3)\n  dense(2)\n}\n';

describe('nnc summary of a model with errors', () => {
  it('says "so far" and incomplete in the text table', async () => {
    const { stdout } = await runNnc(dir, 'summary', write('broken.nnet', broken));
    expect(stdout).toContain('Total params so far: 15 ');
    expect(stdout).toContain('Incomplete: the model has errors');
  });

  it('marks the JSON incomplete', async () => {
    const file = write('broken-json.nnet', broken);
    const { stdout } = await runNnc(dir, 'summary', file, '--format', 'json');
    const json = JSON.parse(stdout);
    expect(json.complete).toBe(false);
    expect(json.total).toBe(15);
  });

  it('prints a plain total for a model without errors', async () => {
    const { stdout } = await runNnc(dir, 'summary', write('clean.nnet', clean));
    expect(stdout).toContain('Total params: 23 ');
    expect(stdout).not.toContain('so far');
    expect(stdout).not.toContain('Incomplete');
  });
});
