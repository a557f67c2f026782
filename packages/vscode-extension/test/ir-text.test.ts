// The "Show Compiler IR" view's text: the header names the model, the target and the nnc command
// that prints the same; the IR follows untouched; what the target refuses ends it, as # comments.

import { describe, expect, it } from 'vitest';
import { irTargets, irText } from '../src/ir-text.js';

const ir = 'ir Mlp  # passes: lower, merge-dense\n  %0: float[8] = input x\n  outputs %0';

describe('irText', () => {
  it('puts the header above the IR and leaves the IR as the server gave it', () => {
    const text = irText({ model: 'Mlp', target: 'onnx', text: ir, problems: [] });
    expect(text).toBe(
      [
        '# Mlp compiled for ONNX: the IR its emitter reads,',
        "# lowered, then the target's passes. In a terminal:",
        '# nnc compile FILE -m Mlp --dump ir --target onnx',
        '',
        ir,
        '',
      ].join('\n'),
    );
  });

  it('ends with what the target cannot express, every line a comment', () => {
    const problem = 'r.nnet:3:3 error NN4009 `batchnorm` cannot be compiled to ONNX\n  |\n3 | x';
    const text = irText({ model: 'R', target: 'onnx', text: ir, problems: [problem, problem] });
    const tail = text.slice(text.indexOf(ir) + ir.length);
    expect(tail).toContain('# ONNX cannot express this model:');
    expect(
      tail
        .trim()
        .split('\n')
        .every((line) => line.startsWith('#')),
    ).toBe(true);
    expect(tail.match(/NN4009/g)).toHaveLength(2);
  });

  it('offers the three targets nnc compile knows', () => {
    expect(irTargets.map((t) => t.target)).toEqual(['js', 'onnx', 'pytorch']);
  });
});
