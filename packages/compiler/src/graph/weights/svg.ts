// The weights view of one snapshot as a self-contained SVG string: every unit a node (its bias as
// a small square and a label), every connection a curve coloured by sign and as wide as |w|, and
// for 2-D inputs each node a heat map of its output over the input plane. Large layers become
// weight histograms. Pure and deterministic; all text escaped; no node:* (the playground reuses it).

import { escapeXml, formatCount } from '../text.js';
import { outputsInUnitInterval, unitValues, type Weights } from './forward.js';
import type { DenseLayerView, NetworkView, OpaqueLayerView } from './network.js';
import {
  histogram,
  histogramBars,
  round,
  shortNumber,
  signColor,
  signRgb,
  weightColor,
  weightWidth,
} from './paint.js';
import { pngDataUrl } from './png.js';

export interface WeightsFrame {
  /** Optimizer steps done (undefined for a checkpoint, which records epochs only). */
  step?: number;
  epoch: number;
  loss?: number;
  weights: Weights;
}

export interface PlanePoint {
  x: number;
  y: number;
  label: number;
}

export interface WeightsSvgOptions {
  /** The input plane a 2-D network's heat maps cover; [−1, 1]² by default. */
  plane?: { x: readonly [number, number]; y: readonly [number, number] };
  /** Training points drawn on the output's map, coloured by label. */
  points?: readonly PlanePoint[];
  /** Heat-map cells per side of a node (default 24); the output map has 48. */
  resolution?: number;
}

/** Beyond these a layer is drawn as histograms, not as units and connections. */
export const MAX_DRAWN_UNITS = 64;
export const MAX_DRAWN_EDGES = 4096;

const font =
  'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "DejaVu Sans", sans-serif';
const ink = '#1e293b';
const muted = '#475569';
const node = 44;
const rowGap = 34;
const columnGap = 170;
const panel = { width: 170, height: 128 };
const outputMap = 176;
const margin = { top: 84, left: 40, right: 40, bottom: 108 };

interface Column {
  label: string;
  sublabel: string;
  x: number;
  /** Unit centres; empty when the column is a panel. */
  ys: number[];
  layer?: DenseLayerView | OpaqueLayerView;
  /** Heat-map values per unit, [cells] each. */
  maps?: Float32Array[];
}

const drawnAsUnits = (units: number, inputs: number, inputsDrawn: boolean) =>
  units <= MAX_DRAWN_UNITS && inputsDrawn && units * inputs <= MAX_DRAWN_EDGES;

/**
 * Texts with subscript digits (x₁, x₂) name a font that has them first: Helvetica-like fonts lack
 * them, and a PNG renderer then drew the whole line in a serif fallback, unlike its neighbours.
 */
function withSubscriptFont(svg: string): string {
  const first = `"DejaVu Sans", ${font.replace(', "DejaVu Sans"', '')}`;
  return svg.replace(/<text (?=[^>]*>[^<]*[₀-₉])/g, `<text font-family='${first}' `);
}

export function renderWeightsSvg(
  view: NetworkView,
  frame: WeightsFrame,
  options: WeightsSvgOptions = {},
): string {
  const resolution = options.resolution ?? 24;
  const plane = options.plane ?? { x: [-1, 1] as const, y: [-1, 1] as const };
  const withMaps = view.computable && view.inputs === 2;
  const grid = withMaps ? planeGrid(plane, resolution) : undefined;
  const values = grid ? unitValues(view, frame.weights, grid, resolution * resolution) : undefined;

  // Columns: the inputs, then each layer; units only where the layer is small enough.
  const columns: Column[] = [];
  const inputsDrawn = view.inputs <= MAX_DRAWN_UNITS;
  columns.push({
    label: 'input',
    sublabel: `${formatCount(view.inputs)} value${view.inputs === 1 ? '' : 's'}`,
    x: 0,
    ys: inputsDrawn ? new Array(view.inputs).fill(0) : [],
    ...(grid ? { maps: [0, 1].map((axis) => grid.filter((_, i) => i % 2 === axis)) } : {}),
  });
  let previousDrawn = inputsDrawn;
  view.layers.forEach((layer, index) => {
    const drawn = layer.kind === 'dense' && drawnAsUnits(layer.units, layer.inputs, previousDrawn);
    const units = layer.kind === 'dense' ? layer.units : layer.outputs;
    const activation =
      layer.kind === 'dense'
        ? layer.activations.map((a) => a.name).join(' · ') || 'linear'
        : layer.layer;
    // Outputs in [0, 1] are coloured as 2u − 1: ½ (undecided) is neutral grey.
    const centred =
      layer.kind === 'dense' && outputsInUnitInterval(layer)
        ? (v: number) => 2 * v - 1
        : (v: number) => v;
    columns.push({
      label: layer.name,
      sublabel: `${formatCount(units)} unit${units === 1 ? '' : 's'} · ${activation}`,
      x: 0,
      ys: drawn ? new Array(units).fill(0) : [],
      layer,
      ...(drawn && values
        ? {
            maps: Array.from({ length: units }, (_, u) =>
              Float32Array.from({ length: resolution * resolution }, (_, c) =>
                centred(values[index].outputs[c * units + u]),
              ),
            ),
          }
        : {}),
    });
    previousDrawn = drawn;
  });

  const tallest = Math.max(
    ...columns.map((c) => (c.ys.length ? c.ys.length * (node + rowGap) - rowGap : panel.height)),
  );
  const bodyHeight = Math.max(tallest, withMaps ? outputMap + 40 : 0);
  // Units sit `columnGap` apart; a panel (a histogram box) takes its own width besides.
  const halfWidth = (c: Column, i: number) =>
    c.ys.length ? node / 2 : i === 0 ? 30 : panel.width / 2;
  columns.forEach((column, i) => {
    column.x =
      i === 0
        ? margin.left + halfWidth(column, 0)
        : columns[i - 1].x +
          halfWidth(columns[i - 1], i - 1) +
          columnGap -
          node +
          halfWidth(column, i);
    const height = column.ys.length * (node + rowGap) - rowGap;
    const top = margin.top + 24 + (bodyHeight - height) / 2;
    column.ys = column.ys.map((_, u) => top + u * (node + rowGap) + node / 2);
  });
  const last = columns.at(-1)!;
  const lastLayer = view.layers.at(-1);
  const showOutputMap = withMaps && lastLayer?.kind === 'dense' && last.maps !== undefined;
  const outputX = last.x + node / 2 + 70;
  const width = Math.max(
    660,
    (showOutputMap ? outputX + outputMap : last.x + panel.width / 2) + margin.right,
  );
  const height = margin.top + 24 + bodyHeight + margin.bottom;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" font-family='${font}'>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="30" font-size="18" font-weight="600" fill="${ink}">${escapeXml(view.model)}</text>`,
    `<text x="${margin.left}" y="52" font-size="13" fill="${muted}">${escapeXml(caption(frame))}</text>`,
  );
  // Connections under the nodes, weakest first so strong ones stay visible.
  for (let i = 1; i < columns.length; i++) {
    const from = columns[i - 1];
    const to = columns[i];
    const layer = to.layer;
    if (layer?.kind !== 'dense' || !to.ys.length || !from.ys.length) {
      parts.push(band(from, to, margin.top + 24 + bodyHeight / 2));
      continue;
    }
    const kernel = frame.weights[layer.kernel];
    const edges: { i: number; u: number; w: number }[] = [];
    for (let k = 0; k < layer.inputs; k++)
      for (let u = 0; u < layer.units; u++) edges.push({ i: k, u, w: kernel[k * layer.units + u] });
    edges.sort((a, b) => Math.abs(a.w) - Math.abs(b.w) || a.i - b.i || a.u - b.u);
    const x1 = from.x + node / 2;
    const x2 = to.x - node / 2;
    const middle = (x1 + x2) / 2;
    for (const e of edges) {
      const y1 = from.ys[e.i];
      const y2 = to.ys[e.u];
      parts.push(
        `<path d="M${round(x1)} ${round(y1)}C${round(middle)} ${round(y1)} ${round(middle)} ${round(y2)} ${round(x2)} ${round(y2)}" fill="none" stroke="${weightColor(e.w)}" stroke-width="${weightWidth(e.w)}" stroke-opacity="0.85" class="edge"><title>${escapeXml(`${from.label} ${e.i + 1} → ${to.label} ${e.u + 1}: w = ${shortNumber(e.w)}`)}</title></path>`,
      );
    }
  }
  for (const [index, column] of columns.entries()) {
    parts.push(
      `<text x="${round(column.x)}" y="${margin.top}" font-size="13" font-weight="600" fill="${ink}" text-anchor="middle">${escapeXml(column.label)}</text>`,
      `<text x="${round(column.x)}" y="${margin.top + 15}" font-size="11" fill="${muted}" text-anchor="middle">${escapeXml(column.sublabel)}</text>`,
    );
    if (!column.ys.length) {
      parts.push(
        index === 0 ? inputBox(column, bodyHeight) : layerPanel(column, frame.weights, bodyHeight),
      );
      continue;
    }
    const layer = column.layer?.kind === 'dense' ? column.layer : undefined;
    const bias = layer?.bias ? frame.weights[layer.bias] : undefined;
    column.ys.forEach((y, u) => {
      const x = column.x - node / 2;
      const top = y - node / 2;
      const name = index === 0 ? view.inputNames[u] : `${column.label} ${u + 1}`;
      parts.push(
        `<g class="unit"><title>${escapeXml(bias ? `${name}: bias ${shortNumber(bias[u])}` : name)}</title>`,
      );
      if (column.maps) parts.push(heatMap(column.maps[u], resolution, x, top, node));
      else
        parts.push(
          `<rect x="${round(x)}" y="${round(top)}" width="${node}" height="${node}" fill="#f8fafc"/>`,
        );
      parts.push(
        `<rect x="${round(x)}" y="${round(top)}" width="${node}" height="${node}" fill="none" stroke="${ink}" stroke-width="1"/>`,
      );
      if (bias) {
        parts.push(
          `<rect x="${round(x - 5)}" y="${round(top + node - 7)}" width="12" height="12" fill="${signColor(bias[u])}" stroke="${ink}" stroke-width="0.8"/>`,
          `<text x="${round(column.x)}" y="${round(top + node + 14)}" font-size="10" fill="${muted}" text-anchor="middle">b ${escapeXml(shortNumber(bias[u]))}</text>`,
        );
      } else if (index === 0) {
        parts.push(
          `<text x="${round(column.x)}" y="${round(top + node + 14)}" font-size="11" fill="${muted}" text-anchor="middle">${escapeXml(name)}</text>`,
        );
      }
      parts.push('</g>');
    });
  }
  if (showOutputMap) {
    // The output map is larger, so it gets a finer grid of its own.
    const fine = 48;
    const outputs = unitValues(view, frame.weights, planeGrid(plane, fine), fine * fine).at(-1)!;
    const units = (lastLayer as DenseLayerView).units;
    const unitInterval = outputsInUnitInterval(lastLayer as DenseLayerView);
    const map = Float32Array.from({ length: fine * fine }, (_, c) => {
      const v = outputs.outputs[c * units];
      return unitInterval ? 2 * v - 1 : v;
    });
    parts.push(
      outputPanel(
        map,
        fine,
        outputX,
        margin.top + 24 + (bodyHeight - outputMap) / 2,
        plane,
        options.points ?? [],
      ),
    );
  }
  const summarised = columns.some((c, i) => i > 0 && !c.ys.length);
  parts.push(legend(margin.left, height - margin.bottom + 26, withMaps, summarised));
  parts.push('</svg>');
  return withSubscriptFont(parts.join('\n') + '\n');
}

function caption(frame: WeightsFrame): string {
  const at =
    frame.step === undefined
      ? `checkpoint after epoch ${formatCount(frame.epoch)}`
      : frame.step === 0
        ? 'initial weights (step 0)'
        : `after ${formatCount(frame.step)} step${frame.step === 1 ? '' : 's'} (epoch ${formatCount(frame.epoch)})`;
  const loss =
    frame.loss !== undefined && Number.isFinite(frame.loss)
      ? ` · training loss ${shortNumber(frame.loss)}`
      : '';
  return at + loss;
}

/** x₁ varies along the row, x₂ down the column from its top (largest) value: the plane's points. */
function planeGrid(plane: NonNullable<WeightsSvgOptions['plane']>, n: number): Float32Array {
  const grid = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) {
      const c = row * n + col;
      grid[2 * c] = plane.x[0] + ((col + 0.5) / n) * (plane.x[1] - plane.x[0]);
      grid[2 * c + 1] = plane.y[1] - ((row + 0.5) / n) * (plane.y[1] - plane.y[0]);
    }
  return grid;
}

/** The values (rows from the top) as a small PNG stretched over the square, smoothed as it scales. */
function heatMap(values: Float32Array, n: number, x: number, y: number, size: number): string {
  const rgb = new Uint8Array(n * n * 3);
  for (let c = 0; c < n * n; c++) rgb.set(signRgb(values[c]), 3 * c);
  return `<image x="${round(x)}" y="${round(y)}" width="${round(size)}" height="${round(size)}" preserveAspectRatio="none" href="${pngDataUrl(n, n, rgb)}"/>`;
}

/** Two columns joined by a plain band where the connections are not drawn one by one. */
function band(from: Column, to: Column, centre: number): string {
  const half = (c: Column, first: boolean) =>
    c.ys.length ? node / 2 : first ? 30 : panel.width / 2;
  const x1 = from.x + half(from, from.layer === undefined) + 4;
  const x2 = to.x - half(to, false) - 4;
  return `<path d="M${round(x1)} ${round(centre)}H${round(x2)}" stroke="#cbd5e1" stroke-width="10" stroke-linecap="round"/>`;
}

function inputBox(column: Column, bodyHeight: number): string {
  const top = margin.top + 24 + (bodyHeight - panel.height) / 2;
  return `<rect x="${round(column.x - 30)}" y="${round(top)}" width="60" height="${panel.height}" rx="6" fill="#f1f5f9" stroke="${ink}"/>`;
}

/** A layer too large to draw unit by unit: its weights' and biases' histograms. */
function layerPanel(column: Column, weights: Weights, bodyHeight: number): string {
  const layer = column.layer!;
  const params =
    layer.kind === 'dense' ? [layer.kernel, ...(layer.bias ? [layer.bias] : [])] : layer.params;
  const left = column.x - panel.width / 2;
  const top = margin.top + 24 + (bodyHeight - panel.height) / 2;
  const parts = [
    `<rect x="${round(left)}" y="${round(top)}" width="${panel.width}" height="${panel.height}" rx="6" fill="#f8fafc" stroke="${ink}"/>`,
  ];
  const shown = params.slice(0, 2);
  const slot = (panel.height - 8) / Math.max(1, shown.length);
  shown.forEach((name, i) => {
    const values = weights[name];
    const h = histogram(values);
    const y = top + 4 + i * slot;
    const short = name.slice(name.lastIndexOf('/') + 1);
    parts.push(
      histogramBars(h, left + 8, y + 4, panel.width - 16, slot - 28),
      `<text x="${round(left + 8)}" y="${round(y + slot - 13)}" font-size="10" fill="${ink}">${escapeXml(h.limit ? `${short}: ${formatCount(values.length)} · |w| ≤ ${shortNumber(h.limit)}` : `${short}: ${formatCount(values.length)}, all 0`)}</text>`,
      `<text x="${round(left + 8)}" y="${round(y + slot - 2)}" font-size="10" fill="${muted}">${escapeXml(`mean ${shortNumber(h.mean)} · sd ${shortNumber(h.std)}`)}</text>`,
    );
  });
  return parts.join('\n');
}

function outputPanel(
  map: Float32Array,
  resolution: number,
  x: number,
  y: number,
  plane: NonNullable<WeightsSvgOptions['plane']>,
  points: readonly PlanePoint[],
): string {
  const parts = [
    `<text x="${round(x + outputMap / 2)}" y="${round(y - 8)}" font-size="12" fill="${ink}" text-anchor="middle">output over the input plane</text>`,
    // Paler than the nodes, so the points (in full colour) stand out on their region.
    `<g opacity="0.62">${heatMap(map, resolution, x, y, outputMap)}</g>`,
    `<rect x="${round(x)}" y="${round(y)}" width="${outputMap}" height="${outputMap}" fill="none" stroke="${ink}"/>`,
  ];
  const sx = (v: number) => x + ((v - plane.x[0]) / (plane.x[1] - plane.x[0])) * outputMap;
  const sy = (v: number) => y + ((plane.y[1] - v) / (plane.y[1] - plane.y[0])) * outputMap;
  for (const p of points)
    parts.push(
      `<circle cx="${round(sx(p.x))}" cy="${round(sy(p.y))}" r="${points.length <= 20 ? 6 : 3}" fill="${p.label > 0 ? '#0877bd' : '#f59322'}" stroke="#ffffff" stroke-width="1"/>`,
    );
  parts.push(
    `<text x="${round(x)}" y="${round(y + outputMap + 14)}" font-size="10" fill="${muted}">${escapeXml(`x₁ ${shortNumber(plane.x[0])} … ${shortNumber(plane.x[1])}`)}</text>`,
    `<text x="${round(x + outputMap)}" y="${round(y + outputMap + 14)}" font-size="10" fill="${muted}" text-anchor="end">${escapeXml(`x₂ ${shortNumber(plane.y[0])} … ${shortNumber(plane.y[1])} (up)`)}</text>`,
  );
  return parts.join('\n');
}

function legend(x: number, y: number, withMaps: boolean, summarised: boolean): string {
  const parts: string[] = [];
  const stops = 40;
  for (let i = 0; i < stops; i++)
    parts.push(
      `<rect x="${round(x + i * 4)}" y="${round(y)}" width="4.3" height="10" fill="${signColor(-1 + (2 * (i + 0.5)) / stops)}"/>`,
    );
  parts.push(
    `<text x="${x}" y="${round(y + 24)}" font-size="10" fill="${muted}">−1</text>`,
    `<text x="${x + 80}" y="${round(y + 24)}" font-size="10" fill="${muted}" text-anchor="middle">0</text>`,
    `<text x="${x + 160}" y="${round(y + 24)}" font-size="10" fill="${muted}" text-anchor="end">+1</text>`,
    `<text x="${x + 176}" y="${round(y + 9)}" font-size="11" fill="${ink}">colour: sign of weights, biases${withMaps ? ', outputs' : ''} (orange −, blue +)</text>`,
  );
  let at = x + 176;
  for (const w of [0.5, 1, 2, 5]) {
    parts.push(
      `<line x1="${at}" y1="${round(y + 22)}" x2="${at + 30}" y2="${round(y + 22)}" stroke="${weightColor(w)}" stroke-width="${weightWidth(w)}"/>`,
      `<text x="${at + 34}" y="${round(y + 26)}" font-size="10" fill="${muted}">${w}</text>`,
    );
    at += 58;
  }
  parts.push(
    `<text x="${at + 4}" y="${round(y + 26)}" font-size="11" fill="${ink}">width: |w|</text>`,
    ...(withMaps
      ? [
          "Each node shows its unit's output over the input plane (x₁ across, x₂ up);",
          'an output in [0, 1] is drawn as 2u − 1, so ½ is grey. The small square is the bias.',
        ]
      : summarised
        ? [
            `A layer of more than ${MAX_DRAWN_UNITS} units or ${formatCount(MAX_DRAWN_EDGES)} connections is shown as histograms`,
            'of its weights and biases (bar height ∝ √count, dashed line at 0).',
          ]
        : ["The small square at a node's corner is its bias."]
    ).map(
      (line, k) =>
        `<text x="${x}" y="${round(y + 46 + 15 * k)}" font-size="11" fill="${muted}">${escapeXml(line)}</text>`,
    ),
  );
  return parts.join('\n');
}
