// "Train This Run": the quick pick's items for the runs the language server lists (nnet/trainRuns,
// tested in packages/lsp/test/train-runs.test.ts), and the shell command that trains one, quoted.

import { describe, expect, it } from 'vitest';
import { runChoices, shellQuote, trainCommand } from '../src/runs.js';

describe('runChoices', () => {
  it("labels each run of the server's answer with its model and 1-based line, in its order", () => {
    const runs = [
      { name: 'adam_run', model: 'Xor', line: 13, start: 120, end: 200 },
      { name: 'Xor', model: 'Xor', line: 6, start: 40, end: 110 },
    ];
    expect(
      runChoices(runs).map(({ label, description, detail }) => ({ label, description, detail })),
    ).toEqual([
      { label: 'adam_run', description: 'trains Xor (as adam_run)', detail: 'line 14' },
      { label: 'Xor', description: 'trains Xor', detail: 'line 7' },
    ]);
    expect(runChoices(runs)[0].run).toBe(runs[0]);
  });
});

describe('trainCommand', () => {
  it('builds nnc train FILE --run NAME', () => {
    expect(trainCommand('npx nnc', 'examples/xor-train.nnet', 'adam_run')).toBe(
      'npx nnc train examples/xor-train.nnet --run adam_run',
    );
  });

  it('quotes paths with spaces and quotes', () => {
    expect(shellQuote('my nets/xor.nnet')).toBe(`'my nets/xor.nnet'`);
    expect(shellQuote(`it's.nnet`)).toBe(`'it'\\''s.nnet'`);
    expect(trainCommand('node bin/nnc.js', 'a b.nnet', 'Xor')).toBe(
      `node bin/nnc.js train 'a b.nnet' --run Xor`,
    );
  });
});
