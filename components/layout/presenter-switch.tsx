'use client';

/** The visible presenter-mode switch (also reachable as ?presenter=1). */
export function PresenterSwitch({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      data-testid="presenter-switch"
      onClick={() => onChange(!on)}
      className="inline-flex items-center gap-2 rounded-full border border-slate-300 py-1 pr-3 pl-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      <span
        aria-hidden
        className={`inline-flex h-5 w-9 flex-none items-center rounded-full p-0.5 transition-colors ${
          on ? 'justify-end bg-sky-600' : 'justify-start bg-slate-300 dark:bg-slate-600'
        }`}
      >
        <span className="h-4 w-4 rounded-full bg-white shadow" />
      </span>
      Presenter mode
    </button>
  );
}
