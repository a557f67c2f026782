// The step function at 0: every place the catalogue defines step (the activation, the perceptron
// layer) must give the value the runtime computes, so the docs, the tool and the deck agree.

import { stepForward } from '@nnet/runtime';
import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/index.js';

const catalogue = createCatalogue();

/** step(0) as stated by each `\begin{cases}1 & z > 0 …` (or `\ge`) in a doc. */
function stepAtZeroInDoc(doc: string): number[] {
  const cases = [...doc.matchAll(/\\begin\{cases\}1 & (\w+) (>|\\ge|\\geq) 0/g)];
  return cases.map((match) => (match[2] === '>' ? 0 : 1));
}

describe('step(0)', () => {
  const runtime = new Float32Array(1);
  stepForward(new Float32Array([0]), runtime, 1);

  it('is 0 in the runtime (Rosenblatt: fire only above the threshold)', () => {
    expect(runtime[0]).toBe(0);
  });

  it('is the runtime value in every catalogue doc that defines it', () => {
    const docs = [
      ['activation step', catalogue.activations.get('step')!.doc],
      ['layer perceptron', catalogue.layers.get('perceptron')!.doc],
    ] as const;
    for (const [where, doc] of docs) {
      const stated = stepAtZeroInDoc(doc);
      expect(stated.length, `${where} defines step by cases`).toBeGreaterThan(0);
      for (const value of stated) expect(value, `step(0) in the doc of ${where}`).toBe(runtime[0]);
    }
  });
});
