import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import { notFound } from 'next/navigation';
import { Fact } from '@/components/ui/fact';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { aggregationText, RbacRoleRules } from '@/components/rbac/rbac-role-rules';
import { segment, validScope } from '@/components/rbac/rbac-detail-parts';
import { DetailSection } from '@/components/ui/detail-section';
import { graphHref } from '@/components/rbac/graph-links';
import { AppError } from '@/lib/contracts/errors';
import { bindingHref, CLUSTER_SCOPE } from '@/lib/rbac/bindings';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { readRoleView, type RoleView } from '@/lib/kube/rbac-bindings';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const dynamic = 'force-dynamic';

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  const ns = segment(namespace);
  return { title: ns === CLUSTER_SCOPE ? `${segment(name)} — ClusterRole` : `${ns}/${segment(name)} — Role` };
}

/** /rbac/roles/{namespace or _cluster}/{name}: a role's rules (aggregation sources named) and who binds it. */
export default function RolePage({ params }: { params: Params }) {
  return (
    <>
      <RbacTabs path="/rbac/roles" />
      <Role params={params} />
    </>
  );
}

async function Role({ params }: { params: Params }) {
  const raw = await params;
  const ns = segment(raw.namespace);
  const name = segment(raw.name);
  if (!validScope(ns, name) || ns === undefined || name === undefined) notFound();
  const cluster = ns === CLUSTER_SCOPE;
  const caller = await pageClientsOrError();
  let view: RoleView | undefined;
  try {
    if (caller.error) throw caller.error;
    view = await readRoleView(
      caller.clients.forCaller,
      cluster ? 'ClusterRole' : 'Role',
      cluster ? undefined : ns,
      name,
    );
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    return <ProblemPanel title="The role could not be read" detail={e.detail} hints={e.hints} />;
  }
  if (!view) notFound();
  const { role, boundBy } = view;
  const selectors = aggregationText(role);
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <p className="text-sm">
          <Link
            href={`/rbac?role=${encodeURIComponent(role.name)}`}
            className="text-sky-700 hover:underline dark:text-sky-300"
          >
            Bindings of roles named {role.name}
          </Link>
        </p>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{role.name}</h1>
          <Link
            href={graphHref({
              kind: 'role',
              role: cluster
                ? { kind: 'ClusterRole', name: role.name }
                : { kind: 'Role', namespace: ns, name: role.name },
            })}
            data-testid="role-graph"
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Graph
          </Link>
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Fact term="Kind">{role.kind}</Fact>
          <Fact term="Namespace">{cluster ? 'cluster-wide' : ns}</Fact>
          <Fact term="Rules">{String(role.rules.length)}</Fact>
          <Fact term="Bound by">{String(boundBy.length)}</Fact>
        </dl>
      </header>
      <DetailSection
        id="rules"
        title="Rules"
        intro={
          selectors.length
            ? `Aggregated: the controller copies in the rules of every ClusterRole matching ${selectors.join(' or ')}. “From” names where each rule comes from.`
            : undefined
        }
      >
        <RbacRoleRules role={role} rules={view.rules} />
      </DetailSection>
      <DetailSection id="bound-by" title={`Bound by (${boundBy.length})`}>
        {boundBy.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            No binding references this role, so it grants nothing directly
            {role.kind === 'ClusterRole' && role.labels
              ? ' (an aggregated ClusterRole may still copy its rules)'
              : ''}
            .
          </p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="role-bound-by">
            {boundBy.map((b) => (
              <li key={`${b.kind}/${b.namespace ?? ''}/${b.name}`} className="break-all">
                <Link
                  href={bindingHref(b.kind, b.namespace, b.name)}
                  className="text-sky-700 hover:underline dark:text-sky-300"
                >
                  {b.namespace ? `${b.namespace}/${b.name}` : b.name}
                </Link>{' '}
                <span className="text-xs text-slate-500 dark:text-slate-400">{b.kind}</span>
              </li>
            ))}
          </ul>
        )}
      </DetailSection>
    </div>
  );
}
