// A search's pictures (SVG, and PNG through resvg when it is installed): the metric per trial with
// the best so far, the metric against each searched value, parallel coordinates, every trial's
// learning curve with the pruned ones marked where they stopped, and the importance estimate of
// importance.ts. Takes the trial records; writes files; pruned trials are always told apart.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  drawAxes,
  escapeXml,
  legendBox,
  linePath,
  niceTicks,
  svgDocument,
  svgToPng,
  tickLabel,
  type Axes,
} from '@nnet/runtime/train';
import type { CheckedSearch } from '../check/search.js';
import { writeAtomically } from '../write-atomically.js';
import type { TrialRecord } from './runner.js';
import { mainEffects } from './importance.js';
import { formatValue } from './results.js';

const COMPLETE = '#1f77b4';
const PRUNED = '#9a9a9a';
const BEST = '#d62728';

type Search = Pick<CheckedSearch, 'name' | 'metric' | 'maximize' | 'dimensions'> &
  Partial<Pick<CheckedSearch, 'seeds'>>;

/** `, mean of 3 seeds` when each trial trained with several seeds (`seeds = N`), else nothing. */
const ofSeeds = (search: Search) =>
  search.seeds !== undefined && search.seeds > 1 ? `, mean of ${search.seeds} seeds` : '';

/** How one searched key is laid out on an axis: categories, or numbers on a linear or log scale. */
interface KeyScale {
  key: string;
  categories?: string[];
  log: boolean;
  min: number;
  max: number;
  /** 0..1 along the axis. */
  position(value: string | number | undefined): number | undefined;
  ticks: { at: number; label: string }[];
}

export function keyScale(key: string, records: readonly TrialRecord[], search: Search): KeyScale {
  const values = records.map((r) => r.values[key]).filter((v) => v !== undefined);
  const dimension = search.dimensions.find((d) => d.key === key);
  const continuous =
    dimension?.distribution.kind === 'uniform' || dimension?.distribution.kind === 'loguniform';
  // A few distinct numbers (widths, depths, a momentum of 0 or 0.9) read best side by side.
  const numeric =
    values.length > 0 &&
    values.every((v) => typeof v === 'number') &&
    (continuous || new Set(values).size > 6);
  if (!numeric) {
    const order =
      dimension?.distribution.kind === 'choice'
        ? dimension.distribution.values.map((v) => v.number ?? v.label).map(String)
        : [];
    const sortedNumbers = values.every((v) => typeof v === 'number')
      ? [...new Set(values as number[])].sort((a, b) => a - b).map(String)
      : [];
    const categories = [...new Set([...order, ...sortedNumbers, ...values.map(String)])].filter(
      (c) => values.map(String).includes(c),
    );
    const n = categories.length;
    const position = (v: string | number | undefined) =>
      v === undefined ? undefined : (categories.indexOf(String(v)) + 0.5) / n;
    const ticks = categories.map((c, i) => ({ at: (i + 0.5) / n, label: c }));
    return { key, categories, log: false, min: 0, max: 1, position, ticks };
  }
  const numbers = values as number[];
  let [min, max] = [Math.min(...numbers), Math.max(...numbers)];
  const log =
    min > 0 &&
    (dimension?.distribution.kind === 'loguniform' || (max / min >= 20 && numbers.length > 2));
  const f = log ? Math.log10 : (v: number) => v;
  if (f(max) - f(min) < 1e-12) [min, max] = log ? [min / 2, max * 2] : [min - 1, max + 1];
  const span = f(max) - f(min);
  const [lo, hi] = [f(min) - span * 0.06, f(max) + span * 0.06];
  const position = (v: string | number | undefined) =>
    typeof v === 'number' ? (f(v) - lo) / (hi - lo) : undefined;
  const ticks: KeyScale['ticks'] = [];
  if (log) {
    for (let e = Math.floor(f(min)); e <= Math.ceil(f(max)); e++)
      if (e >= lo && e <= hi) ticks.push({ at: (e - lo) / (hi - lo), label: tickLabel(10 ** e) });
  } else {
    const step = niceStep((max - min) / 4);
    for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step)
      ticks.push({
        at: position(Number(t.toPrecision(12)))!,
        label: tickLabel(Number(t.toPrecision(12))),
      });
  }
  return { key, log, min, max, position, ticks };
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
}

const withMetric = (records: readonly TrialRecord[]) =>
  records.filter((r) => r.metric !== null && (r.status === 'complete' || r.status === 'pruned'));

function metricRange(values: readonly number[]): [number, number] {
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

function dot(axes: Axes, x: number, y: number, record: TrialRecord, best: boolean): string {
  const [cx, cy] = [axes.sx(x).toFixed(1), axes.sy(y).toFixed(1)];
  if (best)
    return `<circle cx="${cx}" cy="${cy}" r="6" fill="none" stroke="${BEST}" stroke-width="2.5"/><circle cx="${cx}" cy="${cy}" r="3" fill="${BEST}"/>`;
  return record.status === 'pruned'
    ? `<circle cx="${cx}" cy="${cy}" r="3.5" fill="white" stroke="${PRUNED}" stroke-width="1.5"/>`
    : `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${COMPLETE}" fill-opacity="0.8"/>`;
}

const statusLegend = (): Parameters<typeof legendBox>[0] => [
  { label: 'complete', color: COMPLETE, mark: 'point' },
  { label: 'pruned (metric when stopped)', color: PRUNED, mark: 'point' },
  { label: 'best', color: BEST, mark: 'point' },
];

/** The metric of every trial in order, and the best so far among complete trials. */
export function metricByTrialSvg(
  records: readonly TrialRecord[],
  search: Search,
  bestTrial?: number,
): string {
  const shown = withMetric(records).sort((a, b) => a.trial - b.trial);
  const width = 960;
  const height = 420;
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width: 760,
    height: height - 40,
    title: `${search.metric} of each trial${ofSeeds(search)}`,
    xLabel: 'trial',
    yLabel: search.metric,
    xRange: [0, Math.max(2, ...shown.map((r) => r.trial)) + 1],
    yRange: metricRange(shown.map((r) => r.metric!)),
    integerX: true,
  });
  const out = [...axes.svg];
  const running: [number, number][] = [];
  let best: number | undefined;
  for (const r of shown) {
    if (r.status !== 'complete') continue;
    if (best === undefined || (search.maximize ? r.metric! > best : r.metric! < best))
      best = r.metric!;
    running.push([r.trial, best]);
  }
  out.push(linePath(axes, stairs(running), '#2ca02c', { width: 1.5, dash: '5 3' }));
  for (const r of shown) out.push(dot(axes, r.trial, r.metric!, r, r.trial === bestTrial));
  out.push(
    legendBox(
      [...statusLegend(), { label: 'best so far (complete)', color: '#2ca02c', mark: 'dash' }],
      axes.right + 14,
      axes.top,
    ),
  );
  return svgDocument(width, height, `Search ${search.name}: ${search.metric} by trial`, out);
}

function stairs(points: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  points.forEach(([x, y], i) => {
    if (i > 0) out.push([x, points[i - 1][1]]);
    out.push([x, y]);
  });
  return out;
}

/** One panel per searched key: the metric against its values (categories side by side). */
export function metricByValueSvg(
  records: readonly TrialRecord[],
  keys: readonly string[],
  search: Search,
  bestTrial?: number,
): string {
  const shown = withMetric(records);
  const columns = Math.min(3, keys.length);
  const [panelWidth, panelHeight] = [330, 260];
  const yRange = metricRange(shown.map((r) => r.metric!));
  const panels = keys.map((key, i) => {
    const scale = keyScale(key, shown, search);
    const axes = drawAxes({
      x0: (i % columns) * panelWidth,
      y0: 80 + Math.floor(i / columns) * panelHeight,
      width: panelWidth,
      height: panelHeight,
      title: key + (scale.log ? ' (log scale)' : ''),
      xLabel: '',
      xRange: [0, 1],
      yRange,
    });
    // The x tick labels drawAxes made are for 0..1: the key's own labels replace them.
    const svg = axes.svg.filter((s) => !s.includes(`y="${axes.bottom + 16}"`));
    for (const t of scale.ticks)
      svg.push(
        `<text x="${axes.sx(t.at).toFixed(1)}" y="${axes.bottom + 16}" text-anchor="middle" font-size="11">${escapeXml(t.label)}</text>`,
      );
    shown.forEach((r, j) => {
      const at = scale.position(r.values[key]);
      if (at === undefined) return;
      // Categories: spread the points a little so equal values stay visible.
      const jitter = scale.categories
        ? (((j * 7919) % 17) / 16 - 0.5) * (0.5 / scale.categories.length)
        : 0;
      svg.push(dot(axes, at + jitter, r.metric!, r, r.trial === bestTrial));
    });
    return svg.join('\n');
  });
  const rows = Math.ceil(keys.length / columns);
  const legend = legendBox(statusLegend(), columns * panelWidth - 8, 28, 'right');
  return svgDocument(
    columns * panelWidth,
    80 + rows * panelHeight + 10,
    `Search ${search.name}: ${search.metric} against each value`,
    [...panels, legend],
  );
}

/** One vertical axis per key and one for the metric; a line per trial, colored by its metric. */
export function parallelCoordinatesSvg(
  records: readonly TrialRecord[],
  keys: readonly string[],
  search: Search,
  bestTrial?: number,
): string {
  const shown = withMetric(records);
  const axesKeys = [...keys, search.metric];
  const width = Math.max(640, 150 * axesKeys.length);
  const height = 540;
  const [top, bottom, left, right] = [60, height - 130, 70, width - 80];
  const x = (i: number) => left + (i / Math.max(1, axesKeys.length - 1)) * (right - left);
  const [mLo, mHi] = metricRange(shown.map((r) => r.metric!));
  const metricScale: KeyScale = {
    key: search.metric,
    log: false,
    min: mLo,
    max: mHi,
    position: (v) => (typeof v === 'number' ? (v - mLo) / (mHi - mLo) : undefined),
    ticks: niceTicks(mLo, mHi).map((t) => ({ at: (t - mLo) / (mHi - mLo), label: tickLabel(t) })),
  };
  const scales = [...keys.map((k) => keyScale(k, shown, search)), metricScale];
  const y = (at: number) => bottom - at * (bottom - top);
  const out: string[] = [];
  // Worst first, so the best lines are drawn on top; pruned ones below everything.
  const order = [...shown].sort((a, b) =>
    a.trial === bestTrial
      ? 1
      : b.trial === bestTrial
        ? -1
        : a.status !== b.status
          ? a.status === 'pruned'
            ? -1
            : 1
          : search.maximize
            ? a.metric! - b.metric!
            : b.metric! - a.metric!,
  );
  for (const r of order) {
    const points = scales
      .map((s, i) => {
        const at = s.position(s === metricScale ? r.metric! : r.values[s.key]);
        return at === undefined ? undefined : `${x(i).toFixed(1)},${y(at).toFixed(1)}`;
      })
      .filter((p): p is string => p !== undefined);
    const quality = metricScale.position(r.metric!)!;
    const goodness = search.maximize ? quality : 1 - quality;
    const color = r.trial === bestTrial ? BEST : r.status === 'pruned' ? PRUNED : ramp(goodness);
    const extra =
      r.status === 'pruned'
        ? ' stroke-dasharray="4 3" stroke-opacity="0.7"'
        : r.trial === bestTrial
          ? ''
          : ' stroke-opacity="0.85"';
    out.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="${r.trial === bestTrial ? 3 : 1.5}"${extra}/>`,
    );
  }
  scales.forEach((s, i) => {
    out.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${top}" y2="${bottom}" stroke="#333"/>`);
    out.push(
      `<text x="${x(i)}" y="${top - 14}" text-anchor="middle" font-weight="bold" font-size="12">${escapeXml(s.key + (s.log ? ' (log)' : ''))}</text>`,
    );
    for (const t of s.ticks)
      out.push(
        `<text x="${x(i) - 6}" y="${(y(t.at) + 4).toFixed(1)}" text-anchor="end" font-size="10" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(t.label)}</text>`,
      );
  });
  out.push(
    legendBox(
      [
        { label: `better ${search.metric}`, color: ramp(1) },
        { label: `worse ${search.metric}`, color: ramp(0) },
        { label: 'pruned', color: PRUNED, mark: 'dash' },
        { label: 'best trial', color: BEST },
      ],
      left,
      bottom + 24,
    ),
  );
  return svgDocument(width, height, `Search ${search.name}: parallel coordinates`, out);
}

/** Dark blue (worse) to yellow-green (better), readable on white. */
function ramp(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [190, 200, 30],
  ];
  const u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c.join(',')})`;
}

/** Every trial's metric per epoch; a pruned trial ends in a cross where it was stopped. */
export function learningCurvesSvg(
  records: readonly TrialRecord[],
  search: Search,
  bestTrial?: number,
): string {
  const shown = records.filter((r) => r.curve.some((v) => v !== null));
  const values = shown.flatMap((r) => r.curve.filter((v): v is number => v !== null));
  const epochs = Math.max(2, ...shown.map((r) => r.curve.length));
  const width = 760;
  const height = 440;
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width,
    height: height - 40,
    title: `${search.metric} after each epoch${ofSeeds(search)}`,
    xLabel: 'epoch',
    yLabel: search.metric,
    xRange: [1, epochs],
    yRange: metricRange(values.length ? values : [0, 1]),
    integerX: true,
  });
  const out = [...axes.svg];
  const ordered = [...shown].sort(
    (a, b) => (a.status === 'pruned' ? -1 : 1) - (b.status === 'pruned' ? -1 : 1),
  );
  for (const r of ordered) {
    if (r.trial === bestTrial) continue;
    const points = r.curve.map((v, i) => [i + 1, v ?? NaN] as [number, number]);
    const color = r.status === 'pruned' ? PRUNED : COMPLETE;
    out.push(
      linePath(axes, points, color, {
        width: 1.2,
        ...(r.status === 'pruned' ? { dash: '4 3' } : {}),
      }),
    );
    const last = points.filter(([, v]) => Number.isFinite(v)).pop();
    if (r.status === 'pruned' && last) {
      const [cx, cy] = [axes.sx(last[0]), axes.sy(last[1])];
      out.push(
        `<path d="M${cx - 4},${cy - 4} L${cx + 4},${cy + 4} M${cx - 4},${cy + 4} L${cx + 4},${cy - 4}" stroke="#555" stroke-width="1.5"/>`,
      );
    }
  }
  const best = shown.find((r) => r.trial === bestTrial);
  if (best)
    out.push(
      linePath(
        axes,
        best.curve.map((v, i) => [i + 1, v ?? NaN]),
        BEST,
        { width: 3 },
      ),
    );
  out.push(
    legendBox(
      [
        { label: 'complete', color: COMPLETE },
        { label: 'pruned (× where stopped)', color: PRUNED, mark: 'dash' },
        ...(best ? [{ label: `best (trial #${best.trial})`, color: BEST }] : []),
      ],
      axes.right - 6,
      search.maximize ? axes.bottom - 62 : axes.top + 6,
      'right',
    ),
  );
  return svgDocument(
    width,
    height,
    `Search ${search.name}: learning curves of ${shown.length} trials`,
    out,
  );
}

/** Horizontal bars: the share of the metric's variance each key explains alone. */
export function importanceSvg(
  records: readonly TrialRecord[],
  keys: readonly string[],
  search: Search,
): string {
  const complete = records.filter((r) => r.status === 'complete' && r.metric !== null);
  const effects = mainEffects(complete, keys, search.metric).sort((a, b) => b.share - a.share);
  const width = 640;
  const rowHeight = 34;
  const height = 80 + effects.length * rowHeight + 60;
  const [left, right, top] = [150, width - 90, 76];
  const out = [
    `<text x="20" y="46" font-size="12" fill="#444">${escapeXml(`Share of the variance of ${search.metric} each key explains alone (main effects),`)}</text>`,
    `<text x="20" y="62" font-size="12" fill="#444">${escapeXml(`from ${complete.length} complete trials; a key set in only some trials counts those.`)}</text>`,
  ];
  effects.forEach((e, i) => {
    const yy = top + i * rowHeight;
    const w = Math.max(0, e.share) * (right - left);
    out.push(
      `<text x="${left - 10}" y="${yy + 20}" text-anchor="end" font-size="13">${escapeXml(e.key)}</text>`,
    );
    out.push(
      `<rect x="${left}" y="${yy + 6}" width="${w.toFixed(1)}" height="20" fill="${COMPLETE}"/>`,
    );
    out.push(
      `<text x="${left + w + 6}" y="${yy + 21}" font-size="12">${(e.share * 100).toFixed(0)} %</text>`,
    );
  });
  const noteY = top + effects.length * rowHeight + 22;
  out.push(
    `<text x="20" y="${noteY}" font-size="11" fill="#666">Numbers are split at their quartiles. Interactions are not counted; with few trials the shares are rough.</text>`,
    `<text x="20" y="${noteY + 16}" font-size="11" fill="#666">Pruned trials are left out (their metric is from an early epoch).</text>`,
  );
  return svgDocument(width, height, `Search ${search.name}: which values mattered`, out);
}

/** Writes every picture as SVG, and PNG when resvg is available; returns the files written. */
export async function writeSearchPictures(
  out: string,
  records: readonly TrialRecord[],
  keys: readonly string[],
  search: Search,
  bestTrial?: number,
): Promise<string[]> {
  if (withMetric(records).length === 0) return [];
  const pictures: [string, string][] = [
    ['metric-by-trial', metricByTrialSvg(records, search, bestTrial)],
    ['metric-by-value', metricByValueSvg(records, keys, search, bestTrial)],
    ['parallel-coordinates', parallelCoordinatesSvg(records, keys, search, bestTrial)],
    ['learning-curves', learningCurvesSvg(records, search, bestTrial)],
  ];
  if (records.filter((r) => r.status === 'complete').length >= 4)
    pictures.push(['importance', importanceSvg(records, keys, search)]);
  const written: string[] = [];
  fs.mkdirSync(path.join(out, 'pictures'), { recursive: true });
  for (const [name, svg] of pictures) {
    const base = path.join(out, 'pictures', name);
    writeAtomically(`${base}.svg`, svg);
    written.push(`${base}.svg`);
    try {
      fs.writeFileSync(`${base}.png`, await svgToPng(svg));
      written.push(`${base}.png`);
    } catch {
      // Without @resvg/resvg-js the pictures are SVG only.
    }
  }
  return written;
}

export { formatValue };
