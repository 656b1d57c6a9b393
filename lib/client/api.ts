import { AppError, fromProblem } from '@/lib/contracts/errors';

/**
 * Calls Tokenscope's own API from the browser: same-origin, with the CSRF header on every request
 * and JSON bodies. Failures come back as AppError rebuilt from problem JSON.
 */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
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
    throw new AppError('unavailable:kube', 'Tokenscope’s server did not answer. Is `npm run demo` still running?');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw fromProblem(body, res.status);
  return body as T;
}
