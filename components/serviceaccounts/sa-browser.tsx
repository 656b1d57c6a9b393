'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';
import { AppError } from '@/lib/contracts/errors';
import type { ServiceAccountPage, ServiceAccountSummary } from '@/lib/contracts/serviceaccounts';
import { SaTable } from './sa-table';

/** Wait after the last keystroke before asking the server; the loaded rows filter instantly meanwhile. */
const SEARCH_DEBOUNCE_MS = 250;
const PAGE_SIZE = 100;

interface Loaded {
  items: ServiceAccountSummary[];
  continue?: string;
  namespace: string;
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
  const [namespace, setNamespace] = useState(initialNamespace);
  const [query, setQuery] = useState(initialQuery);
  const [loaded, setLoaded] = useState<Loaded>({
    items: initial?.items ?? [],
    continue: initial?.continue,
    namespace: initialNamespace,
    q: initialQuery,
  });
  const [loading, setLoading] = useState(initial === null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(async (ns: string, q: string, cont?: string) => {
    const gen = cont ? generation.current : ++generation.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setLoading(true);
    try {
      const page = await serviceAccountApi.list({ namespace: ns, q, limit: PAGE_SIZE, continue: cont }, abort.signal);
      if (gen !== generation.current) return;
      setLoaded((prev) => ({
        items: cont ? [...prev.items, ...page.items] : page.items,
        continue: page.continue,
        namespace: ns,
        q,
      }));
      setError(null);
      if (!cont) {
        const url = new URL(window.location.href);
        url.search = new URLSearchParams({
          ...(ns ? { namespace: ns } : {}),
          ...(q.trim() ? { q: q.trim() } : {}),
        }).toString();
        window.history.replaceState(window.history.state, '', url);
      }
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (gen === generation.current)
        setError(err instanceof AppError ? err.detail : 'The list could not be loaded.');
    } finally {
      if (gen === generation.current && controller.current === abort) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (initial === null) void load(initialNamespace, initialQuery);
  }, [initial, initialNamespace, initialQuery, load]);

  // A live refresh re-renders the server page with a new first page for the same filter: take it
  // in without losing pages loaded further down (their rows are updated in place when present).
  useEffect(() => {
    if (!initial) return;
    setLoaded((prev) => {
      if (prev.namespace !== initialNamespace || prev.q !== initialQuery) return prev;
      if (prev.items.length <= initial.items.length)
        return { ...prev, items: initial.items, continue: initial.continue };
      const fresh = new Map(initial.items.map((sa) => [sa.uid, sa]));
      return { ...prev, items: prev.items.map((sa) => fresh.get(sa.uid) ?? sa) };
    });
  }, [initial, initialNamespace, initialQuery]);

  useEffect(() => {
    if (namespace === loaded.namespace && query.trim() === loaded.q.trim()) return;
    const timer = setTimeout(
      () => void load(namespace, query),
      namespace === loaded.namespace ? SEARCH_DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [namespace, query, loaded.namespace, loaded.q, load]);

  const visible = useMemo(() => loaded.items.filter((sa) => matchesSearch(sa, query)), [loaded.items, query]);
  const more = loaded.continue;
  // Rows filtered locally while a new search is pending belong to the old query: do not page those.
  const settled = namespace === loaded.namespace && query.trim() === loaded.q.trim();
  const loadMore = useCallback(() => {
    if (more && !loading && settled) void load(loaded.namespace, loaded.q, more);
  }, [more, loading, settled, load, loaded.namespace, loaded.q]);

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
