// Edit → diagnostics latency of the real server process on a generated 1,000-line file: each edit
// introduces or fixes a typo, and the clock stops when the diagnostics of the new text arrive.
// Also times a completion and an inlay-hint request right after an edit (they re-check on the spot).
// Run by hand: `npx tsx packages/lsp/bench/latency.ts [edits]`. Prints the median and p95.

import * as os from 'node:os';
import * as path from 'node:path';
import { fileUri, TestClient } from '../test/client.js';

const edits = Number(process.argv[2] ?? 60);

function generate(lines: number): string {
  const out = [
    'const width = 32',
    '',
    '/// A residual pair.',
    'block Pair(units) {',
    '  h = dense(units, relu) -> dense(units)',
    '  add(in, h) -> relu',
    '}',
    '',
  ];
  let model = 0;
  while (out.length < lines - 12) {
    out.push(`model M${model} {`, '  input x: [32]');
    for (let i = 0; i < 40 && out.length < lines - 12; i++) {
      out.push(
        i % 10 === 9
          ? '  repeat 2 { Pair(width) }'
          : i % 3 === 0
            ? `  h${i} = dense(width, relu)`
            : '  dense(width) -> batchnorm -> relu',
      );
    }
    out.push('  dense(10, softmax)', '}', '');
    model++;
  }
  out.push(
    'train M0 {',
    '  data = random(32, 10)',
    '  loss = cross_entropy',
    '  optimizer = adam',
    '  epochs = 2',
    '}',
  );
  while (out.length < lines) out.push('// end');
  return out.join('\n');
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n = ${sorted.length})`;
}

async function run(debounceMs: number): Promise<void> {
  const client = await TestClient.start(os.tmpdir(), { debounceMs });
  const text = generate(1_000);
  const lines = text.split('\n');
  const uri = fileUri(path.join(os.tmpdir(), 'nnet-latency-bench.nnet'));
  await client.openMarked(uri, text);
  const line = lines.findIndex((l) => l.includes('dense(width) -> batchnorm'));
  const diagnostics: number[] = [];
  const completions: number[] = [];
  const hints: number[] = [];
  for (let i = 0; i < edits; i++) {
    const broken = i % 2 === 0;
    // `dense` ↔ `dnese` at the same place: the typo's NN2002 appears, then disappears.
    const range = { start: { line, character: 2 }, end: { line, character: 7 } };
    const waiting = client.diagnosticsFor(
      uri,
      (d) => d.some((x) => x.code === 'NN2002') === broken,
    );
    const start = performance.now();
    await client.edit(uri, range, broken ? 'dnese' : 'dense');
    await waiting;
    diagnostics.push(performance.now() - start);

    await client.edit(uri, { start: { line, character: 0 }, end: { line, character: 0 } }, ' ');
    let t = performance.now();
    await client.request('textDocument/completion', {
      textDocument: { uri },
      position: { line, character: 3 },
    });
    completions.push(performance.now() - t);
    t = performance.now();
    await client.request('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 1_000, character: 0 } },
    });
    hints.push(performance.now() - t);
    await client.edit(uri, { start: { line, character: 0 }, end: { line, character: 1 } }, '');
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'NN2002') === broken);
  }
  console.log(`debounce ${debounceMs} ms, ${lines.length} lines:`);
  console.log(`  edit → diagnostics:           ${stats(diagnostics)}`);
  console.log(`  completion right after edit:  ${stats(completions)}`);
  console.log(`  inlay hints (whole file):     ${stats(hints)}`);
  await client.stop();
}

await run(100);
await run(0);
