// Learning curves as a self-contained SVG: one panel per quantity (loss, then each metric), the
// training and validation values per epoch as two lines with points, axes with ticks and a legend;
// and the same picture as PNG through resvg.

import type { EpochRecord } from './fit.js';
import { drawAxes, escapeXml, linePath, svgDocument } from '../report/plot-axes.js';

interface Series {
  label: string;
  color: string;
  points: [number, number][];
}

function panel(
  title: string,
  series: Series[],
  x0: number,
  y0: number,
  width: number,
  height: number,
): string {
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0) return '';
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (yMin === yMax) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const pad = (yMax - yMin) * 0.05;
  const [xMin, xMax] = [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)];
  const axes = drawAxes({
    x0,
    y0,
    width,
    height,
    title,
    xLabel: 'epoch',
    xRange: [xMin, xMax],
    yRange: [yMin - pad, yMax + pad],
    integerX: true,
  });
  const out = [...axes.svg];
  series.forEach((s, i) => {
    const points = s.points.filter(([, y]) => Number.isFinite(y));
    if (points.length === 0) return;
    out.push(linePath(axes, points, s.color, { className: 'series' }));
    if (points.length <= 60)
      for (const [x, y] of points)
        out.push(
          `<circle cx="${axes.sx(x).toFixed(1)}" cy="${axes.sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`,
        );
    // The legend sits in the title row, right-aligned, so it never hides a curve.
    const legendX = axes.right - (series.length - i) * 84;
    out.push(`<rect x="${legendX}" y="${y0 + 9}" width="10" height="10" fill="${s.color}"/>`);
    out.push(
      `<text x="${legendX + 14}" y="${y0 + 18}" font-size="11">${escapeXml(s.label)}</text>`,
    );
  });
  return out.join('\n');
}

export function learningCurvesSvg(history: readonly EpochRecord[], title: string): string {
  const quantities = ['loss', ...Object.keys(history[0]?.metrics ?? {})];
  const width = 420;
  const height = 280;
  const panels = quantities.map((q, i) => {
    const train: Series = {
      label: 'training',
      color: '#1f77b4',
      points: history.map((r) => [r.epoch, q === 'loss' ? r.loss : r.metrics[q]]),
    };
    const series = [train];
    if (history.some((r) => r.validation)) {
      series.push({
        label: 'validation',
        color: '#ff7f0e',
        points: history
          .filter((r) => r.validation)
          .map((r) => [r.epoch, q === 'loss' ? r.validation!.loss : r.validation!.metrics[q]]),
      });
    }
    return panel(q, series, i * width, 30, width, height);
  });
  const total = Math.max(1, quantities.length) * width;
  return svgDocument(total, height + 40, title, panels);
}

/** Renders an SVG to PNG with resvg (a native module shipped in its npm package). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
}

export { escapeXml };
