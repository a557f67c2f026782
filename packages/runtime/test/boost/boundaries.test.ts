// The per-round pictures of AdaBoost: a learner whose boundary crosses the plane is drawn as a dark
// line; one with no boundary in view says which class it gives; panels and the staged curve are
// numbered by the learner's round, which differs from its index once a round was skipped.

import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../src/index.js';
import { boostBoundariesSvg, stagedAccuracySvg } from '../../src/training/boost-report.js';
import type { Dataset } from '../../src/data/dataset.js';

/** A learner of one input pair: class 1 where a·x1 + b·x2 + c > 0. */
function line(a: number, b: number, c: number): CompiledModel {
  return {
    predict: (x: Float32Array, count: number) =>
      Float32Array.from({ length: count }, (_, i) =>
        a * x[2 * i] + b * x[2 * i + 1] + c > 0 ? 1 : 0,
      ),
  } as unknown as CompiledModel;
}

const data: Dataset = {
  inputs: Float32Array.from([0, 0, 1, 1, 0, 1, 1, 0]),
  targets: Float32Array.from([0, 1, 1, 0]),
  count: 4,
  inputShape: [2],
  targetShape: [1],
  task: 'classification',
};
const labels = Int32Array.from([0, 1, 1, 0]);
const uniform = new Float64Array(4).fill(0.25);

describe('boostBoundariesSvg', () => {
  it('draws a crossing boundary, and names the class of a learner with none in view', () => {
    // Round 1 splits the plane at x1 = 0.5; round 2's line x1 = 100 lies far outside it.
    const svg = boostBoundariesSvg(
      [line(1, 0, -0.5), line(1, 0, -100)],
      [1, 0.5],
      2,
      data,
      labels,
      [uniform, uniform],
      'test',
      20,
    );
    const panels = svg.split(/(?=<text[^>]*>H_\d)/).slice(1);
    expect(panels).toHaveLength(2);
    const darkCells = (panel: string) => (panel.match(/fill="#222"\/>/g) ?? []).length;
    expect(darkCells(panels[0])).toBe(20);
    expect(panels[0]).not.toContain('everywhere in view');
    expect(darkCells(panels[1])).toBe(0);
    expect(panels[1]).toContain('h_2: class 0 everywhere in view');
  });
  it("titles each panel by its learner's round when a round kept none (on_weak = skip)", () => {
    const svg = boostBoundariesSvg(
      [line(1, 0, -0.5), line(0, 1, -0.5)],
      [1, 0.5],
      2,
      data,
      labels,
      [uniform, uniform],
      'test',
      20,
      [1, 3],
    );
    expect([...svg.matchAll(/>(H_\d+ after round \d+, α_\d+) =/g)].map((m) => m[1])).toEqual([
      'H_1 after round 1, α_1',
      'H_3 after round 3, α_3',
    ]);
    const staged = stagedAccuracySvg([{ label: 'training', values: [0.5, 0.75] }], 'test', [1, 3]);
    // The x axis runs to the last kept round, 3, not to the number of learners, 2.
    expect(staged).toMatch(/>3<\/text>/);
  });
});
