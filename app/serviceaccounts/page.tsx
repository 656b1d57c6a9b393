import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { SaBrowser } from '@/components/serviceaccounts/sa-browser';
import { AppError } from '@/lib/contracts/errors';
import { DEFAULT_SERVICE_ACCOUNT_PAGE } from '@/lib/contracts/serviceaccounts';
import { namespaceSchema } from '@/lib/contracts/scenarios';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { listNamespaceNames, listServiceAccounts } from '@/lib/kube/serviceaccounts';

export const metadata: Metadata = { title: 'ServiceAccounts' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function asError(err: unknown): AppError {
  return err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
}

/** /serviceaccounts: every ServiceAccount, filtered by namespace and search, paged by the server. */
export default function ServiceAccountsPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <ServiceAccounts searchParams={searchParams} />
    </Suspense>
  );
}

async function ServiceAccounts({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const ns = namespaceSchema.safeParse(query.namespace);
  const namespace = ns.success ? ns.data : '';
  const q = typeof query.q === 'string' ? query.q.slice(0, 253) : '';
  let failure: AppError | undefined;
  let page = null;
  let namespaces: string[] = [];
  // Outside the try: in shared mode without a sign-in this redirects to /signin.
  const caller = await pageClientsOrError();
  try {
    if (caller.error) throw caller.error;
    const { forCaller } = caller.clients;
    [page, namespaces] = await Promise.all([
      listServiceAccounts(forCaller, { namespace, q, limit: DEFAULT_SERVICE_ACCOUNT_PAGE }),
      listNamespaceNames(forCaller),
    ]);
  } catch (err) {
    failure = asError(err);
  }
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">ServiceAccounts</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Every ServiceAccount, with the pods running as it, the bindings that reach it (its own and its
          groups’), its non-expiring legacy tokens, and whether it can mint tokens for others.
        </p>
      </header>
      {failure ? (
        <ProblemPanel
          title={
            failure.code === 'unavailable:kubeconfig'
              ? 'No cluster configured'
              : 'ServiceAccounts could not be listed'
          }
          detail={failure.detail}
          hints={failure.hints}
        />
      ) : (
        <SaBrowser
          initial={page}
          namespaces={namespaces}
          initialNamespace={namespace}
          initialQuery={q}
          now={Date.now()}
        />
      )}
    </div>
  );
}
