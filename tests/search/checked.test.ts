// A checked search as data: the trial count, the parameter-count range and the metric of each
// search of tests/cases/valid/search.nnet against a golden (`UPDATE_GOLDEN=1` rewrites it), the
// grid's size against a count by hand, and the formatter keeping a search as written.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '@nnet/compiler';
import { describeSearches } from '../../packages/compiler/src/search/describe.js';
import { formatText } from '../../packages/compiler/src/format/index.js';
import { expectGolden, repoRoot } from '../golden.js';

const file = path.join(repoRoot, 'tests/cases/valid/search.nnet');

describe('a checked search', () => {
  it('reports its trials, parameter range and metric (golden)', () => {
    const result = checkFile(file);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines = describeSearches(result.checked!.searches);
    expectGolden(
      path.join(repoRoot, 'tests/search/goldens/search.check.txt'),
      lines.join('\n') + '\n',
    );
  });

  it('counts the grid by hand: 3 widths × 3 depths × 2 × 2 activations × (2 sgd + adam)', () => {
    const grid = checkFile(file).checked!.searches.find((s) => s.name === 'Grid')!;
    expect(grid.trials).toBe(3 * 3 * 2 * 2 * 3);
    // Smallest: hidden 4, width 8, depth 1: (2·4+4) + (4·8+8) + (8·3+3) = 12 + 40 + 27 = 79.
    // Largest: hidden 8, width 32, depth 3: (2·8+8) + (8·32+32) + 2·(32·32+32) + (32·3+3) = 2,523.
    expect(grid.paramRange).toEqual([79, 24 + 288 + 2 * 1056 + 99]);
  });

  it('is kept by the formatter', () => {
    const text = fs.readFileSync(file, 'utf8');
    expect(formatText(file, text).value).toBe(text);
  });
});
