// The Prettier plugin through Prettier's own API, loaded the way Prettier loads it (the built
// dist/prettier-plugin.js, so `tsc -b` first): same output as `nnc fmt`, and a syntax error is
// reported, not formatted.

import * as path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/format/index.js';

const plugin = path.resolve(import.meta.dirname, '../../dist/prettier-plugin.js');
const text = 'model M{input x:[2]\n  dense( 1,relu )    // one unit\n}';

describe('the Prettier plugin', () => {
  it('formats .nnet text exactly like the formatter', async () => {
    const output = await prettier.format(text, { parser: 'nnet', plugins: [plugin] });
    expect(output).toBe(formatText('a.nnet', text).value);
    expect(output).toBe('model M {\n  input x: [2]\n  dense(1, relu) // one unit\n}\n');
  });

  it('is chosen for files ending in .nnet', async () => {
    const output = await prettier.format(text, { filepath: 'models/m.nnet', plugins: [plugin] });
    expect(output).toBe(formatText('a.nnet', text).value);
    const info = await prettier.getSupportInfo({ plugins: [plugin] });
    expect(info.languages.find((l) => l.name === 'nnet')?.extensions).toEqual(['.nnet']);
  });

  it('rejects a file with a syntax error, at the error', async () => {
    const broken = 'model M {\n  dense(1 relu\n}\n';
    const error = await prettier.format(broken, { parser: 'nnet', plugins: [plugin] }).then(
      () => undefined,
      (e: Error & { loc?: unknown }) => e,
    );
    expect(error?.message).toMatch(/^NN1001 expected/);
    expect(error?.loc).toEqual({ start: { line: 2, column: 11 }, end: { line: 2, column: 15 } });
  });
});
