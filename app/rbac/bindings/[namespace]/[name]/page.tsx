import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import { notFound } from 'next/navigation';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { Fact } from '@/components/ui/fact';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { stackedTable as st } from '@/components/ui/stacked-table';
import { aggregationText, RbacRoleRules } from '@/components/rbac/rbac-role-rules';
import { StateBadge, segment, validScope } from '@/components/rbac/rbac-detail-parts';
import { DetailSection } from '@/components/ui/detail-section';
import { AppError } from '@/lib/contracts/errors';
import { CLUSTER_SCOPE, missingRoleReason, roleHref } from '@/lib/rbac/bindings';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { type BindingView, readBindingView, type SubjectView } from '@/lib/kube/rbac-bindings';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const dynamic = 'force-dynamic';

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  const ns = segment(namespace);
  return {
    title:
      ns === CLUSTER_SCOPE ? `${segment(name)} — ClusterRoleBinding` : `${ns}/${segment(name)} — RoleBinding`,
  };
}

function SubjectState({ check }: { check: SubjectView['check'] }) {
  if (check.state === 'exists') return <StateBadge tone="ok">exists</StateBadge>;
  if (check.state === 'missing') return <StateBadge tone="bad">missing</StateBadge>;
  return (
    <>
      <StateBadge tone="unknown">cannot be checked</StateBadge>
      <span className="mt-1 block text-xs text-slate-600 dark:text-slate-300">{check.reason}</span>
    </>
  );
}

function Subjects({ view }: { view: BindingView }) {
  if (view.subjects.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        No subjects: this binding grants its role to nobody.
      </p>
    );
  return (
    <TableFrame>
      <table className={st.table} aria-label="Subjects">
        <TableHead className={st.thead} columns={['Kind', 'Name', 'Namespace', 'Exists?']} />
        <tbody className={st.tbody}>
          {view.subjects.map((s) => (
            <tr
              key={`${s.subject.kind}/${s.namespace ?? ''}/${s.subject.name}`}
              data-testid="binding-subject"
              className={st.tr}
            >
              <td data-label="Kind" className={st.td}>
                {s.subject.kind}
              </td>
              <td data-label="Name" className={`${st.td} font-mono break-all`}>
                {s.subject.kind === 'ServiceAccount' && s.namespace && s.check.state !== 'missing' ? (
                  <Link
                    href={`/serviceaccounts/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.subject.name)}`}
                    className="text-sky-700 hover:underline dark:text-sky-300"
                  >
                    {s.subject.name}
                  </Link>
                ) : (
                  s.subject.name
                )}
              </td>
              <td data-label="Namespace" className={`${st.td} break-all`}>
                {s.namespace ?? '—'}
              </td>
              <td data-label="Exists?" className={st.td}>
                <SubjectState check={s.check} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

/** /rbac/bindings/{namespace or _cluster}/{name}: a binding's subjects, role and rules, and what is missing. */
export default function BindingPage({ params }: { params: Params }) {
  return (
    <>
      <RbacTabs path="/rbac/bindings" />
      <Binding params={params} />
    </>
  );
}

async function Binding({ params }: { params: Params }) {
  const raw = await params;
  const ns = segment(raw.namespace);
  const name = segment(raw.name);
  if (!validScope(ns, name) || ns === undefined || name === undefined) notFound();
  const cluster = ns === CLUSTER_SCOPE;
  const caller = await pageClientsOrError();
  let view: BindingView | undefined;
  try {
    if (caller.error) throw caller.error;
    view = await readBindingView(
      caller.clients.forCaller,
      cluster ? 'ClusterRoleBinding' : 'RoleBinding',
      cluster ? undefined : ns,
      name,
    );
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    return <ProblemPanel title="The binding could not be read" detail={e.detail} hints={e.hints} />;
  }
  if (!view) notFound();
  const { binding, role } = view;
  const scope = cluster ? '' : ns;
  const roleLinkable = binding.roleRef.kind === 'ClusterRole' || !cluster;
  const missingSubjects = view.subjects.filter((s) => s.check.state === 'missing').length;
  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <p className="text-sm">
          <Link href="/rbac" className="text-sky-700 hover:underline dark:text-sky-300">
            All bindings
          </Link>
          {!cluster && (
            <>
              {' · '}
              <Link
                href={`/rbac?namespace=${encodeURIComponent(ns)}`}
                className="text-sky-700 hover:underline dark:text-sky-300"
              >
                Bindings in {ns}
              </Link>
            </>
          )}
        </p>
        <h1 className="text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{binding.name}</h1>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Fact term="Kind">{binding.kind}</Fact>
          <Fact term="Namespace">{cluster ? 'cluster-wide' : ns}</Fact>
          <Fact term="Role">
            {roleLinkable ? (
              <Link
                href={roleHref(binding.roleRef.kind, scope, binding.roleRef.name)}
                className="text-sky-700 hover:underline dark:text-sky-300"
              >
                {binding.roleRef.kind} {binding.roleRef.name}
              </Link>
            ) : (
              `${binding.roleRef.kind} ${binding.roleRef.name}`
            )}
          </Fact>
          <Fact term="Status">
            {role && missingSubjects === 0 ? (
              <StateBadge tone="ok">resolves</StateBadge>
            ) : (
              <StateBadge tone="bad">dangling</StateBadge>
            )}
          </Fact>
        </dl>
      </header>
      <DetailSection
        id="subjects"
        title={`Subjects (${view.subjects.length})`}
        intro="ServiceAccounts are looked up as you. Users and Groups are not objects in Kubernetes: whoever authenticates with that name or group gets the role, so their existence cannot be checked."
      >
        <Subjects view={view} />
      </DetailSection>
      <DetailSection
        id="rules"
        title={role ? `Rules of ${role.role.kind} ${role.role.name}` : 'Rules'}
        intro={
          role?.role.aggregationRule
            ? `An aggregated ClusterRole: the controller copies in the rules of every ClusterRole matching ${aggregationText(role.role).join(' or ')}. “From” names where each rule comes from.`
            : undefined
        }
      >
        {role ? (
          <RbacRoleRules role={role.role} rules={role.rules} />
        ) : (
          <p
            role="status"
            data-testid="role-missing"
            className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
          >
            The {missingRoleReason(binding).replace(/^references /, 'binding references ')}. It grants nothing
            until a role by that name is created, and then grants whatever that role says.
          </p>
        )}
      </DetailSection>
    </div>
  );
}
