// Shared form styling in a module of its own: importing it from try-panel.tsx or
// try-request-picker.tsx would pull the "try it" panel, parser and resource table into every page
// that only has a form.

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900';

export const primaryButtonClass =
  'rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-wait aria-disabled:opacity-70';

/** An error panel (ProblemPanel, and ChunkBoundary's failure panel, which does without its CodeText). */
export const problemPanelClass =
  'rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100';
