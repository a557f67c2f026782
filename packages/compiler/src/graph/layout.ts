// Places the diagram's boxes, block clusters and edges top to bottom with @dagrejs/dagre (the
// maintained fork of dagre): a layered (Sugiyama) layout that is synchronous, deterministic, small,
// dependency-light and handles compound graphs (our block clusters), so `renderModelSvg` stays a
// plain function returning a string. elkjs lays out as well but is asynchronous and ~10× larger.
// Takes sizes in, gives positions out: no knowledge of what the boxes contain.

import dagre from '@dagrejs/dagre';

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
  /** The innermost cluster holding it. */
  cluster?: string;
}

export interface LayoutCluster {
  id: string;
  parent?: string;
  /** Room above the cluster's contents for its label. */
  labelHeight: number;
}

export interface LayoutEdge {
  id: string;
  from: string;
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

/** A rectangle by its top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Map<string, Rect>;
  clusters: Map<string, Rect>;
  /** From the source box's border to the target box's border, through the layout's bends. */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** Vertical gap between layers. */
  rankSeparation?: number;
  /** Horizontal gap between boxes side by side. */
  nodeSeparation?: number;
  margin?: number;
}

export function layoutDiagram(
  boxes: readonly LayoutBox[],
  clusters: readonly LayoutCluster[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Layout {
  const margin = options.margin ?? 16;
  const graph = new dagre.graphlib.Graph({
    directed: true,
    multigraph: true,
    compound: clusters.length > 0,
  });
  graph.setGraph({
    rankdir: 'TB',
    ranksep: options.rankSeparation ?? 36,
    nodesep: options.nodeSeparation ?? 28,
    edgesep: 14,
    marginx: margin,
    marginy: margin,
    ranker: 'network-simplex',
  });
  graph.setDefaultEdgeLabel(() => ({}));

  for (const cluster of clusters) graph.setNode(cluster.id, {});
  for (const cluster of clusters) if (cluster.parent) graph.setParent(cluster.id, cluster.parent);
  for (const box of boxes) {
    graph.setNode(box.id, { width: box.width, height: box.height });
    if (box.cluster) graph.setParent(box.id, box.cluster);
  }
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { minlen: 1, weight: 1 }, edge.id);

  dagre.layout(graph);

  const rect = (id: string): Rect => {
    const node = graph.node(id) as { x: number; y: number; width: number; height: number };
    return {
      x: round(node.x - node.width / 2),
      y: round(node.y - node.height / 2),
      width: round(node.width),
      height: round(node.height),
    };
  };
  const laidBoxes = new Map(boxes.map((b) => [b.id, rect(b.id)]));
  const laidClusters = new Map(clusters.map((c) => [c.id, rect(c.id)]));
  makeRoomForLabels(clusters, laidClusters, boxes, laidBoxes);
  const laidEdges = new Map<string, Point[]>();
  for (const edge of edges) {
    const label = graph.edge({ v: edge.from, w: edge.to, name: edge.id }) as { points?: Point[] };
    laidEdges.set(
      edge.id,
      (label.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) })),
    );
  }
  const size = graph.graph() as { width?: number; height?: number };
  return {
    boxes: laidBoxes,
    clusters: laidClusters,
    edges: laidEdges,
    width: round(size.width ?? 0),
    height: round(size.height ?? 0),
  };
}

/**
 * dagre leaves a cluster only a narrow margin above its first box; grow each cluster upward so its
 * label clears the boxes, as far as the boxes outside it above allow.
 */
function makeRoomForLabels(
  clusters: readonly LayoutCluster[],
  laid: Map<string, Rect>,
  boxes: readonly LayoutBox[],
  laidBoxes: Map<string, Rect>,
): void {
  for (const cluster of clusters) {
    const r = laid.get(cluster.id)!;
    let top = Math.max(0, r.y - cluster.labelHeight + labelMargin);
    for (const box of boxes) {
      const b = laidBoxes.get(box.id)!;
      const above = b.y + b.height <= r.y;
      const overlapsHorizontally = b.x < r.x + r.width && b.x + b.width > r.x;
      if (above && overlapsHorizontally) top = Math.max(top, b.y + b.height + 8);
    }
    if (top < r.y)
      laid.set(cluster.id, { ...r, y: round(top), height: round(r.height + r.y - top) });
  }
}

/** Part of the label's room that dagre's own margin above a cluster's first box already gives. */
const labelMargin = 6;

/** One decimal: enough for the eye, and the same text on every run. */
export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
