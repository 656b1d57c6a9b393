// The RBAC graph's layout: @dagrejs/dagre, a layered (Sugiyama) layout, run on the server only.
// graph-drawing.ts calls it while rendering the page, and the browser receives the positions as data,
// so the library never ships to the browser (issue 17: a drawn graph within 125 kB of first-load
// JavaScript) while the layout stays a well-kept library's (issue 14: no layout by hand).
// Only server code may import this module; browser code imports its types alone (check-boundaries).
import dagre from '@dagrejs/dagre';

export interface LayoutInput {
  nodes: readonly { id: string }[];
  edges: readonly { from: string; to: string; label?: string }[];
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Vertical gap between nodes of a column. */
  nodeSep: number;
  /** Horizontal gap between columns. */
  rankSep: number;
  margin: number;
}

export interface PlacedNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  edges: { from: string; to: string; label?: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

/** Lays the graph out left to right in columns (subject → binding → role → rules). */
export function layOutGraph(graph: LayoutInput, o: LayoutOptions): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: o.nodeSep, ranksep: o.rankSep, marginx: o.margin, marginy: o.margin });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: o.nodeWidth, height: o.nodeHeight });
  const known = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) if (known.has(e.from) && known.has(e.to)) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const nodes = new Map<string, PlacedNode>();
  for (const n of graph.nodes) {
    const p = g.node(n.id);
    nodes.set(n.id, { id: n.id, x: p.x - o.nodeWidth / 2, y: p.y - o.nodeHeight / 2 });
  }
  const edges = graph.edges.map((e) => ({
    ...e,
    points: (g.edge(e.from, e.to)?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
  }));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}
