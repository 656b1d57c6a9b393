import { clusterApiUrl, splitClusterPath } from '@/lib/contracts/cluster-path';
import { AppError, fromProblem } from '@/lib/contracts/errors';

/**
 * The cluster the page in this tab is on (`/c/<cluster>/…`), in its URL form; undefined on the
 * current context's unprefixed URLs (and outside a browser).
 */
export function pageClusterSlug(): string | undefined {
  return typeof window === 'undefined' ? undefined : splitClusterPath(window.location.pathname)?.slug;
}

/** An API URL for the page's cluster: every call is made on the cluster the page shows. */
export function apiUrl(path: string): string {
  return clusterApiUrl(pageClusterSlug(), path);
}

/**
 * Calls Tokenscope's own API from the browser: same-origin, with the CSRF header on every request
 * and JSON bodies, on the page's cluster (`?cluster=`). Failures come back as AppError rebuilt from
 * problem JSON.
 */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
      headers: {
        'X-Tokenscope-Request': '1',
        ...(init.method && init.method !== 'GET' ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new AppError(
      'unavailable:kube',
      'Tokenscope’s server did not answer. Is `npm run demo` still running?',
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw fromProblem(body, res.status);
  return body as T;
}
