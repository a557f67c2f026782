import { formatText } from '../../src/format/index.js';
import { parse } from '../../src/syntax/parse.js';
import { SourceText } from '../../src/syntax/source.js';
const cases: string[] = [
`const x = // c
  5`,
`const x =
  // c
  5`,
`const x = /* c */ 5`,
`const x /* c */ = 5`,
`const x = a // c
  + b // d`,
`const x = (// c
  a + b) * 2`,
`const x = (a + b /* c */) * 2`,
`const x = -(-1) + --2 - (3 - 4) - 5 ^ 2 ^ 3 + (5 ^ 2) ^ 3 + (1)`,
`model M {
  dense(2) // c
    with { a = 1 } // d
}`,
`model M {
  h = // c
    dense(2) -> relu
  h -> // x
    relu
  a
    // own
    -> b
  a -> /* c */ b
  a /* c */ -> b
}`,
`model M(a, // first
  b = 2 /* two */) { /* empty */ }`,
`model M() {
}
model N(/* nothing */) {
  // only a comment
}`,
`model M {
  input x: // c
    [3]
  input y: int /* c */ [3]
  input z: float[3]
  output a, // c
    b
  repeat (
  // c
  2) {
    relu
  }
}`,
`train M as // c
  run { a = 1; b = 2, c = 3 }`,
`train M as /* c */ run {
  data = xor


  loss = mse
}`,
`model M {
  dense(1) with {
    weights = [[0.123456789, 0.123456789, 0.123456789, 0.123456789], [0.123456789, 0.123456789, 0.123456789, 0.123456789]]
  }
  dense(1) with { weights = [0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789] }
  conv2d(32, kernel = 3, padding = "same", strides = 2, dilation = 1, groups = 1, use_bias = true, relu)
  aaaaaaaaaaaaaa = bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb -> cccccccccccccccccccccccccccccc -> dddddddddddddddddddddddddddd(1)
}`,
`// header


/// doc
const a = 1
const b = 2

const c = 3
import "x.nnet"
model A {}
/// doc B
model B {}
// tail

`,
`model M { dense(f(x /* c */), [/* d */], [ // e
 1, 2], [1 // f
 , 2]) }`,
`model M {
  dense(64 /* a */ // b
    , relu)
  dense(/* a */ /* b */ 64)
  dense(
    /* a */
    64)
}`,
`const x = [
  // only a comment
]
const y = { /* c */ }
const z = {}`,
`model M { dense(1) with /* c */ { a = 1 } }`,
`model M { dense(1) with // c
 { a = 1 } }`,
`const x = f /* c */ (1)`,
`const x = - // c
  1`,
`/* a */ /* b */
model M {
  /* x */ /* y */
  relu
  relu /* a */ /* b */
  /* own */ /* own2 */
}`,
`model M {
  relu
  /* a
   multi */ relu
}`,
];
let bad = 0;
for (const text of cases) {
  const p = parse(new SourceText('t.nnet', text));
  if (p.diagnostics.length) { console.log('PARSE ERROR in case:\n' + text + '\n', p.diagnostics.map(d => d.message)); continue; }
  const r = formatText('t.nnet', text);
  if (r.value === undefined) { bad++; console.log('FAIL:\n' + text + '\n', r.diagnostics.map(d => d.message)); continue; }
  const again = formatText('t.nnet', r.value);
  const ok = again.value === r.value;
  if (!ok) bad++;
  console.log((ok ? '--- ok' : '--- NOT IDEMPOTENT') + '\n' + r.value + (ok ? '' : '\n--- second:\n' + again.value + (again.value === undefined ? JSON.stringify(again.diagnostics) : '')));
}
console.log('bad', bad);
