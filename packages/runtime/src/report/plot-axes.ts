// The pieces every nnet plot shares (learning curves, ROC, score histograms, run comparisons):
// XML escaping, "nice" tick values, a framed panel with gridlines, tick labels, axis titles and a
// linear or logarithmic scale, and a legend. Produces SVG text; pure, no files.

export const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export const palette = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** About `count` round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Powers of ten within [min, max] (both > 0), with 2 and 5 between them when there are few. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  const decades = Math.log10(max) - Math.log10(min);
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    for (const m of decades < 2 ? [1, 2, 5] : [1]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
    }
  return ticks;
}

/** A tick label: short, without float noise (0.30000000000000004 → 0.3, 20000 → 20000). */
export function tickLabel(value: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3))
    return value.toExponential(0);
  return String(Number(value.toPrecision(6)));
}

export interface AxesOptions {
  x0: number;
  y0: number;
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel?: string;
  xRange: [number, number];
  yRange: [number, number];
  /** Logarithmic y axis (the range must be > 0). */
  yLog?: boolean;
  /** Only whole-number x ticks (epochs, steps). */
  integerX?: boolean;
  /** Extra room at the left for long y tick labels or a y title. */
  leftMargin?: number;
}

export interface Axes {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Data to picture coordinates. */
  sx: (x: number) => number;
  sy: (y: number) => number;
  /** The frame, gridlines, tick labels and titles. */
  svg: string[];
}

/** A panel: title at the top left, the plot area framed, gridlines at the y ticks. */
export function drawAxes(options: AxesOptions): Axes {
  const { x0, y0, width, height } = options;
  const left = x0 + (options.leftMargin ?? (options.yLabel ? 70 : 56));
  const right = x0 + width - 24; // room for the last x label
  const top = y0 + 28;
  const bottom = y0 + height - (options.xLabel ? 36 : 22);
  const [xMin, xMax] = options.xRange;
  const [yMin, yMax] = options.yRange;
  const yOf = options.yLog ? Math.log10 : (v: number) => v;
  const sx = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (right - left);
  const sy = (y: number) =>
    bottom - ((yOf(y) - yOf(yMin)) / (yOf(yMax) - yOf(yMin))) * (bottom - top);
  const svg = [
    `<text x="${left}" y="${y0 + 18}" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#ccc"/>`,
  ];
  const yTicks = options.yLog ? logTicks(yMin, yMax) : niceTicks(yMin, yMax);
  for (const t of yTicks) {
    const y = sy(t).toFixed(1);
    svg.push(`<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    svg.push(
      `<text x="${left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${tickLabel(t)}</text>`,
    );
  }
  const xTicks = options.integerX
    ? niceTicks(xMin, xMax, Math.min(10, xMax - xMin)).filter(Number.isInteger)
    : niceTicks(xMin, xMax);
  for (const t of xTicks) {
    svg.push(
      `<text x="${sx(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" font-size="11">${tickLabel(t)}</text>`,
    );
  }
  if (options.xLabel)
    svg.push(
      `<text x="${(left + right) / 2}" y="${bottom + 30}" text-anchor="middle" font-size="11">${escapeXml(options.xLabel)}</text>`,
    );
  if (options.yLabel) {
    const middle = (top + bottom) / 2;
    svg.push(
      `<text x="${x0 + 14}" y="${middle}" text-anchor="middle" font-size="11" transform="rotate(-90 ${x0 + 14} ${middle})">${escapeXml(options.yLabel)}</text>`,
    );
  }
  return { left, right, top, bottom, sx, sy, svg };
}

/** A polyline through points (picture coordinates come from the axes). */
export function linePath(
  axes: Axes,
  points: readonly (readonly [number, number])[],
  color: string,
  options: { width?: number; dash?: string; className?: string } = {},
): string {
  const d = points
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .map(([x, y], j) => `${j ? 'L' : 'M'}${axes.sx(x).toFixed(1)},${axes.sy(y).toFixed(1)}`)
    .join(' ');
  if (!d) return '';
  return `<path${options.className ? ` class="${options.className}"` : ''} d="${d}" fill="none" stroke="${color}" stroke-width="${options.width ?? 2}"${options.dash ? ` stroke-dasharray="${options.dash}"` : ''}/>`;
}

export interface LegendEntry {
  label: string;
  color: string;
  /** How the entry's swatch looks: a line, a dashed line, a filled box or a point. */
  mark?: 'line' | 'dash' | 'box' | 'point';
}

/** Rough width of text at a font size, for sizing boxes (DejaVu Sans averages ~0.6 em). */
export const textWidth = (text: string, size = 11): number => text.length * size * 0.6;

/**
 * A legend box with one entry per line, its corner at (x, y): `anchor` 'right' puts the box's
 * right edge at x (inside a plot's top- or bottom-right corner).
 */
export function legendBox(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  anchor: 'left' | 'right' = 'left',
): string {
  if (entries.length === 0) return '';
  const width = 34 + Math.max(...entries.map((e) => textWidth(e.label)));
  const height = 8 + entries.length * 16;
  const boxLeft = anchor === 'right' ? x - width : x;
  const out = [
    `<rect x="${boxLeft.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${height}" fill="white" fill-opacity="0.9" stroke="#bbb"/>`,
  ];
  entries.forEach((entry, i) => {
    const cy = y + 12 + i * 16;
    const sx = boxLeft + 6;
    const mark = entry.mark ?? 'line';
    if (mark === 'box')
      out.push(
        `<rect x="${sx}" y="${cy - 5}" width="18" height="10" fill="${entry.color}" fill-opacity="0.45" stroke="${entry.color}"/>`,
      );
    else if (mark === 'point')
      out.push(`<circle cx="${sx + 9}" cy="${cy}" r="3" fill="${entry.color}"/>`);
    else
      out.push(
        `<line x1="${sx}" x2="${sx + 18}" y1="${cy}" y2="${cy}" stroke="${entry.color}" stroke-width="2"${mark === 'dash' ? ' stroke-dasharray="5 3"' : ''}/>`,
      );
    out.push(`<text x="${sx + 24}" y="${cy + 4}" font-size="11">${escapeXml(entry.label)}</text>`);
  });
  return out.join('\n');
}

/** The document around panels: white background, a bold title centered at the top. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}
