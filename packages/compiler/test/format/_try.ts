import * as fs from 'node:fs';
import { formatText } from '../../src/format/index.js';
for (const f of process.argv.slice(2)) {
  const text = fs.readFileSync(f, 'utf8');
  const r = formatText(f, text);
  if (!r.value) { console.log('FAIL', f, r.diagnostics.map(d => d.message)); continue; }
  const again = formatText(f, r.value);
  const idem = again.value === r.value;
  console.log(f, r.value === text ? 'FIXED-POINT' : 'changed', idem ? '' : 'NOT-IDEMPOTENT');
  if (process.env.SHOW) console.log(r.value);
  if (!idem && process.env.SHOW) console.log('---again---\n' + again.value);
}
