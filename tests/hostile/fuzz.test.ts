// A short fuzz run in every test run (`pnpm fuzz` runs longer): generated programs, token soups and
// mutated corpus files through parse, check, summary and format, with no exception, no internal
// error and no `undefined`/`NaN`/`Infinity` in any message or summary.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedProgram, mutatedCorpusFile, runInput, tokenSoup } from './fuzz-inputs.js';

const property = (arbitrary: fc.Arbitrary<string>) =>
  fc.property(arbitrary, (text) => {
    expect(runInput(text), text).toEqual([]);
  });

describe('fuzzing (brief; `pnpm fuzz --minutes N` for longer)', () => {
  // A fixed seed keeps the run reproducible; the time limit keeps it brief on a busy machine.
  it('generated catalogue programs with extreme arguments, repeats and blocks', () => {
    fc.assert(property(generatedProgram), {
      numRuns: 60,
      seed: 16,
      interruptAfterTimeLimit: 3000,
    });
  });

  it('token soups', () => {
    fc.assert(property(tokenSoup), { numRuns: 100, seed: 17, interruptAfterTimeLimit: 2000 });
  });

  it('mutations of every example and test case', () => {
    fc.assert(property(mutatedCorpusFile), {
      numRuns: 60,
      seed: 18,
      interruptAfterTimeLimit: 3000,
    });
  });

  it('finds what it is looking for: a message with NaN is reported', () => {
    // The checker itself never says NaN; this guards the guard (a broken FORBIDDEN would pass all).
    expect(runInput('model M {\n  input x: [2]\n  dense(2)\n}\n')).toEqual([]);
    expect(runInput('model NaN {\n  input x: [2]\n  nope(1)\n}\n').length).toBeGreaterThan(0);
  });
});
