// A short fuzz run in every test run (`pnpm fuzz` runs longer): generated programs, token soups and
// mutated corpus files through parse, check, summary and format, with no exception, no internal
// error and no `undefined`/`NaN`/`Infinity` in any message or summary.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedProgram, mutatedCorpusFile, runInput, tokenSoup } from './fuzz-inputs.js';

const corpusDir = path.join(import.meta.dirname, 'corpus');
const corpusFiles = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.nnet'));

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

  // Inputs the fuzzer once found slow (empty repeats run 10^8 times, doubling blocks with a
  // misspelled name): each now stops at a budget, and the CLI answers in well under 2 s of CPU.
  it.each(corpusFiles)('regression corpus: %s', (file) => {
    const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    expect(runInput(text)).toEqual([]);
  });

  it('finds what it is looking for: a message with NaN is reported', () => {
    // The checker itself never says NaN; this guards the guard (a broken FORBIDDEN would pass all).
    expect(runInput('model M {\n  input x: [2]\n  dense(2)\n}\n')).toEqual([]);
    expect(runInput('model NaN {\n  input x: [2]\n  nope(1)\n}\n').length).toBeGreaterThan(0);
  });
});
