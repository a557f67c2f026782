// "Train This Run": the runs a file declares (named with `as`, or after their model), the one under
// the cursor first, and the shell command that trains one, quoted for the shell.

import { describe, expect, it } from 'vitest';
import { runsByCursor, shellQuote, trainCommand, trainRuns } from '../src/runs.js';

const text = `model Xor {
  input x: [2]
  dense(2, relu)
  dense(1, sigmoid)
}

train Xor {
  data = xor
  loss = binary_cross_entropy
  optimizer = sgd(lr = 0.5)
}

/// The same with Adam.
train Xor as adam_run {
  data = xor
  loss = binary_cross_entropy
  optimizer = adam
}
`;

describe('trainRuns', () => {
  it('lists each run with its name, model and line', () => {
    expect(
      trainRuns('/w/xor.nnet', text).map(({ name, model, line }) => ({ name, model, line })),
    ).toEqual([
      { name: 'Xor', model: 'Xor', line: 6 },
      { name: 'adam_run', model: 'Xor', line: 13 },
    ]);
  });

  it('still lists the runs of a file with a syntax error', () => {
    const broken = text.replace('dense(2, relu)', 'dense(2, relu');
    expect(trainRuns('/w/xor.nnet', broken).map((r) => r.name)).toEqual(['Xor', 'adam_run']);
  });

  it('lists none in a file without runs', () => {
    expect(trainRuns('/w/m.nnet', 'model M {\n  input x: [1]\n  dense(1)\n}\n')).toEqual([]);
  });

  it('puts the run under the cursor first', () => {
    const runs = trainRuns('/w/xor.nnet', text);
    expect(runsByCursor(runs, text.indexOf('optimizer = adam')).map((r) => r.name)).toEqual([
      'adam_run',
      'Xor',
    ]);
    expect(runsByCursor(runs, text.indexOf('dense(2')).map((r) => r.name)).toEqual([
      'Xor',
      'adam_run',
    ]);
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
