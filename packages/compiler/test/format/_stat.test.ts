import fc from 'fast-check';
import { it } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { SourceText } from '../../src/syntax/source.js';
import { formatText } from '../../src/format/index.js';
it('stats', () => {
  const mod = (globalThis as any);
  let ok = 0, bad = 0, changed = 0;
  const comments = ['/* c */', '/**/', ' /* b */ ', '// c\n', '/// d\n', '\n// own\n', '/* two\nlines */', '\n', '\n\n', '  '];
  const fs = require('node:fs');
  const files = fs.readdirSync('examples').map((f: string) => 'examples/' + f).filter((f: string) => f.endsWith('.nnet'));
  const rnd = fc.sample(fc.tuple(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...comments)), {minLength:1, maxLength: 8})), 3000);
  for (const [f, muts] of rnd) {
    let t: string = fs.readFileSync(f, 'utf8');
    for (const [at, c] of muts) { const a = at % (t.length + 1); t = t.slice(0, a) + c + t.slice(a); }
    if (parse(new SourceText('x', t)).diagnostics.length) { bad++; continue; }
    ok++;
    const r = formatText('x', t);
    if (r.value !== t) changed++;
  }
  console.log({ ok, bad, changed });
});
