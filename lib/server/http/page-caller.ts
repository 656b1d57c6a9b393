import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { clusterHref, NO_CLUSTER, PAGE_PATH_HEADER } from '@/lib/contracts/cluster-path';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import type { KubeClients } from '@/lib/kube/clients';
import { recentStatus } from '@/lib/kube/cluster-check';
import type { ClusterRef } from '@/lib/kube/contexts';
import { type Session, findSession } from '@/lib/server/session/session';
import { requestClients } from './caller';
import { requestCluster } from './cluster';
import { provenClusterHeader } from './cluster-header';
import { hostRefusal } from './hosts';
import { sessionCookieName } from './session-cookie';

/** A check of another cluster is trusted this long before a page asks again. */
const CHECK_MAX_AGE_MS = 30_000;

/**
 * Throws `forbidden:host` (421) when the page was requested under a Host Tokenscope does not serve.
 * proxy.ts already refuses those; this holds where pages get sessions and clients even if a request
 * slips past the proxy's matcher (middleware is not a wall).
 */
async function requireServedHost(): Promise<void> {
  const refusal = hostRefusal(await headers());
  if (refusal) throw refusal;
}

/** The session of the browser rendering a page (server components cannot create one); none under a foreign Host. */
export async function pageSession(): Promise<Session | undefined> {
  if (hostRefusal(await headers())) return undefined;
  const jar = await cookies();
  const id = jar.get(sessionCookieName(true))?.value ?? jar.get(sessionCookieName(false))?.value;
  return findSession(id);
}

/**
 * The URL form proxy.ts read from the page's URL; undefined on unprefixed URLs, and for a cluster
 * header that did not come from the proxy (a client's own is never used).
 */
function headerSlug(h: Headers): string | undefined {
  const value = provenClusterHeader(h);
  return value === null || value === NO_CLUSTER ? undefined : value;
}

/**
 * The cluster the page's URL names (`/c/<cluster>/…`, passed on by proxy.ts), else the current
 * context; with the AppError that says why it cannot be shown (unknown, cross-site, no kubeconfig).
 * Pages under /c/ are reached only through the proxy's rewrite: if it were skipped they would not
 * exist (404), never show another cluster.
 */
export async function pageCluster(): Promise<
  { cluster: ClusterRef; error?: undefined } | { cluster?: undefined; error: AppError }
> {
  const h = await headers();
  try {
    return { cluster: requestCluster(headerSlug(h), h) };
  } catch (err) {
    if (err instanceof AppError) return { error: err };
    throw err;
  }
}

/**
 * The cluster the page's URL names, in its URL form, when it names one that can be shown; undefined
 * on unprefixed URLs. In-app links keep it (components/ui/cluster-link.tsx).
 */
export async function pageClusterSlug(): Promise<string | undefined> {
  const { cluster } = await pageCluster();
  return cluster && headerSlug(await headers()) !== undefined ? cluster.slug : undefined;
}

/** An in-app href on the page's own cluster (for a server-side redirect). */
export async function pageHref(href: string): Promise<string> {
  return clusterHref(await pageClusterSlug(), href);
}

/** What a page may call the cluster with: only as its viewer, never as the dashboard on its own. */
export interface PageClients {
  /** As the page's viewer: the signed-in user in shared mode, the cluster's kubeconfig identity in local mode. */
  forCaller: KubeClients;
  /** The cluster the page shows. */
  cluster: ClusterRef;
}

/**
 * Clients acting as the page's viewer, or the AppError that says why there are none (no cluster
 * configured, a cluster that fails its connection check, with the diagnosis); in shared mode
 * without a sign-in, redirects to /signin; a cluster the kubeconfig does not have is the 404 page.
 */
export async function pageClientsOrError(): Promise<
  { clients: PageClients; error?: undefined } | { clients?: undefined; error: AppError }
> {
  try {
    return { clients: await pageClients() };
  } catch (err) {
    if (err instanceof AppError) {
      if (err.code === 'not-found:context') notFound();
      return { error: err };
    }
    throw err;
  }
}

/**
 * Clients acting as the page's viewer; in shared mode without a sign-in, redirects to /signin.
 * A cluster other than the current one is checked first (its credentials, then who it says the
 * user is; cached CHECK_MAX_AGE_MS): when that fails the page gets the diagnosis /clusters shows
 * instead of whatever its own first call would fail with.
 * Throws `forbidden:host` under a Host Tokenscope does not serve, and the errors of pageCluster().
 */
async function pageClients(): Promise<PageClients> {
  await requireServedHost();
  const session = await pageSession();
  if (env().mode === 'shared' && !session?.signedIn) redirect('/signin');
  const { cluster, error } = await pageCluster();
  if (error) throw error;
  if (!cluster.current && !session?.signedIn) {
    const status = await recentStatus(cluster.name, CHECK_MAX_AGE_MS);
    if (status.state === 'failed') {
      throw new AppError('unavailable:kube', `Cluster “${cluster.name}” cannot be used: ${status.summary}`, {
        hints: [
          ...status.hints,
          'The other clusters keep working: pick one in the header, or see them all on Clusters.',
        ],
      });
    }
  }
  return { forCaller: requestClients(session, () => cluster).forCaller, cluster };
}

/** A path segment as the URL meant it, or as it is when it does not decode. */
function decodedSegment(segment: string | undefined): string {
  if (segment === undefined) return '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The segments of the page's path after `prefix` (proxy.ts passes the path on), decoded: the
 * namespace and name of `/serviceaccounts/<ns>/<name>`, the name of `/scenarios/<name>`. For the
 * nested not-found pages, which Next gives no params; empty when the proxy did not run.
 */
export async function pagePathSegments(prefix: string): Promise<string[]> {
  const path = (await headers()).get(PAGE_PATH_HEADER) ?? '';
  if (!path.startsWith(`${prefix}/`)) return [];
  return path
    .slice(prefix.length + 1)
    .split('/')
    .map(decodedSegment);
}
