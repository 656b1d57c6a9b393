import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import { Suspense } from 'react';
import { focusOf, graphHref } from '@/components/rbac/graph-links';
import { drawGraph } from '@/components/rbac/graph-drawing';
import { RbacGraphForm } from '@/components/rbac/rbac-graph-form';
import { RbacGraphLazy } from '@/components/rbac/rbac-graph-lazy';
import { RbacGraphList } from '@/components/rbac/rbac-graph-list';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { graphQueryValues } from '@/lib/contracts/rbac-graph';
import { graphQuerySchema } from '@/lib/contracts/rbac-graph.schema';
import { readRbacGraph } from '@/lib/kube/rbac-graph';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'RBAC graph' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const examples = [
  { kind: 'ServiceAccount', namespace: 'default', name: 'service-account-token-requester' },
  { kind: 'ServiceAccount', namespace: 'default', name: 'service-account-pod-viewer' },
  { kind: 'Namespace', namespace: 'kube-system' },
  { kind: 'ClusterRole', name: 'cluster-admin' },
  { kind: 'Group', name: 'system:authenticated' },
] as const;

/** /rbac/graph: subject → binding → role → rules for a subject, a role or a namespace. */
export default function RbacGraphPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <>
      <RbacTabs path="/rbac/graph" />
      <Page searchParams={searchParams} />
    </>
  );
}

function Page({ searchParams }: { searchParams: SearchParams }) {
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC graph</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Which bindings reach a subject, which roles they grant and what those roles allow — or, for a role
          or a namespace, who is bound to it. Read from the RBAC objects as you.
        </p>
      </header>
      <Suspense fallback={<PageLoading />}>
        <Graph searchParams={searchParams} />
      </Suspense>
    </div>
  );
}

async function Graph({ searchParams }: { searchParams: SearchParams }) {
  const values = graphQueryValues(await searchParams);
  const asked = values.kind !== undefined;
  const parsed = graphQuerySchema.safeParse(values);
  const form = <RbacGraphForm values={values} />;
  if (!asked) {
    return (
      <>
        {form}
        <section aria-labelledby="graph-start" className="space-y-2 text-sm">
          <h2 id="graph-start" className="font-semibold">
            Start with
          </h2>
          <ul className="list-disc space-y-1 pl-5">
            {examples.map((e) => {
              const q = graphQuerySchema.parse(e);
              return (
                <li key={graphHref(focusOf(q))}>
                  <Link
                    href={graphHref(focusOf(q))}
                    className="text-sky-700 hover:underline dark:text-sky-300"
                  >
                    {e.kind}{' '}
                    <span className="font-mono">
                      {'name' in e ? ('namespace' in e ? `${e.namespace}/${e.name}` : e.name) : e.namespace}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      </>
    );
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <>
        {form}
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="graph-invalid">
          {issue?.path.join('.') || 'kind'}: {issue?.message}
        </p>
      </>
    );
  }
  const focus = focusOf(parsed.data);
  const { clients, error } = await pageClientsOrError();
  let view: Awaited<ReturnType<typeof readRbacGraph>>;
  try {
    if (!clients) throw error;
    view = await readRbacGraph(clients.forCaller, focus);
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    return (
      <>
        {form}
        <ProblemPanel title="The RBAC graph could not be drawn" detail={e.detail} hints={e.hints} />
      </>
    );
  }
  const { graph, podsProblem } = view;
  const bindings = graph.nodes.filter((n) => n.kind === 'binding').length;
  return (
    <>
      {form}
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="graph-summary">
        {graph.nodes.length} nodes, {bindings} binding{bindings === 1 ? '' : 's'}
        {graph.omitted > 0 &&
          ` · ${graph.omitted} more left out to keep it readable (see the “not drawn” nodes)`}
        {focus.kind === 'subject' &&
          focus.subject.kind === 'User' &&
          ' · a User’s groups are not known from RBAC, so only bindings naming the user are drawn'}
        {focus.kind === 'namespace' &&
          ' · its RoleBindings, and the ClusterRoleBindings that name its ServiceAccounts'}
      </p>
      {podsProblem && (
        <p className="text-sm text-amber-800 dark:text-amber-300" role="note">
          Pods are not drawn: {podsProblem}
        </p>
      )}
      {bindings === 0 ? (
        <p
          className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800"
          data-testid="graph-empty"
        >
          No binding{' '}
          {focus.kind === 'role'
            ? 'references this role'
            : focus.kind === 'namespace'
              ? 'in this namespace'
              : 'reaches this subject'}{' '}
          — check the spelling, or pick one from the{' '}
          <Link href="/serviceaccounts" className="text-sky-700 underline dark:text-sky-300">
            ServiceAccounts
          </Link>{' '}
          list.
        </p>
      ) : null}
      <RbacGraphLazy graph={graph} drawing={drawGraph(graph)}>
        <RbacGraphList graph={graph} />
      </RbacGraphLazy>
    </>
  );
}
