import type { GuidedStep } from '@/lib/contracts/scenarios-api';
import type { StepOutcome } from './scenario-actions';
import type { Verdict } from './scenario-model';

const mark: Record<Verdict | 'none', { glyph: string; text: string; className: string }> = {
  expected: { glyph: '✓', text: 'done as expected', className: 'bg-emerald-600 text-white' },
  unexpected: { glyph: '!', text: 'not as expected', className: 'bg-amber-500 text-black' },
  waiting: { glyph: '…', text: 'waiting', className: 'bg-sky-600 text-white' },
  failed: { glyph: '✕', text: 'failed', className: 'bg-red-600 text-white' },
  none: {
    glyph: '',
    text: 'not run',
    className: 'border border-slate-400 text-slate-600 dark:border-slate-500 dark:text-slate-300',
  },
};

const clusterMark = {
  glyph: '●',
  text: 'already in the cluster',
  className: 'border-2 border-emerald-600 text-emerald-700 dark:text-emerald-400',
};

/** The steps as a list: where the presenter is, and how each step went. */
export function ScenarioProgress({
  steps,
  chips,
  applied,
  results,
  current,
  busy,
  compact = false,
  onSelect,
}: {
  steps: GuidedStep[];
  /** Each step's chip words (StepTexts.chip, worked out by the page). */
  chips: readonly string[];
  /** Each step's objects are all in the cluster already (appliedSteps, worked out by the page). */
  applied: readonly boolean[];
  results: Record<number, StepOutcome>;
  current: number;
  busy: number | null;
  /** Presenter mode: a row of chips (number and a few words), leaving the width to the step itself. */
  compact?: boolean;
  onSelect: (index: number) => void;
}) {
  return (
    <nav aria-label="Steps">
      <ol className={compact ? 'flex flex-wrap gap-1.5' : 'space-y-1'}>
        {steps.map((s, i) => {
          const verdict = results[i]?.verdict ?? 'none';
          // Not run in this walkthrough, but its objects are there: applied earlier (npm run demo, Apply).
          const inCluster = verdict === 'none' && applied[i] === true;
          const m = inCluster ? clusterMark : mark[verdict];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed list; the position is the step.
            <li key={i}>
              <a
                href={`?step=${i + 1}`}
                aria-current={i === current ? 'step' : undefined}
                data-testid="progress-step"
                data-verdict={verdict}
                data-cluster={inCluster ? 'applied' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(i);
                }}
                title={compact ? s.title : undefined}
                className={`flex gap-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${
                  compact
                    ? 'items-center rounded-full border border-slate-300 py-0.5 pr-2.5 pl-0.5 dark:border-slate-600'
                    : 'items-start rounded-md px-2 py-1.5'
                } ${i === current ? 'bg-sky-50 font-semibold ring-2 ring-sky-600 dark:bg-sky-950' : ''}`}
              >
                <span
                  aria-hidden
                  className={`inline-flex flex-none items-center justify-center rounded-full font-bold ${
                    compact ? 'h-6 w-6 text-xs' : 'mt-0.5 h-5 w-5 text-xs'
                  } ${m.className}`}
                >
                  {busy === i ? '⋯' : compact ? i + 1 : m.glyph || i + 1}
                </span>
                {compact && (
                  <span aria-hidden className="whitespace-nowrap text-xs">
                    {chips[i]}
                  </span>
                )}
                <span className={compact ? 'sr-only' : undefined}>
                  <span className="sr-only">
                    Step {i + 1} ({busy === i ? 'running' : m.text}):{' '}
                  </span>
                  {s.title}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
