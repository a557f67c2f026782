// What AdaBoost training shows: the per-round table (ε_t, α_t, error of H_t, weight on H_t's
// errors, and why a round was refused), the staged accuracy curves, and for 2-D inputs a grid of
// the ensemble's decision regions after each round with the points sized by their weights.

import type { CompiledModel } from '../core/compiled-model.js';
import type { Dataset } from '../data/dataset.js';
import type { SammeRound } from '../boost/samme.js';
import { drawAxes, escapeXml, linePath, palette, svgDocument } from '../report/plot-axes.js';
import { predictClasses } from './boost.js';

const number = (value: number | undefined, width: number) =>
  (value === undefined ? '—' : value.toFixed(4)).padStart(width);

/** The table's header; binary ensembles also show the deck's α = ½·ln((1 − ε)/ε). */
export function boostTableHeader(classes: number): string {
  const deck = classes === 2 ? `  ${'α_t (½·ln)'.padStart(10)}` : '';
  return `round  ${'ε_t'.padStart(8)}  ${'α_t'.padStart(8)}${deck}  ${'error H_t'.padStart(9)}  ${'w on H_t errors'.padStart(15)}`;
}

/** One row per attempt; a refused attempt's row says why and what happens next. */
export function boostTableRow(round: SammeRound, classes: number): string {
  const label = round.attempt > 1 ? `${round.round}.${round.attempt}` : String(round.round);
  const deck =
    classes === 2 ? `  ${number(round.alpha === undefined ? undefined : round.alpha / 2, 10)}` : '';
  const row =
    `${label.padStart(5)}  ${number(round.error, 8)}  ${number(round.alpha, 8)}${deck}` +
    `  ${number(round.ensembleError, 9)}  ${number(round.massOnEnsembleErrors, 15)}`;
  return round.note ? `${row}\n       round ${round.round}: ${round.note}` : row;
}

/**
 * Accuracy of H_t after each round, one line per data split. `roundNumbers`: the round of each
 * kept learner, when some rounds kept none (`on_weak = skip`); else learner t is round t.
 */
export function stagedAccuracySvg(
  series: { label: string; values: readonly number[] }[],
  title: string,
  roundNumbers?: readonly number[],
): string {
  const width = 520;
  const height = 320;
  const roundOf = (t: number) => roundNumbers?.[t] ?? t + 1;
  const rounds = Math.max(
    1,
    ...series.map((s) => (s.values.length ? roundOf(s.values.length - 1) : 0)),
  );
  const all = series.flatMap((s) => s.values);
  const low = Math.max(0, Math.floor((Math.min(1, ...all) - 0.05) * 10) / 10);
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width,
    height,
    title: 'accuracy of H_t',
    xLabel: 'round t',
    xRange: [1, Math.max(2, rounds)],
    yRange: [low, 1],
    integerX: true,
  });
  const body = [...axes.svg];
  series.forEach((s, i) => {
    const color = palette[i % palette.length];
    const points = s.values.map((v, t) => [roundOf(t), v] as [number, number]);
    body.push(linePath(axes, points, color));
    for (const [x, y] of points)
      body.push(
        `<circle cx="${axes.sx(x).toFixed(1)}" cy="${axes.sy(y).toFixed(1)}" r="3" fill="${color}"/>`,
      );
    const legendX = axes.right - (series.length - i) * 96;
    body.push(`<rect x="${legendX}" y="39" width="10" height="10" fill="${color}"/>`);
    body.push(`<text x="${legendX + 14}" y="48" font-size="11">${escapeXml(s.label)}</text>`);
  });
  return svgDocument(width, height + 40, title, body);
}

/** A grid over the data's bounding box (10 % margin), as a data set of 2-D points, row by row. */
function planeGrid(data: Dataset, resolution: number) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < data.count; i++) {
    xs.push(data.inputs[2 * i]);
    ys.push(data.inputs[2 * i + 1]);
  }
  const pad =
    0.1 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-6);
  const box = {
    x0: Math.min(...xs) - pad,
    x1: Math.max(...xs) + pad,
    y0: Math.min(...ys) - pad,
    y1: Math.max(...ys) + pad,
  };
  const inputs = new Float32Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++)
    for (let c = 0; c < resolution; c++) {
      inputs[2 * (r * resolution + c)] = box.x0 + ((c + 0.5) / resolution) * (box.x1 - box.x0);
      inputs[2 * (r * resolution + c) + 1] = box.y1 - ((r + 0.5) / resolution) * (box.y1 - box.y0);
    }
  const grid: Dataset = {
    inputs,
    targets: new Int32Array(resolution * resolution),
    count: resolution * resolution,
    inputShape: [2],
    targetShape: [],
    task: 'classification',
  };
  return { grid, box, xs, ys };
}

/**
 * One panel per round t: the plane coloured by H_t's class, the boundary of that round's learner
 * h_t as a dark line, and the training points sized by the weights h_t was trained on. Panels are
 * titled by `roundNumbers` (each kept learner's round) when given.
 */
export function boostBoundariesSvg(
  learners: readonly CompiledModel[],
  alphas: readonly number[],
  classes: number,
  data: Dataset,
  labels: Int32Array,
  trainedOn: readonly Float64Array[],
  title: string,
  resolution = 60,
  roundNumbers?: readonly number[],
): string {
  const roundOf = (t: number) => roundNumbers?.[t] ?? t + 1;
  const { grid, box, xs, ys } = planeGrid(data, resolution);
  const learnerGrid = learners.map((learner) => predictClasses(learner, grid));
  const columns = Math.min(4, learners.length);
  const size = 220;
  const gap = 12;
  const cell = size / resolution;
  const scores = new Float64Array(grid.count * classes);
  const body: string[] = [];
  learners.forEach((_, t) => {
    const left = (t % columns) * (size + gap) + gap;
    const top = 40 + Math.floor(t / columns) * (size + 34);
    const h = learnerGrid[t];
    for (let i = 0; i < grid.count; i++) scores[i * classes + h[i]] += alphas[t];
    body.push(
      `<text x="${left + size / 2}" y="${top + 14}" text-anchor="middle" font-size="12">` +
        `${escapeXml(`H_${roundOf(t)} after round ${roundOf(t)}, α_${roundOf(t)} = ${alphas[t].toFixed(3)}`)}</text>`,
    );
    const y0 = top + 20;
    let boundaryShown = false;
    for (let r = 0; r < resolution; r++)
      for (let c = 0; c < resolution; c++) {
        const i = r * resolution + c;
        let best = 0;
        for (let k = 1; k < classes; k++)
          if (scores[i * classes + k] > scores[i * classes + best]) best = k;
        body.push(
          `<rect x="${(left + c * cell).toFixed(2)}" y="${(y0 + r * cell).toFixed(2)}" width="${(cell + 0.05).toFixed(2)}" height="${(cell + 0.05).toFixed(2)}" fill="${palette[best % palette.length]}" fill-opacity="0.3"/>`,
        );
        // h_t's own boundary: cells whose right or lower neighbour h_t puts in another class.
        const right = c + 1 < resolution && h[i + 1] !== h[i];
        const below = r + 1 < resolution && h[i + resolution] !== h[i];
        if (right || below) boundaryShown = true;
        if (right || below)
          body.push(
            `<rect x="${(left + c * cell + cell / 2 - 1).toFixed(2)}" y="${(y0 + r * cell + cell / 2 - 1).toFixed(2)}" width="2.4" height="2.4" fill="#222"/>`,
          );
      }
    const weights = trainedOn[t];
    const mean = 1 / data.count;
    for (let i = 0; i < data.count; i++) {
      const px = left + ((xs[i] - box.x0) / (box.x1 - box.x0)) * size;
      const py = y0 + ((box.y1 - ys[i]) / (box.y1 - box.y0)) * size;
      // Area proportional to the weight: radius 2.5 at the uniform weight 1/N, capped.
      const radius = Math.min(12, 2.5 * Math.sqrt(weights[i] / mean));
      body.push(
        `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="${radius.toFixed(2)}" fill="${palette[labels[i] % palette.length]}" stroke="white" stroke-width="0.6"/>`,
      );
    }
    body.push(
      `<rect x="${left}" y="${y0}" width="${size}" height="${size}" fill="none" stroke="#888"/>`,
    );
    // No dark line: h_t's boundary lies outside the panel, so say what h_t gives in it instead.
    if (!boundaryShown)
      body.push(
        `<text x="${left + size / 2}" y="${y0 + size - 6}" text-anchor="middle" font-size="11" fill="#222">` +
          `${escapeXml(`h_${roundOf(t)}: ${data.classNames?.[h[0]] ?? `class ${h[0]}`} everywhere in view`)}</text>`,
      );
  });
  const rows = Math.ceil(learners.length / columns);
  const width = Math.max(columns * (size + gap) + gap, 520);
  // Which colour is which class (the data's own class names when it has them), then how to read a panel.
  const legendY = 40 + rows * (size + 34) + 10;
  const names = Array.from({ length: classes }, (_, k) => data.classNames?.[k] ?? `class ${k}`);
  const swatchWidths = names.map((name) => 22 + name.length * 6.5);
  let x = (width - swatchWidths.reduce((sum, w) => sum + w, 0)) / 2;
  names.forEach((name, k) => {
    body.push(
      `<circle cx="${(x + 5).toFixed(1)}" cy="${legendY - 4}" r="5" fill="${palette[k % palette.length]}"/>`,
      `<text x="${(x + 14).toFixed(1)}" y="${legendY}" font-size="11">${escapeXml(name)}</text>`,
    );
    x += swatchWidths[k];
  });
  const legend =
    'background: class of H_t · dark line: boundary of h_t · point area: weight h_t was trained on';
  body.push(
    `<text x="${width / 2}" y="${legendY + 18}" text-anchor="middle" font-size="11">${escapeXml(legend)}</text>`,
  );
  return svgDocument(width, legendY + 30, title, body);
}
