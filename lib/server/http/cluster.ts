import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { type ClusterRef, currentCluster, kubeContexts, resolveCluster } from '@/lib/kube/contexts';
import { env } from '@/lib/server/env';
import { servedOrigins } from './hosts';

/**
 * Which cluster a request is for: the context its URL names (`/c/<cluster>/…` for pages, set by
 * proxy.ts; `?cluster=` for API calls), else the kubeconfig's current one. Never another one than
 * named. Two rules beyond the name:
 * - Shared mode serves only its configured context: any other name is `not-found:context`, worded
 *   as for a name the kubeconfig lacks, so the operator's context names cannot be probed.
 * - Using another context may run its kubeconfig's exec plugin or auth-provider, as the local user.
 *   Any web page the user visits can send requests to 127.0.0.1 (GETs and navigations are not
 *   CSRF-checked), so a context other than the current one is served only to Tokenscope's own pages
 *   (`Sec-Fetch-Site: same-origin`), to the user typing or opening a link (`none`), or to a client
 *   that sends `X-Tokenscope-Request: 1` (a cross-site page cannot without a CORS preflight, never
 *   granted); never with a foreign `Origin`. Otherwise `forbidden:csrf`.
 * Throws `not-found:context`, `forbidden:csrf`, `unavailable:kubeconfig`.
 */
export function requestCluster(slug: string | undefined, headers: Headers): ClusterRef {
  if (slug === undefined) return currentCluster();
  if (env().mode !== 'local') {
    // Decided before the kubeconfig is looked at: the same answer for every other name.
    const current = currentCluster();
    if (slug === current.slug) return current;
    throw new AppError('not-found:context', `There is no cluster "${slug.slice(0, 100)}" here.`, {
      hints: ['This Tokenscope is shared: it serves its own cluster only, at its unprefixed URLs.'],
    });
  }
  const cluster = resolveCluster(slug);
  if (cluster.current) return cluster;
  const refusal = crossSiteRefusal(headers);
  if (refusal) {
    throw new AppError(
      'forbidden:csrf',
      `Cluster "${cluster.name}" is opened only from Tokenscope itself (${refusal}).`,
      {
        hints: [
          'Opening a cluster other than the current one can run its kubeconfig’s credential plugin, so another site may not do it for you.',
          'Open this address yourself (paste it into the address bar), or pick the cluster in Tokenscope’s header.',
        ],
      },
    );
  }
  return cluster;
}

/** Why a request may not come from another site's page, or null when it may use another context. */
export function crossSiteRefusal(headers: Headers): string | null {
  const origin = headers.get('origin');
  if (origin !== null && !servedOrigins().includes(origin)) return `request from ${origin.slice(0, 100)}`;
  const site = headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return null;
  if (site === null && headers.get('x-tokenscope-request') === '1') return null;
  return site ? `Sec-Fetch-Site: ${site.slice(0, 20)}` : 'no Sec-Fetch-Site or X-Tokenscope-Request header';
}

/**
 * Whether every page URL names its cluster, the current context's too (`/c/<current>/…`): in local
 * mode when the kubeconfig has more than one context, so a link copied from any page says which
 * cluster it shows. One context (`npm run demo`), shared and in-cluster mode keep plain URLs.
 * Reading the kubeconfig runs nothing; one that cannot be read names no cluster (false).
 */
export function clustersInUrls(): boolean {
  if (env().mode !== 'local') return false;
  try {
    return kubeContexts().contexts.length > 1;
  } catch {
    return false;
  }
}

/** The current context's URL form when page URLs name their cluster (clustersInUrls), else undefined. */
export function currentClusterPrefix(): string | undefined {
  if (!clustersInUrls()) return undefined;
  try {
    return currentCluster().slug;
  } catch {
    return undefined;
  }
}
