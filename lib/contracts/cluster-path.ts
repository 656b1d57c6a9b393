// The cluster in Tokenscope's URLs, shared by the proxy, the server and the browser. A page on a
// kubeconfig context other than the current one lives under `/c/<cluster>/…`; an API call names it
// with `?cluster=<cluster>`. Unprefixed URLs (and calls without the parameter) mean the current
// context, so nothing changes for one-cluster users. <cluster> is the context's name in a URL-safe,
// reversible form: ASCII letters, digits, `.`, `_` and `-` stay as they are, every other byte of its
// UTF-8 is `~XX` (upper-case hex). `gke_proj_zone_name` stays readable; EKS's
// `arn:aws:eks:us-east-1:123456789012:cluster/prod` becomes `arn~3Aaws~3Aeks~3A…~3Acluster~2Fprod`.
// No `%`, `/` or `?` is ever produced, so no proxy, browser or router decodes or splits it, and only
// the canonical form decodes (one URL per cluster): the encoder and decoder are in ./cluster-slug
// (the server and the cluster lists use them; the browser's links and API calls only add or remove
// the prefix, so they stay out of every page's first-load JavaScript, issue 17).

/** The API query parameter that names the cluster. */
export const CLUSTER_PARAM = 'cluster';
/** Pages on a named cluster live under this prefix. */
export const CLUSTER_PREFIX = '/c/';
/** `/c/<slug>/rest` split into its cluster and the path it names ('/' for `/c/<slug>`); null when unprefixed. */
export function splitClusterPath(pathname: string): { slug: string; rest: string } | null {
  if (!pathname.startsWith(CLUSTER_PREFIX)) return null;
  const after = pathname.slice(CLUSTER_PREFIX.length);
  const slash = after.indexOf('/');
  const slug = slash === -1 ? after : after.slice(0, slash);
  if (slug === '') return null;
  return { slug, rest: slash === -1 ? '/' : after.slice(slash) };
}

/** The pathname without its cluster prefix (what the page is, whichever cluster it shows). */
export function pathWithoutCluster(pathname: string): string {
  return splitClusterPath(pathname)?.rest ?? pathname;
}

/**
 * An in-app href on a cluster: `/x?y#z` becomes `/c/<slug>/x?y#z` (`/` becomes `/c/<slug>`). Without
 * a slug (the current context's own URLs), and for anything not an absolute in-app path (a
 * `?query`, a `#fragment`, another origin, `//host`, an /api or /_next URL), the href is unchanged.
 */
export function clusterHref(slug: string | undefined, href: string): string {
  if (!slug || !href.startsWith('/') || href.startsWith('//')) return href;
  const split = splitClusterPath(href.split(/[?#]/, 1)[0] ?? href);
  if (split) return href;
  if (href.startsWith('/api/') || href.startsWith('/_next/')) return href;
  const base = `${CLUSTER_PREFIX}${slug}`;
  return href === '/' ? base : /^\/[?#]/.test(href) ? `${base}${href.slice(1)}` : `${base}${href}`;
}

/** An API URL (`/api/…`) naming the cluster with `?cluster=`; unchanged without a slug. */
export function clusterApiUrl(slug: string | undefined, url: string): string {
  if (!slug) return url;
  const hash = url.indexOf('#');
  const [head, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${head}${head.includes('?') ? '&' : '?'}${CLUSTER_PARAM}=${slug}${fragment}`;
}

/** The request header proxy.ts sets on a page request: the URL form of the cluster under `/c/<cluster>/`, else NO_CLUSTER. */
export const CLUSTER_HEADER = 'x-tokenscope-cluster';
/**
 * The request header proxy.ts sets on every page request: the page's path without its cluster
 * prefix, as the browser sent it (percent-encoded). The nested not-found pages name the missing
 * object from it on the server (Next gives a not-found.tsx no params).
 */
export const PAGE_PATH_HEADER = 'x-tokenscope-path';
/** CLUSTER_HEADER's value on an unprefixed page (no URL form contains a '/'). */
export const NO_CLUSTER = '/';
