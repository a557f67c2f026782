// The network diagram as a self-contained SVG string: a title with the model's name and total
// parameters, a legend of the layer categories present, block instances as dashed clusters, one box
// per input and layer, and smooth arrows for the data flow. Deterministic (same model, same bytes);
// every piece of text is XML-escaped; only presentation attributes, so it can be inlined in HTML.

import { builtinCatalogue } from '../compile.js';
import type { Catalogue } from '../catalogue/types.js';
import type { ModelGraph } from '../check/graph.js';
import type { ModelSummary } from '../summary/summary.js';
import { buildDiagram, type BoxCategory, type Diagram, type DiagramBox } from './diagram.js';
import { layoutDiagram, round, type Point, type Rect } from './layout.js';
import { escapeXml, textWidth, truncate } from './text.js';

export interface SvgOptions {
  /** The vocabulary the layers' categories come from; the built-in one by default. */
  catalogue?: Catalogue;
}

const font =
  'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "DejaVu Sans", sans-serif';
const ink = '#1e293b';
const muted = '#475569';
const faint = '#94a3b8';

/** Stroke (strong) and fill (light) per category; inputs are dark pills. */
export const categoryColors: Record<BoxCategory, { stroke: string; fill: string }> = {
  input: { stroke: '#1e293b', fill: '#334155' },
  core: { stroke: '#2563eb', fill: '#dbeafe' },
  convolution: { stroke: '#ea580c', fill: '#ffedd5' },
  pooling: { stroke: '#0891b2', fill: '#cffafe' },
  normalization: { stroke: '#7c3aed', fill: '#ede9fe' },
  regularization: { stroke: '#64748b', fill: '#f1f5f9' },
  recurrent: { stroke: '#db2777', fill: '#fce7f3' },
  attention: { stroke: '#dc2626', fill: '#fee2e2' },
  merge: { stroke: '#ca8a04', fill: '#fef9c3' },
  reshaping: { stroke: '#65a30d', fill: '#ecfccb' },
  activation: { stroke: '#059669', fill: '#d1fae5' },
};

const size = {
  kind: 13,
  name: 12,
  detail: 11.5,
  title: 17,
  doc: 12,
  legend: 11.5,
  cluster: 11.5,
  tag: 9.5,
};
const lineHeight = { kind: 17, name: 15, detail: 15 };
const boxPadding = { x: 14, y: 8 };
const minBoxWidth = 150;
const clusterLabelHeight = 16;

export function renderModelSvg(
  graph: ModelGraph,
  summary: ModelSummary,
  options: SvgOptions = {},
): string {
  const diagram = buildDiagram(graph, summary, options.catalogue ?? builtinCatalogue());
  return renderDiagramSvg(diagram);
}

export function renderDiagramSvg(diagram: Diagram): string {
  // Every layer box gets the width of the widest, so a sequential model reads as a straight column.
  const boxWidth = Math.ceil(
    Math.max(minBoxWidth, ...diagram.boxes.map((b) => contentWidth(b) + 2 * boxPadding.x)),
  );
  const laid = layoutDiagram(
    diagram.boxes.map((b) => ({
      id: b.id,
      width: boxWidth,
      height: boxHeight(b),
      ...(b.cluster ? { cluster: b.cluster } : {}),
    })),
    diagram.clusters.map((c) => ({
      id: c.id,
      labelHeight: clusterLabelHeight,
      ...(c.parent ? { parent: c.parent } : {}),
    })),
    diagram.edges,
  );

  const header = renderHeader(diagram, Math.max(laid.width, 360));
  const width = Math.ceil(Math.max(laid.width, header.width));
  const height = Math.ceil(header.height + laid.height);
  const dx = round((width - laid.width) / 2);
  const dy = header.height;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(font)}" role="img">`,
    `<title>${escapeXml(`${diagram.model} — ${diagram.params}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...header.parts,
    `<g transform="translate(${dx},${dy})">`,
  );
  for (const cluster of diagram.clusters) {
    const r = laid.clusters.get(cluster.id)!;
    out.push(
      `<g class="cluster">`,
      `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="8" fill="none" stroke="${faint}" stroke-width="1.2" stroke-dasharray="5 4"/>`,
      '</g>',
    );
  }
  for (const edge of diagram.edges) {
    const { line, head } = arrow(laid.edges.get(edge.id)!);
    out.push(
      `<path class="edge" d="${smoothPath(line)}" fill="none" stroke="${muted}" stroke-width="1.4"/>`,
      `<path class="arrowhead" d="${head}" fill="${muted}"/>`,
    );
  }
  // Cluster labels go over the edges, on a white backing, so a skip connection never strikes one out.
  for (const cluster of diagram.clusters) {
    const r = laid.clusters.get(cluster.id)!;
    const labelWidth = Math.ceil(textWidth(cluster.label, size.cluster) + 6);
    out.push(
      `<g class="cluster-label">`,
      `<rect x="${round(r.x + 5)}" y="${round(r.y + 2)}" width="${labelWidth}" height="15" fill="#ffffff" fill-opacity="0.9"/>`,
      `<text x="${round(r.x + 8)}" y="${round(r.y + 13.5)}" font-size="${size.cluster}" fill="${muted}">${escapeXml(cluster.label)}</text>`,
      '</g>',
    );
  }
  for (const box of diagram.boxes) out.push(...renderBox(box, laid.boxes.get(box.id)!));
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

function contentWidth(box: DiagramBox): number {
  const kindLine =
    textWidth(box.kind, size.kind, true) +
    (box.activation ? textWidth(`\u00a0· ${box.activation}`, size.kind) : 0);
  const nameLine = box.name ? textWidth(box.name, size.name) : 0;
  return Math.max(kindLine, nameLine, textWidth(box.detail, size.detail));
}

function boxHeight(box: DiagramBox): number {
  return 2 * boxPadding.y + lineHeight.kind + (box.name ? lineHeight.name : 0) + lineHeight.detail;
}

function renderBox(box: DiagramBox, r: Rect): string[] {
  const colors = categoryColors[box.category];
  const isInput = box.role === 'input';
  const cx = round(r.x + r.width / 2);
  const text = isInput ? '#ffffff' : ink;
  const subtle = isInput ? '#cbd5e1' : muted;
  const out = [
    `<g class="box ${box.role}" data-category="${box.category}"${box.role === 'layer' ? ` data-node="${box.id.slice('layer:'.length)}"` : ''}>`,
    `<title>${escapeXml(box.tooltip)}</title>`,
    `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="${isInput ? round(r.height / 2) : 6}" fill="${colors.fill}" stroke="${box.isOutput ? ink : colors.stroke}" stroke-width="${box.isOutput ? 2.4 : 1.4}"/>`,
  ];
  let y = r.y + boxPadding.y;
  y += lineHeight.kind;
  const activation = box.activation
    ? `<tspan font-weight="normal" fill="${subtle}">\u00a0· ${escapeXml(box.activation)}</tspan>`
    : '';
  out.push(
    `<text x="${cx}" y="${round(y - 4)}" text-anchor="middle" font-size="${size.kind}" font-weight="bold" fill="${text}">${escapeXml(box.kind)}${activation}</text>`,
  );
  if (box.name) {
    y += lineHeight.name;
    out.push(
      `<text x="${cx}" y="${round(y - 4)}" text-anchor="middle" font-size="${size.name}" font-style="italic" fill="${text}">${escapeXml(box.name)}</text>`,
    );
  }
  y += lineHeight.detail;
  out.push(
    `<text x="${cx}" y="${round(y - 4)}" text-anchor="middle" font-size="${size.detail}" fill="${subtle}">${escapeXml(box.detail)}</text>`,
  );
  if (box.isOutput) {
    const tagWidth = Math.ceil(textWidth('output', size.tag, true) + 10);
    const tx = round(r.x + r.width - tagWidth - 8);
    const ty = round(r.y - 7);
    out.push(
      `<rect class="output-tag" x="${tx}" y="${ty}" width="${tagWidth}" height="14" rx="7" fill="${ink}"/>`,
      `<text x="${round(tx + tagWidth / 2)}" y="${round(ty + 10.5)}" text-anchor="middle" font-size="${size.tag}" font-weight="bold" fill="#ffffff">output</text>`,
    );
  }
  out.push('</g>');
  return out;
}

/** The title, the model's doc comment and the legend, wrapped to `maxWidth`. */
function renderHeader(
  diagram: Diagram,
  maxWidth: number,
): { parts: string[]; width: number; height: number } {
  const margin = 16;
  const parts: string[] = [];
  let y = margin + size.title;
  const titleWidth =
    textWidth(diagram.model, size.title, true) + 8 + textWidth(diagram.params, size.title - 3);
  parts.push(
    `<text class="title" x="${margin}" y="${y}" font-size="${size.title}" font-weight="bold" fill="${ink}">${escapeXml(diagram.model)}<tspan font-size="${size.title - 3}" font-weight="normal" fill="${muted}" dx="8">${escapeXml(diagram.params)}</tspan></text>`,
  );
  let width = titleWidth + 2 * margin;
  if (diagram.doc) {
    const doc = truncate(diagram.doc.replace(/\s+/g, ' ').trim(), 110);
    y += size.doc + 8;
    parts.push(
      `<text class="doc" x="${margin}" y="${y}" font-size="${size.doc}" fill="${muted}">${escapeXml(doc)}</text>`,
    );
    width = Math.max(width, textWidth(doc, size.doc) + 2 * margin);
  }

  // Legend items flow left to right and wrap at the diagram's width.
  const items: { label: string; draw: (x: number, top: number) => string }[] =
    diagram.categories.map((category) => ({
      label: category,
      draw: (x, top) => {
        const c = categoryColors[category];
        return `<rect x="${x}" y="${top}" width="12" height="12" rx="${category === 'input' ? 6 : 2}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.2"/>`;
      },
    }));
  if (diagram.clusters.length > 0) {
    items.push({
      label: 'block',
      draw: (x, top) =>
        `<rect x="${x}" y="${top}" width="12" height="12" rx="2" fill="none" stroke="${faint}" stroke-width="1.2" stroke-dasharray="3 2"/>`,
    });
  }
  y += 12;
  let x = margin;
  let top = y;
  const limit = Math.max(maxWidth, width);
  parts.push('<g class="legend">');
  for (const item of items) {
    const itemWidth = 12 + 5 + textWidth(item.label, size.legend) + 14;
    if (x > margin && x + itemWidth > limit - margin) {
      x = margin;
      top += 18;
    }
    parts.push(
      item.draw(x, top),
      `<text x="${x + 17}" y="${top + 10}" font-size="${size.legend}" fill="${muted}">${escapeXml(item.label)}</text>`,
    );
    x = round(x + itemWidth);
    width = Math.max(width, x + margin);
  }
  parts.push('</g>');
  return { parts, width: Math.ceil(width), height: Math.ceil(top + 12 + 10) };
}

/**
 * Splits an edge into its line, stopped short of the target, and an arrowhead polygon whose tip
 * touches the target box. Drawn as a polygon rather than an SVG marker: resvg (the PNG export)
 * crashes on some markers, and a polygon looks the same everywhere.
 */
function arrow(points: readonly Point[]): { line: Point[]; head: string } {
  const length = 8;
  const halfWidth = 4;
  const tip = points[points.length - 1];
  const from = points[points.length - 2] ?? { x: tip.x, y: tip.y - 1 };
  const distance = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / distance;
  const uy = (tip.y - from.y) / distance;
  const base = { x: tip.x - ux * length, y: tip.y - uy * length };
  const f = (p: Point) => `${round(p.x)},${round(p.y)}`;
  const head = `M${f(tip)} L${f({ x: base.x - uy * halfWidth, y: base.y + ux * halfWidth })} L${f({ x: base.x + uy * halfWidth, y: base.y - ux * halfWidth })} Z`;
  // The line ends inside the arrowhead, so no gap shows between them.
  const end = { x: tip.x - ux * (length - 2), y: tip.y - uy * (length - 2) };
  return { line: [...points.slice(0, -1), end], head };
}

/** A B-spline through the layout's bend points (d3's curveBasis): smooth, ending on the box border. */
export function smoothPath(points: readonly Point[]): string {
  const f = (n: number) => String(round(n));
  if (points.length === 0) return '';
  const [first] = points;
  const parts = [`M${f(first.x)},${f(first.y)}`];
  if (points.length === 2) {
    parts.push(`L${f(points[1].x)},${f(points[1].y)}`);
    return parts.join(' ');
  }
  for (let i = 1; i < points.length; i++) {
    const p0 = points[i - 1];
    const p1 = points[i];
    if (i === 1) {
      const next = points[1];
      parts.push(`L${f((5 * first.x + next.x) / 6)},${f((5 * first.y + next.y) / 6)}`);
      continue;
    }
    const before = points[i - 2];
    parts.push(
      `C${f((2 * before.x + p0.x) / 3)},${f((2 * before.y + p0.y) / 3)} ${f((before.x + 2 * p0.x) / 3)},${f((before.y + 2 * p0.y) / 3)} ${f((before.x + 4 * p0.x + p1.x) / 6)},${f((before.y + 4 * p0.y + p1.y) / 6)}`,
    );
  }
  const last = points[points.length - 1];
  const prev = points[points.length - 2];
  parts.push(
    `C${f((2 * prev.x + last.x) / 3)},${f((2 * prev.y + last.y) / 3)} ${f((prev.x + 2 * last.x) / 3)},${f((prev.y + 2 * last.y) / 3)} ${f((prev.x + 4 * last.x + last.x) / 6)},${f((prev.y + 4 * last.y + last.y) / 6)}`,
    `L${f(last.x)},${f(last.y)}`,
  );
  return parts.join(' ');
}
