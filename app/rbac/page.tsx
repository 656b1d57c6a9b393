import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { RbacBindingsBrowser } from '@/components/rbac/rbac-bindings-browser';
import { RbacHygiene } from '@/components/rbac/rbac-hygiene';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { filterFromQuery, toWire } from '@/lib/rbac/bindings';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { type BindingsOverview, bindingsOverview } from '@/lib/kube/rbac-bindings';

export const metadata: Metadata = { title: 'RBAC bindings' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Query keys only the who-can question has: links shared before /rbac/who-can existed carry them. */
const whoCanKeys = ['verb', 'group', 'resource', 'subresource', 'name'];

/** /rbac: every Role, ClusterRole, RoleBinding and ClusterRoleBinding, filterable, with hygiene findings. */
export default function RbacBindingsPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <Bindings searchParams={searchParams} />
    </Suspense>
  );
}

async function Bindings({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  if (whoCanKeys.some((k) => query[k] !== undefined)) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
    redirect(`/rbac/who-can?${params.toString()}`);
  }
  const filter = filterFromQuery(query);
  let overview: BindingsOverview | undefined;
  let failure: AppError | undefined;
  // Outside the try: in shared mode without a sign-in this redirects to /signin.
  const caller = await pageClientsOrError();
  try {
    if (caller.error) throw caller.error;
    overview = await bindingsOverview(caller.clients.forCaller);
  } catch (err) {
    failure = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
  }
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC bindings</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Every RoleBinding and ClusterRoleBinding you may list, with its role and subjects. Filter by
          namespace, subject, role, or what the role grants; the filters are in the address, so a view can be
          shared.
        </p>
      </header>
      {failure || !overview ? (
        <ProblemPanel
          title={
            failure?.code === 'unavailable:kubeconfig'
              ? 'No cluster configured'
              : 'Bindings could not be listed'
          }
          detail={failure?.detail ?? 'Unexpected error.'}
          hints={failure?.hints}
        />
      ) : (
        <>
          <RbacBindingsBrowser wire={toWire(overview.model)} initialFilter={filter} />
          <RbacHygiene
            dangling={overview.dangling}
            unused={overview.unusedServiceAccounts}
            unread={overview.unread}
          />
        </>
      )}
    </div>
  );
}
