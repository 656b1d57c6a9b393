import { describe, expect, it } from 'vitest';
import { layOutGraph } from './graph-layout';

const o = { nodeWidth: 100, nodeHeight: 40, nodeSep: 10, rankSep: 50, margin: 12 };
const graph = (ids: string[], pairs: [string, string][]) => ({
  nodes: ids.map((id) => ({ id })),
  edges: pairs.map(([from, to]) => ({ from, to })),
});

function overlaps(l: ReturnType<typeof layOutGraph>): boolean {
  const ps = [...l.nodes.values()];
  return ps.some((a, i) =>
    ps.some((b, j) => j > i && a.x === b.x && Math.abs(a.y - b.y) < o.nodeHeight + o.nodeSep - 1e-6),
  );
}

describe('layOutGraph', () => {
  it('puts subject → binding → role → rules in columns left to right, inside the drawing', () => {
    const l = layOutGraph(
      graph(
        ['s', 'b', 'r', 'r1', 'r2'],
        [
          ['s', 'b'],
          ['b', 'r'],
          ['r', 'r1'],
          ['r', 'r2'],
        ],
      ),
      o,
    );
    const x = (id: string) => l.nodes.get(id)?.x;
    expect([x('s'), x('b'), x('r'), x('r1')]).toEqual([12, 162, 312, 462]);
    expect(x('r2')).toBe(462);
    expect(overlaps(l)).toBe(false);
    expect(l.width).toBe(2 * 12 + 4 * 100 + 3 * 50);
    for (const p of l.nodes.values()) {
      expect(p.y).toBeGreaterThanOrEqual(12);
      expect(p.y + o.nodeHeight).toBeLessThanOrEqual(l.height);
    }
    // The role sits between its two rules.
    const y = (id: string) => l.nodes.get(id)?.y ?? Number.NaN;
    expect(y('r')).toBeGreaterThan(Math.min(y('r1'), y('r2')));
    expect(y('r')).toBeLessThan(Math.max(y('r1'), y('r2')));
  });

  it('routes an edge that skips a column from the source’s side to the target’s, clear of the node between', () => {
    const l = layOutGraph(
      graph(
        ['s', 'g', 'b'],
        [
          ['s', 'g'],
          ['g', 'b'],
          ['s', 'b'],
        ],
      ),
      o,
    );
    const e = l.edges.find((x) => x.from === 's' && x.to === 'b');
    expect(e?.points.length).toBeGreaterThanOrEqual(2);
    const [sx, gx, bx] = ['s', 'g', 'b'].map((id) => l.nodes.get(id)?.x ?? Number.NaN);
    expect((sx ?? 0) < (gx ?? 0) && (gx ?? 0) < (bx ?? 0)).toBe(true);
    expect(e?.points[0]?.x).toBeGreaterThanOrEqual((sx ?? 0) + o.nodeWidth - 1);
    expect(e?.points.at(-1)?.x).toBeLessThanOrEqual((bx ?? 0) + 1);
    // Where the long edge crosses the middle column it does not run through the group node.
    const g = l.nodes.get('g');
    const mid = e?.points.filter((p) => p.x > (g?.x ?? 0) && p.x < (g?.x ?? 0) + o.nodeWidth) ?? [];
    for (const p of mid) expect(p.y < (g?.y ?? 0) || p.y > (g?.y ?? 0) + o.nodeHeight).toBe(true);
  });

  it('ends on a cycle (roles aggregating each other) and keeps every node', () => {
    const l = layOutGraph(
      graph(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ],
      ),
      o,
    );
    expect(l.nodes.size).toBe(3);
    expect(l.edges.every((e) => e.points.length >= 2)).toBe(true);
    expect(overlaps(l)).toBe(false);
  });

  it('stacks many nodes of one column without overlap', () => {
    const ids = ['s', ...Array.from({ length: 40 }, (_, i) => `b${i}`)];
    const l = layOutGraph(
      graph(
        ids,
        ids.slice(1).map((id) => ['s', id] as [string, string]),
      ),
      o,
    );
    expect(overlaps(l)).toBe(false);
    expect(l.height).toBeGreaterThanOrEqual(40 * 50);
  });
});
