/**
 * Shown at once while a page waits for the API server (the shell never waits). Each page puts it in
 * its own Suspense boundary, after any existence check: an app-wide loading.tsx would start the
 * response (200) before a page could answer 404.
 */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" className="space-y-6">
      <span className="sr-only">Loading from the cluster…</span>
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-48 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
      <p className="text-sm text-slate-500">Asking the API server…</p>
    </div>
  );
}
