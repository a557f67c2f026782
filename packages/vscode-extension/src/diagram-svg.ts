// Takes a model's graph as the language server's `nnet/graph` request returns it; produces an SVG
// diagram (inputs on top, one row per depth, edges as curves, skip connections bowed aside).
// Pure string building: every name is XML-escaped, and the same graph always gives the same SVG.

/** The `nnet/graph` answer (see packages/lsp/src/features/code-lens.ts). */
export interface GraphData {
  model: string;
  complete: boolean;
  /** The compiler's diagram, as `nnc graph` draws it (sent by current servers). */
  svg?: string;
  inputs: { name: string; shape: string; dtype: string }[];
  nodes: {
    name: string;
    kind: string;
    shape: string;
    inputs: string[];
    block: string;
    /** Parameter count, when the server sends it. */
    params?: number;
    location?: { uri: string; start: number; end: number };
  }[];
  outputs: string[];
}

interface Box {
  id: string;
  title: string;
  detail: string;
  level: number;
  column: number;
  block: string;
  isInput: boolean;
  isOutput: boolean;
  /** Index into `nodes` (for clicks that reveal the source); absent for inputs. */
  nodeIndex?: number;
  x: number;
  y: number;
}

const boxHeight = 44;
const gapX = 28;
const gapY = 30;
const margin = 20;
const charWidth = 7.2;

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A stable hue for a block instance path, so the layers of one block share a tint. */
function hueOf(block: string): number {
  let hash = 0;
  for (const ch of block.split('/')[0].replace(/_\d+$/, ''))
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}

function layout(graph: GraphData): { boxes: Box[]; byId: Map<string, Box>; boxWidth: number } {
  const boxes: Box[] = [];
  const byId = new Map<string, Box>();
  const outputs = new Set(graph.outputs);
  const add = (box: Omit<Box, 'column' | 'x' | 'y'>) => {
    const full: Box = { ...box, column: 0, x: 0, y: 0 };
    boxes.push(full);
    byId.set(box.id, full);
  };
  for (const input of graph.inputs) {
    const dtype = input.dtype === 'int' ? 'int' : '';
    add({
      id: input.name,
      title: `${input.name} · input`,
      detail: `${dtype}${input.shape}`,
      level: 0,
      block: '',
      isInput: true,
      isOutput: outputs.has(input.name),
    });
  }
  graph.nodes.forEach((node, nodeIndex) => {
    const level = 1 + Math.max(-1, ...node.inputs.map((name) => byId.get(name)?.level ?? -1));
    const title = node.kind === node.name ? node.name : `${node.name} · ${node.kind}`;
    const detail = node.params
      ? `${node.shape} · ${node.params.toLocaleString('en-US')} params`
      : node.shape;
    add({
      id: node.name,
      title,
      detail,
      level,
      block: node.block,
      isInput: false,
      isOutput: outputs.has(node.name),
      nodeIndex,
    });
  });
  const longest = Math.max(12, ...boxes.map((b) => Math.max(b.title.length, b.detail.length)));
  const boxWidth = Math.ceil(longest * charWidth + 24);
  const rows = new Map<number, Box[]>();
  for (const box of boxes) rows.set(box.level, [...(rows.get(box.level) ?? []), box]);
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const canvasWidth = widest * boxWidth + (widest - 1) * gapX;
  for (const [level, row] of rows) {
    const rowWidth = row.length * boxWidth + (row.length - 1) * gapX;
    row.forEach((box, column) => {
      box.column = column;
      box.x = margin + (canvasWidth - rowWidth) / 2 + column * (boxWidth + gapX);
      box.y = margin + level * (boxHeight + gapY);
    });
  }
  return { boxes, byId, boxWidth };
}

export interface Diagram {
  svg: string;
  width: number;
  height: number;
}

export function renderDiagramSvg(graph: GraphData): Diagram {
  const { boxes, byId, boxWidth } = layout(graph);
  const levels = Math.max(0, ...boxes.map((b) => b.level)) + 1;
  const widest = Math.max(0, ...boxes.map((b) => b.x + boxWidth));
  const width = Math.ceil(widest + margin + boxWidth / 2);
  const height = margin * 2 + levels * boxHeight + (levels - 1) * gapY;
  const edges: string[] = [];
  for (const box of boxes) {
    if (box.nodeIndex === undefined) continue;
    for (const from of graph.nodes[box.nodeIndex].inputs) {
      const source = byId.get(from);
      if (source) edges.push(edgePath(source, box, boxWidth));
    }
  }
  const nodes = boxes.map((box) => nodeGroup(box, boxWidth));
  const title = `${graph.model}${graph.complete ? '' : ' (incomplete: the model has errors)'}`;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="nnet-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    `<g class="edges">${edges.join('')}</g>`,
    `<g class="nodes">${nodes.join('')}</g>`,
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}

function edgePath(from: Box, to: Box, boxWidth: number): string {
  const x1 = from.x + boxWidth / 2;
  const y1 = from.y + boxHeight;
  const x2 = to.x + boxWidth / 2;
  const y2 = to.y;
  const span = to.level - from.level;
  let d: string;
  if (span <= 1) {
    const mid = (y1 + y2) / 2;
    d = `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
  } else {
    // A skip connection: bow out beside the boxes it passes instead of through them.
    const bow = boxWidth / 2 + 18 + span * 6;
    d = `M${x1},${y1} C${x1 + bow},${y1 + gapY} ${x2 + bow},${y2 - gapY} ${x2},${y2}`;
  }
  return `<path class="edge${span > 1 ? ' skip' : ''}" d="${d}" marker-end="url(#arrow)"/>`;
}

function nodeGroup(box: Box, boxWidth: number): string {
  const classes = ['node', box.isInput ? 'input' : 'layer', box.isOutput ? 'output' : '']
    .filter(Boolean)
    .join(' ');
  // A presentation attribute, not a style attribute: the webview's CSP allows no inline styles.
  const tint = box.block ? ` fill="hsla(${hueOf(box.block)}, 55%, 50%, 0.16)"` : '';
  const data = box.nodeIndex !== undefined ? ` data-node="${box.nodeIndex}"` : '';
  const tooltip = [
    box.title,
    box.detail,
    box.block ? `in block ${box.block}` : '',
    box.isOutput ? 'model output' : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    `<g class="${classes}${box.block ? ' in-block' : ''}"${data} transform="translate(${box.x},${box.y})">` +
    `<title>${escapeXml(tooltip)}</title>` +
    `<rect width="${boxWidth}" height="${boxHeight}" rx="6"${tint}/>` +
    `<text class="title" x="${boxWidth / 2}" y="18">${escapeXml(box.title)}</text>` +
    `<text class="detail" x="${boxWidth / 2}" y="35">${escapeXml(box.detail)}</text>` +
    '</g>'
  );
}
