import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { AppError } from '@/lib/contracts/errors';

/** A page of a list the server filters and pages: its rows and the token for the next page. */
export interface ServerPage<T> {
  items: T[];
  continue?: string;
  /** A page went on from a newer snapshot than the first page's (kept once any page says so). */
  inconsistent?: true;
}

/**
 * The pages so far followed by the next one: the next page's fields, every page's items once (a page
 * read from a newer snapshot may repeat a row), and `inconsistent` kept once any page said it.
 */
export function appendPage<T, P extends ServerPage<T>>(prev: P, page: P, keyOf: (item: T) => string): P {
  const seen = new Set(prev.items.map(keyOf));
  const items = [...prev.items, ...page.items.filter((item) => !seen.has(keyOf(item)))];
  return { ...page, items, ...(prev.inconsistent || page.inconsistent ? { inconsistent: true } : {}) };
}

interface Loaded<Q, P> {
  /** The pages loaded so far for `query`: the latest page's fields, every page's items. */
  page: P | null;
  query: Q;
}

/**
 * A list filtered and paged by the server, as the ServiceAccounts and bindings browsers show it.
 * The query is edited at once (the caller narrows the rows it holds meanwhile); after `delayOf`
 * milliseconds without another change the first page for it is fetched, any older request is
 * aborted and a late answer to an older query is dropped. `loadMore` appends the next page. A new
 * server-rendered first page for the same query (a live refresh) is taken in without losing the
 * pages loaded below it. The query goes into the address (`urlOf`) once its first page is in.
 */
export function useServerPages<Q, T, P extends ServerPage<T>>({
  initial,
  initialQuery,
  fetchPage,
  sameQuery,
  delayOf,
  urlOf,
  keyOf,
}: {
  /** The first page the server rendered for initialQuery; null to fetch it on mount. */
  initial: P | null;
  initialQuery: Q;
  fetchPage: (query: Q, cont: string | undefined, signal: AbortSignal) => Promise<P>;
  sameQuery: (a: Q, b: Q) => boolean;
  /** Debounce before fetching `next` when `loaded` is what is shown (0: at once). */
  delayOf: (loaded: Q, next: Q) => number;
  /** The address's query string for a query ('' for none). */
  urlOf: (query: Q) => string;
  keyOf: (item: T) => string;
}) {
  const [query, setQuery] = useState(initialQuery);
  const [loaded, setLoaded] = useState<Loaded<Q, P>>({ page: initial, query: initialQuery });
  const [loading, setLoading] = useState(initial === null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);
  // Held in refs so that `load` stays one function for the life of the list.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const urlRef = useRef(urlOf);
  urlRef.current = urlOf;
  const helpers = useRef({ initialQuery, sameQuery, keyOf, delayOf });
  helpers.current = { initialQuery, sameQuery, keyOf, delayOf };

  const load = useCallback(async (q: Q, cont?: string) => {
    const gen = cont ? generation.current : ++generation.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setLoading(true);
    let answered = false;
    try {
      const page = await fetchRef.current(q, cont, abort.signal);
      if (gen !== generation.current) return;
      // A transition: rendering an answer's rows yields to keystrokes, whose frames narrow the rows held.
      startTransition(() => {
        setLoaded((prev) => ({
          page: cont && prev.page ? appendPage(prev.page, page, helpers.current.keyOf) : page,
          query: q,
        }));
        setError(null);
        // In the same render as the rows: "Show more" must not offer the old continue token again.
        if (controller.current === abort) setLoading(false);
      });
      answered = true;
      if (!cont) {
        const url = new URL(window.location.href);
        url.search = urlRef.current(q);
        window.history.replaceState(window.history.state, '', url);
      }
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (gen === generation.current)
        setError(err instanceof AppError ? err.detail : 'The list could not be loaded.');
    } finally {
      if (!answered && gen === generation.current && controller.current === abort) setLoading(false);
    }
  }, []);

  // Keyed on the server's page alone: the caller may pass a new query object on every render.
  useEffect(() => {
    if (initial === null) void load(helpers.current.initialQuery);
  }, [initial, load]);

  // A live refresh re-renders the server page with a new first page for the same query: take it in
  // without losing pages loaded further down (their rows are updated in place when present).
  useEffect(() => {
    if (!initial) return;
    const { initialQuery, sameQuery, keyOf } = helpers.current;
    startTransition(() =>
      setLoaded((prev) => {
        if (!sameQuery(prev.query, initialQuery)) return prev;
        if (!prev.page || prev.page.items.length <= initial.items.length) return { ...prev, page: initial };
        const fresh = new Map(initial.items.map((item) => [keyOf(item), item]));
        return {
          ...prev,
          page: {
            ...initial,
            items: prev.page.items.map((item) => fresh.get(keyOf(item)) ?? item),
            continue: prev.page.continue,
            // The rows below the first page still came from the newer snapshot.
            ...(prev.page.inconsistent ? { inconsistent: true } : {}),
          },
        };
      }),
    );
  }, [initial]);

  const settled = sameQuery(query, loaded.query);
  useEffect(() => {
    if (settled) return;
    const timer = setTimeout(() => void load(query), helpers.current.delayOf(loaded.query, query));
    return () => clearTimeout(timer);
  }, [settled, query, loaded.query, load]);

  const more = loaded.page?.continue;
  // Rows shown while a new query is pending belong to the old one: do not page those.
  const loadMore = useCallback(() => {
    if (more && !loading && settled) void load(loaded.query, more);
  }, [more, loading, settled, load, loaded.query]);

  return { query, setQuery, loaded, loading, error, settled, more, loadMore };
}
