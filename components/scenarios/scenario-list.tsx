'use client';

import Link from '@/components/ui/cluster-link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { scenarioApi } from '@/lib/client/scenarios';
import { AppError } from '@/lib/contracts/errors';
import type { ScenarioRun, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { presenceSummary, type ScenarioObjectState } from '@/lib/contracts/scenario-state';
import { PresenceMark, PresenceSummary } from './scenario-presence';

const outcomeStyle: Record<string, string> = {
  applied: 'text-emerald-700 dark:text-emerald-400',
  deleted: 'text-emerald-700 dark:text-emerald-400',
  absent: 'text-slate-500',
  conflict: 'text-amber-700 dark:text-amber-300',
  failed: 'text-red-700 dark:text-red-400',
};

/** Workshop scenarios with apply and teardown buttons and a per-object report. */
export function ScenarioList({
  scenarios,
  states,
  readOnly,
}: {
  scenarios: ScenarioSummary[];
  /** What of each scenario is in the cluster now (server-rendered, refreshed on live changes). */
  states: Record<string, ScenarioObjectState[]>;
  readOnly: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [runs, setRuns] = useState<Record<string, ScenarioRun>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function run(name: string, action: 'apply' | 'teardown') {
    setBusy(`${name}:${action}`);
    setErrors((e) => ({ ...e, [name]: '' }));
    try {
      const result = await scenarioApi[action](name);
      setRuns((r) => ({ ...r, [name]: result }));
      router.refresh();
    } catch (err) {
      setErrors((e) => ({ ...e, [name]: err instanceof AppError ? err.detail : 'Request failed.' }));
    } finally {
      setBusy(null);
    }
  }

  if (scenarios.length === 0) {
    return <p className="text-sm text-slate-500">No scenarios found in scenarios/.</p>;
  }
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {scenarios.map((s) => {
        const result = runs[s.name];
        const cluster = states[s.name] ?? [];
        return (
          <li
            key={s.name}
            data-testid={`scenario-${s.name}`}
            className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
          >
            <h3 className="font-semibold">
              <Link href={`/scenarios/${s.name}`} className="hover:underline">
                {s.title}
              </Link>
            </h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{s.summary}</p>
            {s.source && <p className="mt-1 text-xs text-slate-500">{s.source}</p>}
            <PresenceSummary summary={presenceSummary(cluster)} />
            <ul className="mt-3 space-y-0.5 font-mono text-xs">
              {s.objects.map((o) => {
                const r = result?.results.find((x) => x.kind === o.kind && x.name === o.name);
                const now = cluster.find((x) => x.kind === o.kind && x.name === o.name && x.namespace === o.namespace);
                return (
                  <li key={`${o.kind}/${o.namespace ?? ''}/${o.name}`} className="flex flex-wrap justify-between gap-x-2">
                    <span className="flex min-w-0 items-center gap-1.5 break-all">
                      {now && <PresenceMark presence={now.presence} />}
                      {o.kind}/{o.name}
                    </span>
                    {r && (
                      <span className={outcomeStyle[r.outcome]} title={r.detail}>
                        {r.outcome}
                        {r.detail ? `: ${r.detail}` : ''}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            {errors[s.name] && (
              <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
                {errors[s.name]}
              </p>
            )}
            <div className="mt-4 flex flex-wrap gap-2">
              <Link
                href={`/scenarios/${s.name}`}
                data-testid="scenario-guide-link"
                className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
              >
                Guided walkthrough ({s.steps.length} steps)
              </Link>
              <Link
                href={`/scenarios/${s.name}?presenter=1`}
                data-testid="scenario-present-link"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                Present<span className="sr-only"> {s.title} in presenter mode</span>
              </Link>
              <button
                type="button"
                disabled={readOnly || busy !== null}
                onClick={() => run(s.name, 'apply')}
                className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
              >
                {busy === `${s.name}:apply` ? 'Applying…' : 'Apply'}
              </button>
              <button
                type="button"
                disabled={readOnly || busy !== null}
                onClick={() => run(s.name, 'teardown')}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                {busy === `${s.name}:teardown` ? 'Tearing down…' : 'Tear down'}
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
