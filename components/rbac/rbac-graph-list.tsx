import Link from '@/components/ui/cluster-link';
import { type GraphNodeKind, neighbours, type RbacGraph } from '@/lib/rbac/graph';
import { nodeHref } from './graph-links';

// The text form of the RBAC graph, rendered on the server: it is the whole answer on a phone and
// the drawing's equivalent for a screen reader, and needs no script (issue 17).

// The order of the kinds, as the drawing's columns go left → right.
const kindOrder: GraphNodeKind[] = ['subject', 'group', 'pod', 'binding', 'role', 'rule', 'more'];
const kindNames: Record<GraphNodeKind, string> = {
  subject: 'Subjects',
  group: 'Groups',
  pod: 'Pods',
  binding: 'Bindings',
  role: 'Roles',
  rule: 'Rules',
  more: 'Not drawn',
};

/** The RBAC graph as a list by kind, each node with where it comes from and leads to. */
export function RbacGraphList({ graph }: { graph: RbacGraph }) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const links = neighbours(graph);
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${n.caption} ${n.label}` : id;
  };
  return (
    <section aria-labelledby="graph-list-heading" className="space-y-3" data-testid="graph-text">
      <h2 id="graph-list-heading" className="text-lg font-semibold">
        The graph as a list
      </h2>
      {kindOrder.map((kind) => {
        const nodes = graph.nodes.filter((n) => n.kind === kind);
        if (nodes.length === 0) return null;
        return (
          <div key={kind} className="space-y-1">
            <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-200">
              {kindNames[kind]} ({nodes.length})
            </h3>
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
              {nodes.map((n) => {
                const href = nodeHref(n);
                const out = links.out.get(n.id) ?? [];
                const inc = links.in.get(n.id) ?? [];
                return (
                  <li key={n.id} className="px-3 py-2" data-testid="graph-text-node" data-node-id={n.id}>
                    <span className="text-slate-500 dark:text-slate-400">{n.caption}</span>{' '}
                    {href ? (
                      <Link
                        href={href}
                        className="font-mono break-all text-sky-700 hover:underline dark:text-sky-300"
                      >
                        {n.label}
                      </Link>
                    ) : (
                      <span className="font-mono break-all">{n.label}</span>
                    )}
                    {n.missing && <span className="text-red-700 dark:text-red-400"> — not found</span>}
                    {inc.length > 0 && (
                      <p className="text-xs text-slate-600 dark:text-slate-300">
                        from: <span className="break-all">{inc.map(name).join('; ')}</span>
                      </p>
                    )}
                    {out.length > 0 && (
                      <p className="text-xs text-slate-600 dark:text-slate-300">
                        to: <span className="break-all">{out.map(name).join('; ')}</span>
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
