import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { PresenterNotice } from '@/components/layout/presenter-notice';
import { PRESENTER_COOKIE, presenterFrom } from '@/components/layout/presenter-prefs';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { ScenarioStepCode } from '@/components/scenarios/scenario-code';
import { ScenarioGuide } from '@/components/scenarios/scenario-guide';
import { stepIndexFrom } from '@/components/scenarios/scenario-model';
import { parseHeldMemo, restartNotice, walkthroughMemoKey } from '@/components/scenarios/scenario-restore';
import { appliedSteps, stepTexts } from '@/components/scenarios/scenario-step-texts';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { pageCluster, pageClientsOrError, pageSession } from '@/lib/server/http/page-caller';
import { listScenarioNames, loadScenario } from '@/lib/server/scenarios/load';
import { readProgress } from '@/lib/server/scenarios/progress';
import { scenarioObjectStates } from '@/lib/server/scenarios/state';
import { toScenarioSummary } from '@/lib/scenarios/summary';
import '../presenter.css';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** A cookie value as the browser wrote it (URI-encoded), or as it is when it does not decode. */
function decoded(value: string | null): string | null {
  if (value === null) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: `Scenario ${decodeURIComponent(name)}` };
}

/** /scenarios/{name}: the guided view; ?step=N (or #step-N) opens a step, ?presenter=1 presenter mode. */
export default async function ScenarioPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ name }, query, jar] = await Promise.all([params, searchParams, cookies()]);
  const session = await pageSession();
  // Steps act as the viewer: in shared mode a visitor who has not signed in goes to /signin first.
  if (env().mode === 'shared' && !session?.signedIn) redirect('/signin');
  const scenarioName = decodeURIComponent(name);
  // 404 with ./not-found.tsx for a name with no folder; a folder that does not load says why below.
  if (!(await listScenarioNames()).includes(scenarioName)) notFound();
  let summary: ReturnType<typeof toScenarioSummary>;
  try {
    summary = toScenarioSummary(await loadScenario(scenarioName));
  } catch (err) {
    const detail = err instanceof AppError ? err.detail : 'The scenario could not be loaded.';
    return <ProblemPanel title="Scenario not available" detail={detail} />;
  }
  // What is already in the cluster (from Tokenscope's label); live updates re-render this page.
  const { clients } = await pageClientsOrError();
  const cluster = await scenarioObjectStates(clients?.forCaller ?? null, summary.name);
  // The guided view loads its step runner at once only when there is a place to read back, or a
  // restart to report (the browser's memo names tokens of an earlier session); otherwise when a
  // step is about to run (components/scenarios/scenario-runner-lazy.tsx).
  // Progress is kept per cluster (as the progress API keeps it): this page's cluster's walkthrough.
  const { cluster: onCluster } = await pageCluster();
  const saved = session && onCluster ? readProgress(session, onCluster.name, summary.name) : undefined;
  const memo = jar.get(walkthroughMemoKey(summary.name))?.value ?? null;
  const restore =
    (saved?.savedAt ?? 0) > 0 ||
    restartNotice(parseHeldMemo(memo) ?? parseHeldMemo(decoded(memo)), saved?.sessionStartedAt ?? 0) !== null;
  return (
    <ScenarioGuide
      scenario={summary}
      texts={stepTexts(summary.steps, summary.objects)}
      cluster={cluster}
      applied={appliedSteps(summary.steps, cluster)}
      code={summary.steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed list; the position is the step.
        <ScenarioStepCode key={i} step={s} />
      ))}
      initialStep={stepIndexFrom(one(query.step), summary.steps.length) ?? 0}
      initialPresenter={presenterFrom(one(query.presenter), jar.get(PRESENTER_COOKIE)?.value)}
      readOnly={env().readOnly}
      restore={restore}
      presenterNotice={<PresenterNotice namespace={summary.namespace} />}
    />
  );
}
