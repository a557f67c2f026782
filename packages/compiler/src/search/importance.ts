// A parameter-importance estimate that says what it is: for each searched key, the share of the
// metric's variance explained by the key alone (between-group variance over total variance, the
// first-order term of a variance decomposition), with numbers grouped at their quartiles. It
// ignores interactions and is rough with few trials; a key never varied gets 0.

import type { TrialRecord } from './runner.js';

export interface MainEffect {
  key: string;
  /** 0..1: between-group variance of the metric divided by its total variance. */
  share: number;
}

export function mainEffects(
  records: readonly TrialRecord[],
  keys: readonly string[],
  metric: string,
): MainEffect[] {
  void metric;
  const rows = records.filter((r) => r.metric !== null && Number.isFinite(r.metric));
  const metrics = rows.map((r) => r.metric!);
  const mean = metrics.reduce((a, b) => a + b, 0) / Math.max(1, metrics.length);
  const total = metrics.reduce((sum, m) => sum + (m - mean) ** 2, 0);
  return keys.map((key) => {
    if (rows.length < 2 || total === 0) return { key, share: 0 };
    const groups = new Map<string, number[]>();
    const labels = groupLabels(rows.map((r) => r.values[key]));
    rows.forEach((r, i) => {
      const label = labels[i];
      if (label === undefined) return;
      const list = groups.get(label) ?? [];
      list.push(r.metric!);
      groups.set(label, list);
    });
    let between = 0;
    for (const values of groups.values()) {
      const groupMean = values.reduce((a, b) => a + b, 0) / values.length;
      between += values.length * (groupMean - mean) ** 2;
    }
    return { key, share: Math.min(1, between / total) };
  });
}

/** Category labels as they are; numbers with more than 4 distinct values grouped by quartile. */
export function groupLabels(
  values: readonly (string | number | undefined)[],
): (string | undefined)[] {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const distinct = new Set(numbers);
  if (numbers.length !== values.length || distinct.size <= 4)
    return values.map((v) => (v === undefined ? undefined : String(v)));
  const sorted = [...numbers].sort((a, b) => a - b);
  const cut = [0.25, 0.5, 0.75].map(
    (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))],
  );
  return numbers.map((v) => `q${cut.filter((c) => v >= c).length}`);
}
