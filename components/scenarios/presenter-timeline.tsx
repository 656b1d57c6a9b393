import type { TimelineEvent } from './scenario-model';
import { clockTime } from '@/components/tokens/token-clock';

const badgeClass: Record<TimelineEvent['kind'], string> = {
  minted: 'bg-sky-700 text-white dark:bg-sky-300 dark:text-sky-950',
  ok: 'bg-emerald-700 text-white dark:bg-emerald-300 dark:text-emerald-950',
  denied: 'bg-amber-500 text-black dark:bg-amber-300',
  unauthorized: 'bg-red-700 text-white dark:bg-red-400 dark:text-black',
  expired: 'bg-orange-600 text-white dark:bg-orange-300 dark:text-black',
  revoked: 'bg-fuchsia-800 text-white dark:bg-fuchsia-300 dark:text-black',
  changed: 'bg-slate-700 text-white dark:bg-slate-200 dark:text-slate-950',
  error: 'bg-red-100 text-red-900 ring-1 ring-red-700 dark:bg-red-950 dark:text-red-100',
};

/** The session's events along the screen edge, newest first: minted, 200, 403, expired, 401, revoked. */
export function PresenterTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <aside
      aria-label="Timeline"
      data-testid="presenter-timeline"
      className="mt-8 rounded-lg border-2 border-slate-900 bg-white p-3 lg:fixed lg:top-0 lg:right-0 lg:bottom-0 lg:z-20 lg:mt-0 lg:w-64 lg:overflow-y-auto lg:rounded-none lg:border-0 lg:border-l-4 dark:border-slate-100 dark:bg-black"
    >
      <h2 className="text-sm font-bold uppercase tracking-wide">Timeline</h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm">Nothing yet: run a step.</p>
      ) : (
        <ol className="mt-2 space-y-2" aria-live="polite">
          {[...events].reverse().map((e) => (
            <li key={e.id} data-testid="timeline-event" data-kind={e.kind} className="text-sm leading-snug">
              <span className="flex items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-bold ${badgeClass[e.kind]}`}>
                  {e.badge}
                </span>
                <span className="font-mono text-xs">{clockTime(e.at)}</span>
              </span>
              <span className="mt-0.5 block break-words">{e.text}</span>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
