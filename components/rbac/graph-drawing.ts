// The RBAC graph's drawing worked out on the server: node positions, edge routes and each node's
// link. The browser gets them as data, so the view's script carries neither the layout nor the
// link rules (issue 17: a drawn graph within 125 kB of first-load JavaScript).
import type { RbacGraph } from '@/lib/rbac/graph';
import { nodeHref } from './graph-links';
import { type GraphLayout, layOutGraph } from './graph-layout';

/** Size of a node box in the drawing (the view draws boxes of this size). */
export const NODE_W = 248;
export const NODE_H = 46;

export interface GraphDrawing {
  layout: GraphLayout;
  /** The page each node opens (Enter, double click, "Open"); absent for nodes without one. */
  hrefs: Record<string, string>;
}

export function drawGraph(graph: RbacGraph): GraphDrawing {
  const layout = layOutGraph(graph, {
    nodeWidth: NODE_W,
    nodeHeight: NODE_H,
    nodeSep: 10,
    rankSep: 56,
    margin: 12,
  });
  const hrefs: Record<string, string> = {};
  for (const n of graph.nodes) {
    const href = nodeHref(n);
    if (href) hrefs[n.id] = href;
  }
  return { layout, hrefs };
}
