'use client';

import Link, { useClusterHref } from '@/components/ui/cluster-link';
import { useRouter } from 'next/navigation';
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { bringIntoView } from '@/components/ui/bring-into-view';
import { useHydrated } from '@/components/ui/use-hydrated';
import { type GraphNode, type GraphNodeKind, neighbours, type RbacGraph } from '@/lib/rbac/graph';
import type { GraphDrawing } from './graph-drawing';

// The server's drawing (graph-drawing.ts) places boxes of this size.
const NODE_W = 248;
const NODE_H = 46;
/** Characters of 12 px monospace that fit in a node, padding included. */
const LABEL_CHARS = 30;

const nodeColours: Record<GraphNodeKind, string> = {
  subject: 'fill-sky-50 stroke-sky-500 dark:fill-sky-950 dark:stroke-sky-400',
  group: 'fill-indigo-50 stroke-indigo-400 dark:fill-indigo-950 dark:stroke-indigo-400',
  pod: 'fill-emerald-50 stroke-emerald-500 dark:fill-emerald-950 dark:stroke-emerald-400',
  binding: 'fill-amber-50 stroke-amber-500 dark:fill-amber-950 dark:stroke-amber-400',
  role: 'fill-violet-50 stroke-violet-500 dark:fill-violet-950 dark:stroke-violet-400',
  rule: 'fill-white stroke-slate-400 dark:fill-slate-900 dark:stroke-slate-500',
  more: 'fill-slate-100 stroke-slate-300 dark:fill-slate-800 dark:stroke-slate-600',
};

/** Shortens a label in the middle so both its start and its end stay readable. */
export function fitLabel(label: string, chars = LABEL_CHARS): string {
  if (label.length <= chars) return label;
  const head = Math.ceil((chars - 1) / 2);
  return `${label.slice(0, head)}…${label.slice(label.length - (chars - 1 - head))}`;
}

function nodeDescription(node: GraphNode): string {
  return `${node.caption}: ${node.label}${node.missing ? ' (not found)' : ''}${node.focus ? ' (the one asked about)' : ''}`;
}

function pathOf(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  return `M${first?.x},${first?.y}${rest.map((p) => `L${p.x},${p.y}`).join('')}`;
}

/** The RBAC graph: a laid-out SVG, keyboard navigable, with the same graph as a list beside it. */
export function RbacGraphView({
  graph,
  drawing,
  children,
}: {
  graph: RbacGraph;
  /** Positions, edge routes and links, worked out on the server. */
  drawing: GraphDrawing;
  children?: ReactNode;
}) {
  const router = useRouter();
  const onCluster = useClusterHref();
  const focusId = graph.nodes.find((n) => n.focus)?.id ?? graph.nodes[0]?.id;
  const [selected, setSelected] = useState<string | undefined>(focusId);
  const [showGraphOnPhone, setShowGraphOnPhone] = useState(false);
  const hydrated = useHydrated();
  // Neighbours are highlighted once someone picks a node, not on first sight.
  const [engaged, setEngaged] = useState(false);
  const refs = useRef(new Map<string, SVGGElement>());
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const links = useMemo(() => neighbours(graph), [graph]);

  const { layout, hrefs } = drawing;

  // dagre centres each column on the tallest, so in a graph of many bindings the start node sits
  // halfway down the drawing, below the first screen: the box opens on it (its own scroll only, not
  // the page's) once per start node, when it is first shown (on a phone, after "Show the drawing").
  // A live update re-renders the page with a new drawing; the box then stays where the reader is.
  const scrollBox = useRef<HTMLDivElement>(null);
  const openedOn = useRef<string | undefined>(undefined);
  useEffect(() => {
    const box = scrollBox.current;
    const start = focusId ? layout.nodes.get(focusId) : undefined;
    if (!box || !start || openedOn.current === focusId) return;
    // Hidden on a phone until "Show the drawing": nothing to scroll yet.
    if (box.clientHeight === 0 && !showGraphOnPhone) return;
    box.scrollTop = Math.max(0, start.y + NODE_H / 2 - box.clientHeight / 2);
    box.scrollLeft = Math.max(0, start.x + NODE_W / 2 - box.clientWidth / 2);
    openedOn.current = focusId;
  }, [focusId, layout, showGraphOnPhone]);

  const near = useMemo(() => {
    const set = new Set<string>();
    if (!selected || !engaged) return set;
    set.add(selected);
    for (const id of links.out.get(selected) ?? []) set.add(id);
    for (const id of links.in.get(selected) ?? []) set.add(id);
    return set;
  }, [selected, engaged, links]);

  const move = (to: string | undefined) => {
    if (!to) return;
    setEngaged(true);
    setSelected(to);
    const el = refs.current.get(to);
    if (el) {
      el.focus({ preventScroll: true });
      bringIntoView(el);
    }
  };

  /** The neighbour or column-mate nearest in height to the current node. */
  const nearest = (from: string, candidates: string[]): string | undefined => {
    const y = layout.nodes.get(from)?.y ?? 0;
    return [...candidates].sort(
      (a, b) => Math.abs((layout.nodes.get(a)?.y ?? 0) - y) - Math.abs((layout.nodes.get(b)?.y ?? 0) - y),
    )[0];
  };

  const onKey = (e: KeyboardEvent<SVGGElement>, id: string) => {
    const here = layout.nodes.get(id);
    if (!here) return;
    const column = [...layout.nodes.values()]
      .filter((p) => Math.abs(p.x - here.x) < 1)
      .sort((a, b) => a.y - b.y);
    const at = column.findIndex((p) => p.id === id);
    let handled = true;
    if (e.key === 'ArrowRight') move(nearest(id, links.out.get(id) ?? []));
    else if (e.key === 'ArrowLeft') move(nearest(id, links.in.get(id) ?? []));
    else if (e.key === 'ArrowDown') move(column[at + 1]?.id);
    else if (e.key === 'ArrowUp') move(column[at - 1]?.id);
    else if (e.key === 'Home') move(focusId);
    else if (e.key === 'Enter' || e.key === ' ') {
      const node = byId.get(id);
      const href = node ? hrefs[node.id] : undefined;
      if (href) router.push(onCluster(href));
    } else handled = false;
    if (handled) e.preventDefault();
  };

  const selectedNode = selected ? byId.get(selected) : undefined;
  const selectedHref = selectedNode ? hrefs[selectedNode.id] : undefined;

  return (
    <div className="space-y-4">
      <button
        type="button"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60 sm:hidden dark:border-slate-700"
        disabled={!hydrated}
        aria-expanded={showGraphOnPhone}
        aria-controls="rbac-graph-drawing"
        onClick={() => setShowGraphOnPhone((v) => !v)}
        data-testid="graph-phone-toggle"
      >
        {showGraphOnPhone ? 'Show as a list' : 'Show the drawing'}
      </button>
      <section
        id="rbac-graph-drawing"
        aria-label="Graph drawing"
        className={`space-y-2 ${showGraphOnPhone ? '' : 'hidden sm:block'}`}
      >
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Tab into the graph, then ← → follow the arrows, ↑ ↓ move within a column, Home returns to the start,
          Enter opens the node’s page. Selecting a node highlights its neighbours.
        </p>
        <div
          aria-live="polite"
          className="min-h-6 text-sm text-slate-700 dark:text-slate-200"
          data-testid="graph-selected"
        >
          {selectedNode && (
            <>
              <span className="text-slate-500 dark:text-slate-400">{selectedNode.caption}</span>{' '}
              <span className="font-mono break-all">{selectedNode.label}</span>
              {selectedNode.missing && <span className="text-red-700 dark:text-red-400"> (not found)</span>}
              {selectedHref && (
                <>
                  {' · '}
                  <Link href={selectedHref} className="text-sky-700 underline dark:text-sky-300">
                    Open
                  </Link>
                </>
              )}
            </>
          )}
        </div>
        <div
          ref={scrollBox}
          className="max-h-[75vh] overflow-auto rounded-lg border border-slate-200 bg-slate-50/60 dark:border-slate-800 dark:bg-slate-950/60"
          data-testid="graph-scroll"
        >
          {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a fieldset */}
          <svg
            role="group"
            aria-label={`RBAC graph, ${graph.nodes.length} nodes`}
            width={layout.width}
            height={layout.height}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            className="block"
            data-testid="rbac-graph"
          >
            <defs>
              <marker
                id="rbac-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0L10,5L0,10z" className="fill-slate-400 dark:fill-slate-500" />
              </marker>
            </defs>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: edges hold no focusable element; the list below says the same */}
            <g aria-hidden="true">
              {layout.edges.map((e) => {
                const lit = engaged && selected !== undefined && (e.from === selected || e.to === selected);
                const mid = e.points[Math.floor(e.points.length / 2)];
                return (
                  <g key={`${e.from}→${e.to}`} opacity={engaged && !lit ? 0.35 : 1}>
                    <path
                      d={pathOf(e.points)}
                      fill="none"
                      markerEnd="url(#rbac-arrow)"
                      strokeWidth={lit ? 2.5 : 1.25}
                      className={
                        lit ? 'stroke-sky-600 dark:stroke-sky-300' : 'stroke-slate-400 dark:stroke-slate-500'
                      }
                    />
                    {e.label && mid && (
                      <text
                        x={mid.x}
                        y={mid.y - 4}
                        textAnchor="middle"
                        className="fill-slate-600 text-[11px] dark:fill-slate-300"
                      >
                        {e.label}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
            {graph.nodes.map((n) => {
              const p = layout.nodes.get(n.id);
              if (!p) return null;
              const isSelected = n.id === selected;
              const dim = engaged && !near.has(n.id);
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG node cannot be an <a> with roving focus and arrow keys
                <g
                  key={n.id}
                  ref={(el) => {
                    if (el) refs.current.set(n.id, el);
                    else refs.current.delete(n.id);
                  }}
                  role="link"
                  tabIndex={isSelected ? 0 : -1}
                  aria-label={nodeDescription(n)}
                  aria-current={n.focus ? 'true' : undefined}
                  data-node-id={n.id}
                  data-testid="graph-node"
                  data-selected={isSelected ? 'true' : undefined}
                  transform={`translate(${p.x},${p.y})`}
                  opacity={dim ? 0.4 : 1}
                  className="cursor-pointer outline-none"
                  onClick={() => move(n.id)}
                  onDoubleClick={() => {
                    const href = hrefs[n.id];
                    if (href) router.push(onCluster(href));
                  }}
                  onFocus={() => {
                    setEngaged(true);
                    setSelected(n.id);
                  }}
                  onKeyDown={(e) => onKey(e, n.id)}
                >
                  <title>{nodeDescription(n)}</title>
                  {isSelected && (
                    <rect
                      x={-4}
                      y={-4}
                      width={NODE_W + 8}
                      height={NODE_H + 8}
                      rx={9}
                      fill="none"
                      strokeWidth={3}
                      className="stroke-sky-600 dark:stroke-sky-300"
                      data-testid="graph-focus-ring"
                    />
                  )}
                  <rect
                    width={NODE_W}
                    height={NODE_H}
                    rx={6}
                    strokeWidth={n.focus ? 2.5 : 1.25}
                    strokeDasharray={n.missing || n.kind === 'more' ? '5 3' : undefined}
                    className={
                      n.missing
                        ? 'fill-red-50 stroke-red-500 dark:fill-red-950 dark:stroke-red-400'
                        : nodeColours[n.kind]
                    }
                  />
                  <text x={10} y={17} className="fill-slate-600 text-[11px] dark:fill-slate-300">
                    {fitLabel(n.caption + (n.missing ? ' — not found' : ''), 40)}
                  </text>
                  <text x={10} y={35} className="fill-slate-900 font-mono text-[12px] dark:fill-slate-50">
                    {fitLabel(n.label)}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      </section>
      {/* The same graph as a list, rendered on the server (rbac-graph-list.tsx); on a phone it takes the drawing's place. */}
      <div className={showGraphOnPhone ? 'hidden sm:block' : undefined}>{children}</div>
    </div>
  );
}
