import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { ScenarioList } from '@/components/scenarios/scenario-list';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { pageClientsOrError, pageSession } from '@/lib/server/http/page-caller';
import { listScenarios } from '@/lib/server/scenarios/run';
import { scenarioStatesByName } from '@/lib/server/scenarios/state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Scenarios' };

/** /scenarios: every workshop scenario, with apply/teardown and a link to its guided view. */
export default async function ScenariosPage() {
  // Steps act as the viewer: in shared mode a visitor who has not signed in goes to /signin first.
  if (env().mode === 'shared' && !(await pageSession())?.signedIn) redirect('/signin');
  return (
    <Suspense fallback={<PageLoading />}>
      <Scenarios />
    </Suspense>
  );
}

async function Scenarios() {
  let scenarios: Awaited<ReturnType<typeof listScenarios>>;
  try {
    scenarios = await listScenarios();
  } catch (err) {
    const detail = err instanceof AppError ? err.detail : 'Unexpected error.';
    return <ProblemPanel title="Scenarios could not be loaded" detail={detail} />;
  }
  // What is already in the cluster, from the label Tokenscope sets; live updates re-render this.
  const { clients } = await pageClientsOrError();
  const states = await scenarioStatesByName(clients?.forCaller ?? null, scenarios.map((s) => s.name));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Workshop scenarios</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Each scenario is a folder under <code className="font-mono">scenarios/</code>: manifests and steps.
          Open one to walk through it step by step, or apply and tear it down in one go.
        </p>
      </header>
      <ScenarioList scenarios={scenarios} states={states} readOnly={env().readOnly} />
    </div>
  );
}
