// Learning curves of several runs in one picture (`nnc plot`): each run one colour, training solid
// and validation dashed, per epoch or per step, linear or logarithmic; and the table of final
// values printed beside it. Reads the JSON reports `nnc train` writes; pure, no files.

import type { TrainingReport } from '../training/report.js';
import {
  drawAxes,
  legendBox,
  linePath,
  palette,
  svgDocument,
  textWidth,
  type LegendEntry,
} from './plot-axes.js';

export interface RunCurves {
  label: string;
  training: [number, number][];
  validation: [number, number][];
}

export class CompareError extends Error {}

/**
 * The points of one quantity of a report: per epoch (`loss`, `accuracy`, `val_…` from `epochs`),
 * or per step (the `log_every` losses; validation at the last step of each epoch).
 */
export function runCurves(
  report: TrainingReport,
  label: string,
  metric: string,
  per: 'epoch' | 'step',
): RunCurves {
  const read = (record: Record<string, number>, key: string) =>
    typeof record[key] === 'number' ? record[key] : undefined;
  const epochPoints = (key: string) =>
    report.epochs
      .map((r) => [r.epoch, read(r, key)] as const)
      .filter((p): p is [number, number] => p[1] !== undefined);
  if (per === 'epoch')
    return { label, training: epochPoints(metric), validation: epochPoints(`val_${metric}`) };
  if (metric !== 'loss')
    throw new CompareError(`--per step plots the loss only; ${metric} is recorded per epoch`);
  const steps = report.steps ?? [];
  const lastStepOfEpoch = new Map<number, number>();
  for (const s of steps) lastStepOfEpoch.set(s.epoch, s.step);
  return {
    label,
    training: steps.map((s) => [s.step, s.loss]),
    validation: epochPoints('val_loss')
      .filter(([epoch]) => lastStepOfEpoch.has(epoch))
      .map(([epoch, value]) => [lastStepOfEpoch.get(epoch)!, value]),
  };
}

export function compareRunsSvg(
  runs: readonly RunCurves[],
  options: { metric: string; per: 'epoch' | 'step'; log: boolean; title: string },
): string {
  const points = runs.flatMap((r) => [...r.training, ...r.validation]);
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length === 0) throw new CompareError(`no values of ${options.metric} to plot`);
  if (options.log && finite.some(([, y]) => y <= 0))
    throw new CompareError(
      `--log needs values above 0, but ${options.metric} reaches ${Math.min(...finite.map(([, y]) => y))}`,
    );
  const xs = finite.map(([x]) => x);
  const ys = finite.map(([, y]) => y);
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (options.log) [yMin, yMax] = [yMin / 1.2, yMax * 1.2];
  else {
    if (yMin === yMax) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
    const pad = (yMax - yMin) * 0.05;
    [yMin, yMax] = [yMin - pad, yMax + pad];
  }
  const xMin = Math.min(...xs);
  const xMax = Math.max(Math.max(...xs), xMin + 1);
  const [width, height] = [760, 460];
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width,
    height,
    title: `${options.metric}${options.log ? ' (log scale)' : ''}`,
    xLabel: options.per === 'step' ? 'step (gradient update)' : 'epoch',
    yLabel: options.metric,
    xRange: [xMin, xMax],
    yRange: [yMin, yMax],
    yLog: options.log,
    integerX: true,
  });
  const body = [...axes.svg];
  const legend: LegendEntry[] = [];
  const dense = (n: number) => (n > 400 ? 1.2 : 2);
  runs.forEach((run, i) => {
    const color = palette[i % palette.length];
    body.push(
      linePath(axes, run.training, color, {
        className: 'series',
        width: dense(run.training.length),
      }),
    );
    legend.push({ label: `${run.label}: training`, color });
    if (run.validation.length) {
      body.push(linePath(axes, run.validation, color, { className: 'series', dash: '6 4' }));
      legend.push({ label: `${run.label}: validation`, color, mark: 'dash' });
    }
  });
  // The legend goes in the corner of the plot that the curves cross least.
  const legendWidth = 40 + Math.max(...legend.map((e) => textWidth(e.label)));
  const legendHeight = 8 + legend.length * 16;
  const corners = [
    { x: axes.right - 6, y: axes.top + 6, anchor: 'right' as const },
    { x: axes.right - 6, y: axes.bottom - 6 - legendHeight, anchor: 'right' as const },
    { x: axes.left + 6, y: axes.top + 6, anchor: 'left' as const },
    { x: axes.left + 6, y: axes.bottom - 6 - legendHeight, anchor: 'left' as const },
  ];
  const crossings = corners.map((corner) => {
    const left = corner.anchor === 'right' ? corner.x - legendWidth : corner.x;
    return finite.filter(([x, y]) => {
      const [px, py] = [axes.sx(x), axes.sy(y)];
      return (
        px >= left && px <= left + legendWidth && py >= corner.y && py <= corner.y + legendHeight
      );
    }).length;
  });
  const best = corners[crossings.indexOf(Math.min(...crossings))];
  body.push(legendBox(legend, best.x, best.y, best.anchor));
  return svgDocument(width, height + 40, options.title, body);
}

/** The final values of each run as a text table: one row per run, one column per quantity. */
export function finalValuesTable(rows: { label: string; report: TrainingReport }[]): string {
  const splits = ['train', 'validation', 'test'];
  const quantities = new Set<string>();
  for (const { report } of rows)
    for (const split of splits)
      for (const key of Object.keys(report.final[split] ?? {})) quantities.add(key);
  const columns = ['run', 'params', 'epochs'];
  for (const q of quantities)
    for (const split of splits)
      if (rows.some((r) => r.report.final[split]?.[q] !== undefined)) columns.push(`${split} ${q}`);
  columns.push('samples/s');
  const format = (value: number | undefined, key: string) =>
    value === undefined
      ? '—'
      : key.includes('acc')
        ? `${(value * 100).toFixed(2)} %`
        : Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3)
          ? value.toExponential(3)
          : value.toFixed(4);
  const table = [
    columns,
    ...rows.map(({ label, report }) => [
      label,
      report.params.toLocaleString('en-US'),
      String(report.epochs.length),
      ...columns.slice(3, -1).map((column) => {
        const [split, ...rest] = column.split(' ');
        const key = rest.join(' ');
        return format(report.final[split]?.[key], key);
      }),
      Math.round(report.samplesPerSecond).toLocaleString('en-US'),
    ]),
  ];
  const widths = columns.map((_, k) => Math.max(...table.map((r) => r[k].length)));
  return (
    table
      .map((r) =>
        r
          .map((text, k) => (k === 0 ? text.padEnd(widths[k]) : text.padStart(widths[k])))
          .join('  '),
      )
      .join('\n') + '\n'
  );
}
