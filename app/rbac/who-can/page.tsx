import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { RbacTokenMinters } from '@/components/rbac/rbac-token-minters';
import { unknownRequestWarnings } from '@/components/rbac/rbac-request-check';
import { RbacWhoCanForm, RbacWhoCanResult, RbacWhoCanWarnings } from '@/components/rbac/rbac-who-can';
import { AppError } from '@/lib/contracts/errors';
import { type WhoCanQuery, whoCanQuerySchema } from '@/lib/contracts/rbac';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { servedResources } from '@/lib/kube/discovery';
import { listTokenMinters, whoCanRequest } from '@/lib/kube/rbac';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'Who can … — RBAC' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return {
      ok: false,
      error: err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.'),
    };
  }
}

function formValues(
  query: Record<string, string | string[] | undefined>,
): Partial<Record<keyof WhoCanQuery, string>> {
  const keys = ['verb', 'group', 'resource', 'subresource', 'namespace', 'name'] as const;
  return Object.fromEntries(
    keys.flatMap((k) => (typeof query[k] === 'string' ? [[k, query[k].slice(0, 253)]] : [])),
  );
}

/** The question the form shows before anyone asks one; it is answered on load like any other. */
const firstQuestion = { verb: 'list', resource: 'pods', namespace: 'default' };

/** /rbac/who-can: who can do what (and through which binding), and who can mint tokens for whom. */
export default function RbacPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <>
      <RbacTabs path="/rbac/who-can" />
      <Suspense fallback={<PageLoading />}>
        <Rbac searchParams={searchParams} />
      </Suspense>
    </>
  );
}

async function Rbac({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const asked = formValues(query);
  const values = asked.verb !== undefined || asked.resource !== undefined ? asked : firstQuestion;
  const parsed = whoCanQuerySchema.safeParse(values);
  const { clients, error } = await pageClientsOrError();
  const [whoCan, minters, served] = await Promise.all([
    parsed.success
      ? settle(clients ? whoCanRequest(clients.forCaller, parsed.data) : Promise.reject(error))
      : Promise.resolve(undefined),
    settle(clients ? listTokenMinters(clients.forCaller) : Promise.reject(error)),
    // Only for warnings and suggestions: without discovery the answer still stands.
    clients
      ? servedResources(clients.forCaller).catch(() => ({ resources: [] }))
      : Promise.resolve({ resources: [] }),
  ]);
  const warnings = parsed.success ? unknownRequestWarnings(served, parsed.data) : [];
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Who may make a request, through which binding and role — users, groups and ServiceAccounts alike —
          and who can mint ServiceAccount tokens for whom.
        </p>
      </header>
      <section aria-labelledby="who-can-heading" className="space-y-4">
        <h2 id="who-can-heading" className="text-lg font-semibold">
          Who can …?
        </h2>
        <RbacWhoCanForm values={values} served={served} />
        {!parsed.success && (
          <p role="alert" data-testid="who-can-invalid" className="text-sm text-red-700 dark:text-red-400">
            {parsed.error.issues[0]?.path.join('.')}: {parsed.error.issues[0]?.message}
          </p>
        )}
        <RbacWhoCanWarnings warnings={warnings} />
        {whoCan?.ok === true && <RbacWhoCanResult result={whoCan.value} />}
        {whoCan?.ok === false && (
          <ProblemPanel title="Could not answer" detail={whoCan.error.detail} hints={whoCan.error.hints} />
        )}
      </section>
      <section aria-labelledby="minters-heading" className="space-y-4">
        <h2 id="minters-heading" className="text-lg font-semibold">
          Who can mint tokens for whom
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Creating <span className="font-mono">serviceaccounts/token</span> lets a subject act as that
          ServiceAccount. Cluster administrators (system:masters) can always.
        </p>
        {minters.ok ? (
          <RbacTokenMinters minters={minters.value.minters} />
        ) : (
          <ProblemPanel
            title="Token minters could not be listed"
            detail={minters.error.detail}
            hints={minters.error.hints}
          />
        )}
      </section>
    </div>
  );
}
