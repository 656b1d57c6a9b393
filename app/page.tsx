import { Suspense } from 'react';
import { ClusterCard } from '@/components/layout/cluster-card';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { ScenarioList } from '@/components/scenarios/scenario-list';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { clusterIdentity } from '@/lib/kube/identity';
import { listScenarios } from '@/lib/server/scenarios/run';
import { scenarioStatesByName } from '@/lib/server/scenarios/state';

export const dynamic = 'force-dynamic';

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, error: err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.') };
  }
}

export default function OverviewPage() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Overview />
    </Suspense>
  );
}

async function Overview() {
  const caller = await pageClientsOrError();
  const [identity, scenarios] = await Promise.all([
    settle(caller.clients ? clusterIdentity(caller.clients.forCaller) : Promise.reject(caller.error)),
    settle(listScenarios()),
  ]);
  const states = scenarios.ok
    ? await scenarioStatesByName(identity.ok ? (caller.clients?.forCaller ?? null) : null, scenarios.value.map((s) => s.name))
    : {};
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Where Tokenscope is connected, who it is there, and the workshop scenarios you can set up.
        </p>
      </header>
      {identity.ok ? (
        <ClusterCard identity={identity.value} shared={env().mode === 'shared'} />
      ) : (
        <ProblemPanel
          title={identity.error.code === 'unavailable:kubeconfig' ? 'No cluster configured' : 'Cluster not reachable'}
          detail={identity.error.detail}
          hints={identity.error.hints}
        />
      )}
      <section aria-labelledby="scenarios-heading">
        <h2 id="scenarios-heading" className="mb-3 text-lg font-semibold">
          Workshop scenarios
        </h2>
        {scenarios.ok ? (
          <ScenarioList scenarios={scenarios.value} states={states} readOnly={env().readOnly || !identity.ok} />
        ) : (
          <ProblemPanel title="Scenarios could not be loaded" detail={scenarios.error.detail} />
        )}
      </section>
    </div>
  );
}
