import { SCENARIO_LABEL } from '@/lib/contracts/scenario-labels';
import type { presenceSummary } from '@/lib/contracts/scenario-state';

export { PresenceMark } from './presence-mark';

const summaryText = {
  applied: 'Applied in the cluster',
  partial: 'Partly applied in the cluster',
  absent: 'Not applied in the cluster',
  unknown: 'Cluster state unknown',
} as const;

/** "Applied in the cluster · 4 of 4 objects", from the label Tokenscope puts on what it applies. */
export function PresenceSummary({ summary }: { summary: ReturnType<typeof presenceSummary> }) {
  const tone =
    summary.state === 'applied'
      ? 'bg-emerald-50 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950/50 dark:text-emerald-100'
      : summary.state === 'partial'
        ? 'bg-amber-50 text-amber-950 ring-amber-500/40 dark:bg-amber-950/40 dark:text-amber-50'
        : 'bg-slate-50 text-slate-700 ring-slate-400/40 dark:bg-slate-800 dark:text-slate-200';
  return (
    <p
      data-testid="scenario-cluster-state"
      data-state={summary.state}
      title={`Objects carrying the label ${SCENARIO_LABEL}`}
      className={`mt-3 inline-flex w-fit items-center gap-2 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${tone}`}
    >
      {summaryText[summary.state]}
      {summary.state !== 'unknown' && (
        <span className="font-normal">
          · {summary.applied} of {summary.total} objects
        </span>
      )}
    </p>
  );
}
