// `nnc check` on anything — half-typed files, mutated examples, binary garbage, a 10,000-line
// file — answers with diagnostics and never throws or reports an internal error (NN9001).

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFile, type CompilerHost } from '@nnet/compiler';
import { nnetFiles, repoRoot } from './golden.js';

const examples = nnetFiles(path.join(repoRoot, 'examples')).map((f) => fs.readFileSync(f, 'utf8'));

function checkText(text: string) {
  const host: CompilerHost = {
    readFile: (file) => (file.endsWith('main.nnet') ? text : undefined),
  };
  const result = checkFile('/virtual/main.nnet', { host });
  for (const d of result.diagnostics) {
    expect(d.code, `internal error on:\n${text}\n${d.message}`).not.toBe('NN9001');
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
  return result;
}

describe('robustness of nnc check', () => {
  it('every prefix of every example (a file being typed)', () => {
    for (const text of examples) {
      for (let end = 0; end <= text.length; end += 7) checkText(text.slice(0, end));
    }
  });

  it('random mutations of the examples', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...examples), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }))
      .map(([text, a, b, insert]) => {
        const start = a % (text.length + 1);
        const end = Math.min(text.length, start + (b % 40));
        return text.slice(0, start) + insert + text.slice(end);
      });
    fc.assert(
      fc.property(mutated, (text) => void checkText(text)),
      { numRuns: 300, seed: 42 },
    );
  });

  it('binary garbage', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        (bytes) => void checkText(Buffer.from(bytes).toString('latin1')),
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a 10,000-line file checks without errors', () => {
    const lines = ['model Big {', '  input x: [16]'];
    while (lines.length < 10_000) lines.push('  dense(16, relu)');
    lines.push('}');
    const result = checkText(lines.join('\n'));
    expect(result.diagnostics).toEqual([]);
    expect(result.checked!.models[0].nodes).toHaveLength(9_998);
  });

  it('a runaway repeat is an error, not a hang', () => {
    const result = checkText('model M {\n  input x: [2]\n  repeat 1000000000 { dense(2) }\n}\n');
    expect(result.diagnostics.map((d) => d.code)).toContain('NN3014');
  });
});

describe('nested repeats', () => {
  it('stop at the layer budget with one error', () => {
    const result = checkText(
      'model M {\n  input x: [2]\n  repeat 10000 { repeat 10000 { dense(2) } }\n}\n',
    );
    // Counted before expanding: 10,000 × 10,000 steps, refused at the outer count.
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'NN5003',
        '`repeat 10000` expands to 100,000,000 steps, more than the 50,000 a program may expand to',
      ],
    ]);
  });
});
