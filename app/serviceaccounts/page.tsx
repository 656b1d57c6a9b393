import type { Metadata } from 'next';
import { SaBrowser } from '@/components/serviceaccounts/sa-browser';
import { InDocumentIfQuick } from '@/components/ui/in-document-if-quick';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { namespaceSchema } from '@/lib/contracts/scenarios';
import { DEFAULT_SERVICE_ACCOUNT_PAGE, type ServiceAccountPage } from '@/lib/contracts/serviceaccounts';
import { listNamespaceNames, listServiceAccounts } from '@/lib/kube/serviceaccounts';
import { env } from '@/lib/server/env';
import { pageClientsOrError } from '@/lib/server/http/page-caller';

export const metadata: Metadata = { title: 'ServiceAccounts' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function asError(err: unknown): AppError {
  return err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
}

/**
 * /serviceaccounts: every ServiceAccount, filtered by namespace and search, paged by the server.
 * When the cluster answers quickly the first rows come in the document itself; a slow one gets the
 * shell and a loading state first (InDocumentIfQuick).
 */
export default function ServiceAccountsPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <InDocumentIfQuick data={loadPage(searchParams)} fallback={<PageLoading />} ms={env().inDocumentMs}>
      {(view) => <ServiceAccountsView {...view} />}
    </InDocumentIfQuick>
  );
}

interface View {
  page: ServiceAccountPage | null;
  namespaces: string[];
  namespace: string;
  q: string;
  failure?: AppError;
}

async function loadPage(searchParams: SearchParams): Promise<View> {
  const query = await searchParams;
  const ns = namespaceSchema.safeParse(query.namespace);
  const namespace = ns.success ? ns.data : '';
  const q = typeof query.q === 'string' ? query.q.slice(0, 253) : '';
  let failure: AppError | undefined;
  let page: ServiceAccountPage | null = null;
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
  return { page, namespaces, namespace, q, ...(failure ? { failure } : {}) };
}

function ServiceAccountsView({ page, namespaces, namespace, q, failure }: View) {
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
