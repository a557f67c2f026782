// A search's results as files and text: the ranking (best first, by the search's direction), the
// live table's rows, all trials as JSON and CSV, and the best configuration as `--set` arguments
// and as a .nnet file (the entry file with the values written in and the searches taken out).

import type { TrialRecord } from './runner.js';

export interface RankingOptions {
  maximize: boolean;
}

/** Finished trials first (complete before pruned), each group by metric, best first. */
export function rankTrials(
  records: readonly TrialRecord[],
  options: RankingOptions,
): TrialRecord[] {
  const group = (r: TrialRecord) =>
    r.metric === null ? 3 : r.status === 'complete' ? 0 : r.status === 'pruned' ? 1 : 2;
  return [...records].sort((a, b) => {
    const byGroup = group(a) - group(b);
    if (byGroup !== 0) return byGroup;
    if (a.metric === null || b.metric === null) return a.trial - b.trial;
    return (options.maximize ? b.metric - a.metric : a.metric - b.metric) || a.trial - b.trial;
  });
}

/** The best complete trial (else the best pruned one), if any trial has a metric. */
export function bestTrial(
  records: readonly TrialRecord[],
  options: RankingOptions,
): TrialRecord | undefined {
  const ranked = rankTrials(records, options);
  return ranked.find(
    (r) => r.metric !== null && (r.status === 'complete' || r.status === 'pruned'),
  );
}

export function formatValue(value: string | number): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

export function formatMetric(value: number | null, metric: string): string {
  if (value === null) return '—';
  return /acc|auc/.test(metric) ? `${(value * 100).toFixed(2)} %` : value.toFixed(4);
}

/**
 * The live table's header and one row per trial: trial, values, params, metric, status, time.
 * `valueWidths`: the widest value each key takes in the plan, so no row pushes its columns right.
 */
export function tableHeader(
  keys: readonly string[],
  metric: string,
  valueWidths: readonly number[] = [],
): string {
  return tableRow(headerCells(keys, metric), headerCells(keys, metric), valueWidths);
}

/** The widest formatted value of each key over the planned values (`·` where a key is absent). */
export function valueWidths(
  keys: readonly string[],
  values: readonly Record<string, string | number>[],
): number[] {
  return keys.map((k) =>
    Math.max(1, ...values.map((v) => (k in v ? formatValue(v[k]).length : 1))),
  );
}

function headerCells(keys: readonly string[], metric: string): string[] {
  return ['trial', ...keys, 'params', metric, 'status', 'time'];
}

export function trialRow(
  record: TrialRecord,
  keys: readonly string[],
  metric: string,
  valueWidths: readonly number[] = [],
): string {
  const cells = [
    `#${record.trial}`,
    ...keys.map((k) => (k in record.values ? formatValue(record.values[k]) : '·')),
    record.params === null ? '—' : record.params.toLocaleString('en-US'),
    formatMetric(record.metric, metric),
    record.status + (record.status === 'pruned' ? ` @${record.curve.length}` : ''),
    `${record.seconds.toFixed(1)}s`,
  ];
  return tableRow(cells, headerCells(keys, metric), valueWidths);
}

/** Each column as wide as its header, its widest planned value, or 9; the trial column 6. */
function tableRow(
  cells: readonly string[],
  header: readonly string[],
  valueWidths: readonly number[],
): string {
  return cells
    .map((c, i) =>
      c.padEnd(
        Math.max(
          i === 0 ? 6 : 9,
          header[i].length + 1,
          c.length + 1,
          (valueWidths[i - 1] ?? 0) + 1,
        ),
      ),
    )
    .join(' ')
    .trimEnd();
}

/** The `--set` arguments that give the trial's values to `nnc train`. */
export function setArguments(overrides: TrialRecord['overrides']): string {
  return overrides
    .map(({ key, value }) => {
      const flag = `${key}=${value}`;
      return `--set ${/^[\w.=+-]+$/.test(flag) ? flag : `'${flag.replace(/'/g, `'\\''`)}'`}`;
    })
    .join(' ');
}

/** The edited file without its `search` declarations (spans of the edited text). */
export function withoutSearches(
  text: string,
  spans: readonly { start: number; end: number }[],
): string {
  let out = text;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    const start = span.start;
    let end = span.end;
    while (out[end] === '\n' || out[end] === '\r') end++;
    out = out.slice(0, start) + out.slice(end);
  }
  return out.replace(/\n{3,}/g, '\n\n').replace(/\s*$/, '\n');
}

/** All trials as CSV: one column per searched key, then params, metric, status, seconds, seed. */
export function trialsCsv(
  records: readonly TrialRecord[],
  keys: readonly string[],
  metric: string,
): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = ['trial', ...keys, 'params', metric, 'status', 'epochs', 'seconds', 'seed'];
  const rows = [...records]
    .sort((a, b) => a.trial - b.trial)
    .map((r) =>
      [
        String(r.trial),
        ...keys.map((k) => (k in r.values ? String(r.values[k]) : '')),
        r.params === null ? '' : String(r.params),
        r.metric === null ? '' : String(r.metric),
        r.status,
        String(r.curve.length),
        r.seconds.toFixed(3),
        String(r.seed),
      ].map(quote),
    );
  return [header.map(quote), ...rows].map((row) => row.join(',')).join('\n') + '\n';
}
