import 'server-only';
import { ApiException } from '@kubernetes/client-node';
import { kubeCall, toAppError } from './errors';

/** One answer of a paged Kubernetes list call (an empty PartialObjectMetadataList says `"items": null`). */
export interface ListPage<T> {
  items: T[] | null;
  metadata?: { _continue?: string };
}

/**
 * The continue token in a 410 answer to a paged list. Once etcd has compacted away the revision a
 * continue token names, the API server answers 410 (reason Expired, "The provided continue parameter
 * is too old to display a consistent list result") and puts in the Status's metadata a token that
 * goes on from the same key at the latest revision (k8s.io/apiserver pkg/storage/etcd3/errors.go,
 * handleCompactedErrorForPaging). A 410 without one (a token the server cannot re-encode) gives none.
 */
export function expiredContinueOf(err: unknown): string | undefined {
  if (!(err instanceof ApiException) || Number(err.code) !== 410) return undefined;
  let body: unknown = err.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const metadata = body && typeof body === 'object' ? (body as { metadata?: unknown }).metadata : undefined;
  const token =
    metadata && typeof metadata === 'object' ? (metadata as { continue?: unknown }).continue : undefined;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * Reads one page: `fetch(undefined)` the first, `fetch(cont)` a later one. When the API server no
 * longer keeps `cont`'s snapshot, the page is read once more with the token its 410 carries, and
 * `inconsistent` says so: objects created, changed or deleted since the first page may then be
 * missing or repeated. Throws mapped AppErrors.
 */
export async function readPage<T>(
  server: string,
  fetch: (cont: string | undefined) => Promise<ListPage<T>>,
  cont?: string,
): Promise<{ items: T[]; next?: string; inconsistent: boolean }> {
  let page: ListPage<T>;
  let inconsistent = false;
  try {
    page = await fetch(cont);
  } catch (err) {
    const fresh = cont ? expiredContinueOf(err) : undefined;
    if (!fresh) throw toAppError(err, server);
    page = await kubeCall(server, () => fetch(fresh));
    inconsistent = true;
  }
  const next = page.metadata?._continue || undefined;
  return { items: page.items ?? [], ...(next ? { next } : {}), inconsistent };
}

/**
 * Reads every page of a list, handing each page's items to `visit`; a visit that returns `false`
 * stops the reading there. Says whether a page had to go on from a newer snapshot (see readPage).
 */
export async function eachPage<T>(
  server: string,
  fetch: (cont: string | undefined) => Promise<ListPage<T>>,
  visit: (items: T[]) => unknown,
): Promise<{ inconsistent: boolean; stopped: boolean }> {
  let cont: string | undefined;
  let inconsistent = false;
  do {
    const page = await readPage(server, fetch, cont);
    inconsistent ||= page.inconsistent;
    if (visit(page.items) === false) return { inconsistent, stopped: Boolean(page.next) };
    cont = page.next;
  } while (cont);
  return { inconsistent, stopped: false };
}
