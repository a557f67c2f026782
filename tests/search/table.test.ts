// The live table of `nnc search`: every column starts at the same place in the header and in each
// row, even when a planned value (`leaky_relu`) is wider than the default column.

import { describe, expect, it } from 'vitest';
import { tableHeader, trialRow, valueWidths } from '../../packages/compiler/src/search/results.js';
import type { TrialRecord } from '../../packages/compiler/src/search/runner.js';

const record = (trial: number, values: TrialRecord['values']): TrialRecord => ({
  trial,
  values,
  overrides: [],
  seed: 0,
  status: 'complete',
  metric: 0.5,
  params: 1251,
  curve: [0.5],
  losses: [1],
  seconds: 0.1,
});

/** Where each cell starts: cells are at least two spaces apart (`50.00 %` is one cell). */
const starts = (line: string) => [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index);

describe('the search table', () => {
  const keys = ['act', 'lr'];
  const rows = [record(1, { act: 'relu', lr: 0.01 }), record(2, { act: 'leaky_relu', lr: 0.1 })];
  const widths = valueWidths(
    keys,
    rows.map((r) => r.values),
  );

  it('sizes each value column by the widest planned value', () => {
    expect(widths).toEqual(['leaky_relu'.length, '0.01'.length]);
  });

  it('keeps every column of every row under its header', () => {
    const header = tableHeader(keys, 'val_accuracy', widths);
    for (const row of rows) {
      const line = trialRow(row, keys, 'val_accuracy', widths);
      expect(starts(line)).toEqual(starts(header));
    }
  });

  it('without the widths, a wide value pushes its row (what the widths fix)', () => {
    const header = tableHeader(keys, 'val_accuracy');
    const line = trialRow(rows[1], keys, 'val_accuracy');
    expect(starts(line)).not.toEqual(starts(header));
  });
});
