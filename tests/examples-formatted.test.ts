// The examples are the first .nnet files people read: they must already be in canonical form
// (`nnc fmt --check examples` passes).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatText } from '@nnet/compiler';
import { nnetFiles, repoRoot } from './golden.js';

describe('examples are formatted', () => {
  it.each(nnetFiles(path.join(repoRoot, 'examples')).map((f) => [path.basename(f), f]))(
    '%s',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const formatted = formatText(file, text);
      expect(formatted.diagnostics).toEqual([]);
      expect(formatted.value, 'run `pnpm nnc fmt examples`').toBe(text);
    },
  );
});
