import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from '../../src/syntax/parse.js';
import { SourceText } from '../../src/syntax/source.js';
it('perf', () => {
  const text = readFileSync('/tmp/nn/big.nnet', 'utf8');
  for (let i = 0; i < 4; i++) { const t0 = performance.now(); parse(new SourceText('x', text)); console.log('parse ms', (performance.now() - t0).toFixed(0)); }
});
