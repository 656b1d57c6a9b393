import type { ObjectResult } from '@/lib/contracts/scenarios';

const outcomeClass: Record<ObjectResult['outcome'], string> = {
  applied: 'text-emerald-700 dark:text-emerald-400',
  deleted: 'text-emerald-700 dark:text-emerald-400',
  absent: 'text-slate-500 dark:text-slate-400',
  conflict: 'text-amber-700 dark:text-amber-300',
  failed: 'text-red-700 dark:text-red-400',
};

/** What happened to each object of an apply, delete, teardown or fix: nothing skipped silently. */
export function ScenarioObjects({ results }: { results: ObjectResult[] }) {
  if (results.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">No objects.</p>;
  return (
    <ul aria-label="Objects" className="space-y-1 font-mono text-sm" data-testid="step-objects">
      {results.map((r) => (
        <li
          key={`${r.kind}/${r.namespace ?? ''}/${r.name}`}
          data-outcome={r.outcome}
          className="flex flex-wrap justify-between gap-x-3"
        >
          <span className="break-all">
            {r.kind}/{r.namespace ? `${r.namespace}/` : ''}
            {r.name}
          </span>
          <span className={outcomeClass[r.outcome]}>
            {r.outcome}
            {r.detail ? `: ${r.detail}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
