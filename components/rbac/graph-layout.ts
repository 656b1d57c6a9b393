// A layered left → right layout for the RBAC graph, small enough to ship with the page (it replaced
// the 14.5 kB @dagrejs/dagre, which alone put a drawn graph over the 125 kB first-load budget, issue 17).
// The graph is shallow and nearly a tree (subject → group → binding → role → rule, role → aggregated
// role, subject → pod), so the classic steps are enough: ranks by longest path, a placeholder in each
// column a long edge crosses, orderings by barycentre sweeps, and heights pulled towards neighbours.

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

/** Height of the slot a long edge takes in a column it passes through. */
const PASS_HEIGHT = 8;
const SWEEPS = 4;
/** How many neighbours (the first in their column) a slot is pulled towards. */
const NEAREST = 3;

interface Slot {
  key: string;
  rank: number;
  height: number;
  /** Slots in the previous and next column this one is joined to. */
  left: Slot[];
  right: Slot[];
  order: number;
  y: number;
}

/** Lays the graph out in columns; nodes keep their list order where nothing else decides. */
export function layOutGraph(graph: LayoutInput, o: LayoutOptions): GraphLayout {
  const ids = graph.nodes.map((n) => n.id);
  const known = new Set(ids);
  const edges = graph.edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);

  // Ranks: longest path from a source, ignoring the edges that close a cycle.
  const outOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) outOf.get(e.from)?.push(e.to);
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 1);
    for (const to of outOf.get(id) ?? []) {
      const s = state.get(to);
      if (s === 1) back.add(`${id}\u0000${to}`);
      else if (s === undefined) visit(to);
    }
    state.set(id, 2);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  const forward = edges.filter((e) => !back.has(`${e.from}\u0000${e.to}`));
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  // Relaxation over an acyclic graph settles within |nodes| rounds; it is a handful here.
  for (let round = 0, changed = true; changed && round <= ids.length; round++) {
    changed = false;
    for (const e of forward) {
      const r = (rank.get(e.from) ?? 0) + 1;
      if (r > (rank.get(e.to) ?? 0)) {
        rank.set(e.to, r);
        changed = true;
      }
    }
  }

  // Slots: one per node, plus one per column a long edge passes through.
  const slots = new Map<string, Slot>();
  const slot = (key: string, r: number, height: number): Slot => {
    const s: Slot = { key, rank: r, height, left: [], right: [], order: 0, y: 0 };
    slots.set(key, s);
    return s;
  };
  for (const id of ids) slot(id, rank.get(id) ?? 0, o.nodeHeight);
  const chains = new Map<(typeof edges)[number], Slot[]>();
  for (const e of edges) {
    let a = slots.get(e.from) as Slot;
    let b = slots.get(e.to) as Slot;
    const reversed = a.rank > b.rank;
    if (reversed) [a, b] = [b, a];
    const chain = [a];
    for (let r = a.rank + 1; r < b.rank; r++)
      chain.push(slot(`${e.from}\u0000${e.to}\u0000${r}`, r, PASS_HEIGHT));
    chain.push(b);
    for (let i = 1; i < chain.length; i++) {
      const l = chain[i - 1] as Slot;
      const r = chain[i] as Slot;
      if (l.rank === r.rank) continue;
      l.right.push(r);
      r.left.push(l);
    }
    chains.set(e, reversed ? chain.reverse() : chain);
  }

  // Longest-path ranks have no gaps: a node of rank r has a predecessor of rank r - 1.
  const columns: Slot[][] = [];
  for (const s of slots.values()) {
    const c = columns[s.rank] ?? [];
    columns[s.rank] = c;
    s.order = c.length;
    c.push(s);
  }

  // Orderings: sort each column by the mean position of its neighbours, sweeping right then left.
  const mean = (ns: Slot[], fallback: number) =>
    ns.length === 0 ? fallback : ns.reduce((n, s) => n + s.order, 0) / ns.length;
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const rightwards = sweep % 2 === 0;
    const seq = rightwards ? columns.slice(1) : columns.slice(0, -1).reverse();
    for (const c of seq) {
      const keyed = c.map((s) => ({ s, k: mean(rightwards ? s.left : s.right, s.order) }));
      keyed.sort((a, b) => a.k - b.k || a.s.order - b.s.order);
      keyed.forEach(({ s }, i) => {
        s.order = i;
        c[i] = s;
      });
    }
  }

  // Heights: stack each column, then pull each slot towards its neighbours' centres without
  // reordering or overlapping.
  for (const c of columns) {
    let y = 0;
    for (const s of c) {
      s.y = y;
      y += s.height + o.nodeSep;
    }
  }
  const centre = (s: Slot) => s.y + s.height / 2;
  const settle = (c: Slot[], wanted: (s: Slot) => number | undefined) => {
    for (const s of c) {
      const w = wanted(s);
      if (w !== undefined) s.y = w - s.height / 2;
    }
    // Push down what overlaps, then up from the bottom so the column stays near where it was pulled.
    for (let i = 1; i < c.length; i++) {
      const a = c[i - 1] as Slot;
      const b = c[i] as Slot;
      b.y = Math.max(b.y, a.y + a.height + o.nodeSep);
    }
  };
  // Towards the first few neighbours (in column order): a subject with 40 bindings stays at the top,
  // where the drawing starts, instead of the middle of a tall column, below the first screen.
  const avg = (all: Slot[]) => {
    const ns = [...all].sort((a, b) => a.order - b.order).slice(0, NEAREST);
    return ns.length === 0 ? undefined : ns.reduce((n, s) => n + centre(s), 0) / ns.length;
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const rightwards = sweep % 2 === 0;
    const seq = rightwards ? columns.slice(1) : columns.slice(0, -1).reverse();
    for (const c of seq) settle(c, (s) => avg(rightwards ? s.left : s.right));
  }
  const top = Math.min(...[...slots.values()].map((s) => s.y));
  for (const s of slots.values()) s.y += o.margin - top;

  const xOf = (r: number) => o.margin + r * (o.nodeWidth + o.rankSep);
  const nodes = new Map<string, PlacedNode>();
  for (const id of ids) {
    const s = slots.get(id) as Slot;
    nodes.set(id, { id, x: xOf(s.rank), y: s.y });
  }
  const placedEdges = graph.edges.map((e) => {
    const chain = chains.get(e);
    if (!chain) return { ...e, points: [] };
    const [first, ...rest] = chain as [Slot, ...Slot[]];
    const last = rest[rest.length - 1] ?? first;
    const goesRight = last.rank >= first.rank;
    // Leaves a node on the side facing the target, enters on the side facing the source.
    const near = goesRight ? 0 : o.nodeWidth;
    const far = o.nodeWidth - near;
    const start = { x: xOf(first.rank) + far, y: centre(first) };
    const end = { x: xOf(last.rank) + near, y: centre(last) };
    const points = [start];
    // A middle point carries the label of a one-column edge; a longer edge goes through its slots.
    if (rest.length === 1) points.push({ x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 });
    for (const s of rest.slice(0, -1)) {
      points.push({ x: xOf(s.rank) + near, y: centre(s) }, { x: xOf(s.rank) + far, y: centre(s) });
    }
    points.push(end);
    return { ...e, points };
  });

  const rankCount = columns.length;
  const width = 2 * o.margin + rankCount * o.nodeWidth + Math.max(0, rankCount - 1) * o.rankSep;
  const height = Math.max(0, ...[...slots.values()].map((s) => s.y + s.height)) + o.margin;
  return { nodes, edges: placedEdges, width, height };
}
