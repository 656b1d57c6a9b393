'use client';

import { useMemo } from 'react';
import { useServerPages } from '@/components/ui/use-server-pages';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';
import type { ServiceAccountPage, ServiceAccountSummary } from '@/lib/contracts/serviceaccounts';
import { SaTable } from './sa-table';

/** Wait after the last keystroke before asking the server; the loaded rows filter instantly meanwhile. */
const SEARCH_DEBOUNCE_MS = 250;
const PAGE_SIZE = 100;

interface SaQuery {
  namespace: string;
  /** Substring of namespace/name. */
  q: string;
}

/** Reports whether a row matches a search the way the server does: substring of "namespace/name". */
export function matchesSearch(sa: ServiceAccountSummary, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return !needle || `${sa.namespace}/${sa.name}`.toLowerCase().includes(needle);
}

/** The ServiceAccounts browser: namespace filter, search and a windowed table paged from the server. */
export function SaBrowser({
  initial,
  namespaces,
  initialNamespace,
  initialQuery,
  now,
}: {
  initial: ServiceAccountPage | null;
  namespaces: string[];
  initialNamespace: string;
  initialQuery: string;
  now: number;
}) {
  const {
    query: filter,
    setQuery: setFilter,
    loaded,
    loading,
    error,
    more,
    loadMore,
  } = useServerPages<SaQuery, ServiceAccountSummary, ServiceAccountPage>({
    initial,
    initialQuery: { namespace: initialNamespace, q: initialQuery },
    fetchPage: (f, cont, signal) =>
      serviceAccountApi.list({ namespace: f.namespace, q: f.q, limit: PAGE_SIZE, continue: cont }, signal),
    sameQuery: (a, b) => a.namespace === b.namespace && a.q.trim() === b.q.trim(),
    // A namespace change asks at once; typing waits for a pause.
    delayOf: (was, next) => (was.namespace === next.namespace ? SEARCH_DEBOUNCE_MS : 0),
    urlOf: (f) =>
      new URLSearchParams({
        ...(f.namespace ? { namespace: f.namespace } : {}),
        ...(f.q.trim() ? { q: f.q.trim() } : {}),
      }).toString(),
    keyOf: (sa) => sa.uid,
  });
  const { namespace, q: query } = filter;
  const setNamespace = (ns: string) => setFilter((f) => ({ ...f, namespace: ns }));
  const setQuery = (q: string) => setFilter((f) => ({ ...f, q }));
  const items = loaded.page?.items;
  const visible = useMemo(() => (items ?? []).filter((sa) => matchesSearch(sa, query)), [items, query]);

  return (
    <section aria-labelledby="sa-list-heading" className="space-y-4">
      <h2 id="sa-list-heading" className="sr-only">
        ServiceAccounts list
      </h2>
      <search>
        <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()}>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Namespace</span>
            <select
              data-testid="sa-filter-namespace"
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="">All namespaces</option>
              {namespaces.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
            <span className="font-medium">Search</span>
            <input
              type="search"
              data-testid="sa-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="name or namespace/name"
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <p
            aria-live="polite"
            data-testid="sa-status"
            className="pb-2 text-sm text-slate-600 dark:text-slate-300"
          >
            {loading ? 'Loading…' : `${visible.length} shown${more ? ', more on the server' : ''}`}
          </p>
        </form>
      </search>
      {loaded.page?.inconsistent && (
        <p
          data-testid="sa-inconsistent"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
        >
          The API server no longer kept the snapshot this list began with, so later rows come from a newer
          one: accounts created or deleted since the first rows may be missing or still listed. Reload the
          page for a consistent list.
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <div aria-busy={loading} className={loading ? 'opacity-70 transition-opacity' : undefined}>
        {visible.length === 0 && !loading ? (
          <p
            data-testid="sa-empty"
            className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-300"
          >
            No ServiceAccounts match{query.trim() ? ` “${query.trim()}”` : ''}
            {namespace ? ` in namespace ${namespace}` : ''}.
          </p>
        ) : visible.length === 0 ? (
          <div
            data-testid="sa-loading"
            className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800"
          />
        ) : (
          <SaTable items={visible} now={now} onNearEnd={loadMore} />
        )}
      </div>
      {more && (
        <button
          type="button"
          onClick={loadMore}
          disabled={loading}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Load more
        </button>
      )}
    </section>
  );
}
