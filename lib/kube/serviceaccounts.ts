import 'server-only';
import type { V1ServiceAccount, V1ServiceAccountList } from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import type {
  ServiceAccountListQuery,
  ServiceAccountPage,
  ServiceAccountSummary,
} from '@/lib/contracts/serviceaccounts';
import { serviceAccountUser } from '@/lib/rbac/identity';
import type { RbacIndex } from '@/lib/rbac/rbac-index';
import { accountRbac } from '@/lib/rbac/who-can';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { eachPage, readPage } from './paging';
import { rbacSnapshot } from './rbac';
import { countLegacyTokens } from './secrets';
import { countPodsByServiceAccount } from './serviceaccount-pods';

/** API page size while searching: a search reads at most SEARCH_PAGE × MAX_SEARCH_PAGES accounts per call. */
const SEARCH_PAGE = 500;
const MAX_SEARCH_PAGES = 10;

/** Runs fn over items with at most `limit` calls in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Our continue token: the API server's continue token of the page being read, plus how many of
 * that page's items were already returned (a search may stop in the middle of an API page; reading
 * the same continue token again yields the same consistent snapshot page).
 */
interface Cursor {
  c?: string;
  s: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string | undefined): Cursor {
  if (!value) return { s: 0 };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const { c, s } = parsed as { c?: unknown; s?: unknown };
    if (
      (c === undefined || typeof c === 'string') &&
      typeof s === 'number' &&
      Number.isInteger(s) &&
      s >= 0
    ) {
      return c === undefined ? { s } : { c, s };
    }
  } catch {
    // Reported below as one kind of failure.
  }
  throw new AppError('invalid:request', 'query.continue: not a continue token from this API.');
}

function matches(sa: V1ServiceAccount, q: string): boolean {
  const needle = q.toLowerCase();
  return `${sa.metadata?.namespace ?? ''}/${sa.metadata?.name ?? ''}`.toLowerCase().includes(needle);
}

function listPage(clients: KubeClients, namespace: string | undefined, limit: number, c?: string) {
  return readPage(
    clients.server,
    (cont): Promise<V1ServiceAccountList> =>
      namespace
        ? clients.core.listNamespacedServiceAccount({ namespace, limit, _continue: cont })
        : clients.core.listServiceAccountForAllNamespaces({ limit, _continue: cont }),
    c,
  );
}

/**
 * Reads one page of ServiceAccounts with server-side paging: without a search it is exactly one API
 * list call with limit/continue; with a search it reads API pages until `limit` matches (at most
 * MAX_SEARCH_PAGES per call, then returns what it has with a continue token). `inconsistent`: an
 * API page went on from a newer snapshot (its continue token had expired, see readPage).
 */
async function pageOfServiceAccounts(
  clients: KubeClients,
  query: ServiceAccountListQuery,
): Promise<{ items: V1ServiceAccount[]; continue?: string; inconsistent?: true }> {
  const q = query.q?.trim() ?? '';
  const pageSize = q ? SEARCH_PAGE : query.limit;
  let cursor = decodeCursor(query.continue);
  const items: V1ServiceAccount[] = [];
  let inconsistent = false;
  const answer = (rest?: Cursor) => ({
    items,
    ...(rest ? { continue: encodeCursor(rest) } : {}),
    ...(inconsistent ? { inconsistent: true as const } : {}),
  });
  for (let pages = 0; pages < MAX_SEARCH_PAGES; pages++) {
    const page = await listPage(clients, query.namespace || undefined, pageSize, cursor.c);
    inconsistent ||= page.inconsistent;
    const { next } = page;
    for (let i = cursor.s; i < page.items.length; i++) {
      const sa = page.items[i];
      if (sa && (!q || matches(sa, q))) items.push(sa);
      if (items.length === query.limit) {
        return answer(
          i + 1 < page.items.length ? { c: cursor.c, s: i + 1 } : next ? { c: next, s: 0 } : undefined,
        );
      }
    }
    if (!next) return answer();
    cursor = { c: next, s: 0 };
  }
  return answer(cursor);
}

function baseSummary(sa: V1ServiceAccount): ServiceAccountSummary {
  const out: ServiceAccountSummary = {
    namespace: sa.metadata?.namespace ?? '',
    name: sa.metadata?.name ?? '',
    uid: sa.metadata?.uid ?? '',
    podCount: 0,
    bindingCount: 0,
    directBindingCount: 0,
    legacyTokenCount: 0,
    canMintTokens: false,
  };
  if (sa.automountServiceAccountToken !== undefined) out.automount = sa.automountServiceAccountToken;
  if (sa.metadata?.creationTimestamp) out.createdAt = new Date(sa.metadata.creationTimestamp).toISOString();
  return out;
}

/** Fills the RBAC columns of a summary from the engine. */
export function withRbac(summary: ServiceAccountSummary, index: RbacIndex): ServiceAccountSummary {
  return { ...summary, ...accountRbac(index, serviceAccountUser(summary.namespace, summary.name)) };
}

/** Per-namespace pod and legacy token counts for the namespaces of one page, a few namespaces at a time. */
async function countsFor(clients: KubeClients, namespaces: string[]) {
  const rows = await mapLimit(namespaces, 4, async (ns) => {
    const [pods, tokens] = await Promise.all([
      countPodsByServiceAccount(clients, ns),
      countLegacyTokens(clients, ns),
    ]);
    return [ns, { pods, tokens }] as const;
  });
  return new Map(rows);
}

/**
 * One page of the ServiceAccounts list, each row with its pod count, bindings reaching it, legacy
 * token count and whether it can mint tokens. Throws mapped AppErrors (`invalid:request` for a bad
 * continue token). Once the API server no longer keeps a continue token's snapshot, the page goes on
 * from its newest one and says `inconsistent`.
 */
export async function listServiceAccounts(
  clients: KubeClients,
  query: ServiceAccountListQuery,
): Promise<ServiceAccountPage> {
  // A first page is what a (live-refreshed) render shows, so it reads RBAC fresh; the pages after it
  // share that snapshot for a few seconds while the user scrolls.
  const [page, snapshot] = await Promise.all([
    pageOfServiceAccounts(clients, query),
    rbacSnapshot(clients, { fresh: !query.continue }),
  ]);
  const summaries = page.items.map(baseSummary);
  const counts = await countsFor(clients, [...new Set(summaries.map((s) => s.namespace))]);
  const items = summaries.map((s) => {
    const c = counts.get(s.namespace);
    const unreadable = c?.tokens.unreadable;
    return withRbac(
      {
        ...s,
        podCount: c?.pods.get(s.name) ?? 0,
        legacyTokenCount: c?.tokens.counts.get(s.name) ?? 0,
        ...(unreadable ? { legacyTokensUnreadable: unreadable } : {}),
      },
      snapshot.index,
    );
  });
  return {
    items,
    ...(page.continue ? { continue: page.continue } : {}),
    ...(page.inconsistent ? { inconsistent: true as const } : {}),
  };
}

/** Names of the cluster's namespaces for filters, read in pages of 500 and capped at `max`. */
export async function listNamespaceNames(clients: KubeClients, max = 2000): Promise<string[]> {
  const names: string[] = [];
  await eachPage(
    clients.server,
    (token) => clients.core.listNamespace({ limit: 500, _continue: token }),
    (namespaces) => {
      names.push(...namespaces.map((n) => n.metadata?.name ?? '').filter(Boolean));
      return names.length < max;
    },
  );
  return names.slice(0, max).sort();
}

/** One ServiceAccount's own fields, before counts and RBAC are added. */
export interface ServiceAccountRecord {
  summary: ServiceAccountSummary;
  labels: Record<string, string>;
  imagePullSecrets: string[];
}

/** Reads one ServiceAccount. Throws mapped AppErrors (`not-found:kube`). */
export async function readServiceAccount(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<ServiceAccountRecord> {
  const sa = await kubeCall(clients.server, () =>
    clients.core.readNamespacedServiceAccount({ namespace, name }),
  );
  return {
    summary: baseSummary(sa),
    labels: sa.metadata?.labels ?? {},
    imagePullSecrets: (sa.imagePullSecrets ?? []).flatMap((r) => (r.name ? [r.name] : [])),
  };
}
