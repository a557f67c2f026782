// Learning curves as a self-contained SVG: one panel per quantity (loss, then each metric), the
// training and validation values per epoch as two lines with points, axes with ticks and a legend;
// and the same picture as PNG through resvg.

import type { EpochRecord } from './fit.js';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

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
  yMin -= pad;
  yMax += pad;
  const [xMin, xMax] = [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)];
  const left = x0 + 56;
  const right = x0 + width - 24; // room for the last x label
  const top = y0 + 28;
  const bottom = y0 + height - 36;
  const sx = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (right - left);
  const sy = (y: number) => bottom - ((y - yMin) / (yMax - yMin)) * (bottom - top);
  const out = [`<text x="${left}" y="${y0 + 18}" font-weight="bold">${escapeXml(title)}</text>`];
  out.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#ccc"/>`,
  );
  for (const t of niceTicks(yMin, yMax)) {
    out.push(
      `<line x1="${left}" x2="${right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`,
    );
    out.push(
      `<text x="${left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${t}</text>`,
    );
  }
  for (const t of niceTicks(xMin, xMax, Math.min(10, xMax - xMin)).filter(Number.isInteger)) {
    out.push(
      `<text x="${sx(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" font-size="11">${t}</text>`,
    );
  }
  out.push(
    `<text x="${(left + right) / 2}" y="${bottom + 30}" text-anchor="middle" font-size="11">epoch</text>`,
  );
  series.forEach((s, i) => {
    const points = s.points.filter(([, y]) => Number.isFinite(y));
    if (points.length === 0) return;
    const d = points
      .map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(' ');
    out.push(`<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    if (points.length <= 60)
      for (const [x, y] of points)
        out.push(
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`,
        );
    // The legend sits in the title row, right-aligned, so it never hides a curve.
    const legendX = right - (series.length - i) * 84;
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
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height + 40}" viewBox="0 0 ${total} ${height + 40}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${total / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...panels,
    '</svg>',
  ].join('\n');
}

/** Renders an SVG to PNG with resvg (a native module shipped in its npm package). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
}

export { escapeXml };
