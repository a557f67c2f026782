// The Data menu's edit of the model: `fitOutput` turns the trained model's last plain dense layer
// and the loss into what a source's targets need, and leaves any other last layer alone (the
// checker then says what does not fit). Text in, edits out, applied here as the editor would.

import { describe, expect, it } from 'vitest';
import { fitOutput, type TextChange } from '../src/train-text.js';

/** Applies edits made against one text (as CodeMirror does with a change array). */
function apply(text: string, changes: TextChange[]): string {
  let out = text;
  for (const change of [...changes].sort((a, b) => b.from - a.from))
    out = out.slice(0, change.from) + change.insert + out.slice(change.to);
  return out;
}

const SPIRAL = `// three arms
model Spiral {
  input point: [2]
  dense(100, relu)
  dense(3, softmax)   // the classes
}

train Spiral {
  data = spiral(points = 100, classes = 3)
  loss = cross_entropy
  optimizer = sgd(lr = 1)
}
`;

describe('fitOutput', () => {
  it('makes a softmax output one sigmoid unit with binary cross-entropy for a 0/1 label', () => {
    const text = apply(SPIRAL, fitOutput(SPIRAL, { kind: 'binary' }));
    expect(text).toContain('  dense(1, sigmoid)   // the classes\n}');
    expect(text).toContain('  dense(100, relu)\n');
    expect(text).toContain('  loss = binary_cross_entropy\n');
  });

  it('goes back to k softmax units with cross-entropy for k classes', () => {
    const binary = apply(SPIRAL, fitOutput(SPIRAL, { kind: 'binary' }));
    const back = apply(binary, fitOutput(binary, { kind: 'classes', classes: 3 }));
    expect(back).toBe(SPIRAL);
    const ten = apply(SPIRAL, fitOutput(SPIRAL, { kind: 'classes', classes: 10 }));
    expect(ten).toContain('dense(10, softmax)');
    expect(ten).toContain('loss = cross_entropy');
  });

  it('changes nothing when the output fits already', () => {
    expect(fitOutput(SPIRAL, { kind: 'classes', classes: 3 })).toEqual([]);
  });

  it('adds the loss when the train block has none', () => {
    const noLoss = SPIRAL.replace('  loss = cross_entropy\n', '');
    const text = apply(noLoss, fitOutput(noLoss, { kind: 'binary' }));
    expect(text).toContain('  optimizer = sgd(lr = 1)\n  loss = binary_cross_entropy\n}');
  });

  it('finds the model the train block names, not the first one', () => {
    const two = `model Other {\n  input x: [2]\n  dense(5, softmax)\n}\n\n${SPIRAL}`;
    const text = apply(two, fitOutput(two, { kind: 'binary' }));
    expect(text).toContain('model Other {\n  input x: [2]\n  dense(5, softmax)\n}');
    expect(text).toContain('dense(1, sigmoid)   // the classes');
  });

  it('leaves a last layer that is not a plain dense alone', () => {
    const other = SPIRAL.replace('  dense(3, softmax)   // the classes\n', '  residual(Block)\n');
    expect(fitOutput(other, { kind: 'binary' })).toEqual([]);
    const named = SPIRAL.replace('dense(3, softmax)', 'dense(3, activation = softmax)');
    expect(fitOutput(named, { kind: 'binary' })).toEqual([]);
  });
});
