import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EscalationPaths, RiskFilters, RiskFindings } from '@/components/rbac/rbac-risk';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { READ_ONLY_PROOF, type RiskQuery, riskQuerySchema } from '@/lib/contracts/risk';
import { riskReport } from '@/lib/kube/risk';
import { env } from '@/lib/server/env';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'RBAC risk' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function queryOf(raw: Record<string, string | string[] | undefined>): { query: RiskQuery; invalid?: string } {
  const values = Object.fromEntries(
    Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' && v !== '' ? [[k, v]] : [])),
  );
  const parsed = riskQuerySchema.safeParse(values);
  if (parsed.success) return { query: parsed.data };
  const issue = parsed.error.issues[0];
  return { query: {}, invalid: `${issue?.path.join('.')}: ${issue?.message}` };
}

/** /rbac/risk: dangerous grants of every subject, and every account's shortest way to cluster-admin. */
export default function RiskPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <>
      <RbacTabs path="/rbac/risk" />
      <Suspense fallback={<PageLoading />}>
        <Risk searchParams={searchParams} />
      </Suspense>
    </>
  );
}

async function Risk({ searchParams }: { searchParams: SearchParams }) {
  const { query, invalid } = queryOf(await searchParams);
  const { clients, error } = await pageClientsOrError();
  const proveDisabled = env().readOnly ? READ_ONLY_PROOF : undefined;
  let report: Awaited<ReturnType<typeof riskReport>> | undefined;
  let failure: AppError | undefined = clients ? undefined : error;
  if (clients) {
    try {
      report = await riskReport(clients.forCaller, query);
    } catch (err) {
      failure = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    }
  }
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC risk</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Every dangerous permission held by users, groups and ServiceAccounts, with the exact binding → role
          → rule that grants it, and the shortest way each account can reach cluster-admin-equivalent rights (
          <span className="font-mono">*</span> on <span className="font-mono">*</span> cluster-wide,
          impersonating any group, or binding cluster-admin).
        </p>
        {report && (
          <p className="mt-2 text-sm" data-testid="risk-totals">
            In the cluster: <strong>{report.totals.critical}</strong> critical,{' '}
            <strong>{report.totals.high}</strong> high, <strong>{report.totals.medium}</strong> medium
            (system: subjects included).
          </p>
        )}
      </header>
      {failure && (
        <ProblemPanel title="Risk could not be analysed" detail={failure.detail} hints={failure.hints} />
      )}
      {report && (
        <>
          <section aria-labelledby="paths-heading" className="space-y-4">
            <h2 id="paths-heading" className="text-lg font-semibold">
              Escalation paths
            </h2>
            <EscalationPaths report={report} proveDisabled={proveDisabled} />
          </section>
          <section aria-labelledby="findings-heading" className="space-y-4">
            <h2 id="findings-heading" className="text-lg font-semibold">
              Findings
            </h2>
            <RiskFilters query={query} />
            {invalid && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {invalid}
              </p>
            )}
            <RiskFindings report={report} proveDisabled={proveDisabled} />
          </section>
        </>
      )}
    </div>
  );
}
