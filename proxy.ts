import { type NextRequest, NextResponse } from 'next/server';
import {
  CLUSTER_HEADER,
  CLUSTER_PREFIX,
  NO_CLUSTER,
  PAGE_PATH_HEADER,
  splitClusterPath,
} from '@/lib/contracts/cluster-path';
import { AppError, toProblem } from '@/lib/contracts/errors';
import { currentClusterPrefix } from '@/lib/server/http/cluster';
import {
  CLUSTER_PROOF_HEADER,
  clusterHeaderProof,
  provenClusterHeader,
} from '@/lib/server/http/cluster-header';
import { hostRefusal, secureRequest } from '@/lib/server/http/hosts';

/** The methods a route or page may answer; anything else (TRACE, PROPFIND, …) is refused here. */
const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];

function problemResponse(
  problem: ReturnType<typeof toProblem>,
  headers: Record<string, string> = {},
): Response {
  return Response.json(problem, {
    status: problem.status,
    headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/problem+json', ...headers },
  });
}

/**
 * The edge of every page and API request: refuses a Host Tokenscope does not serve (DNS
 * rebinding; a short plain page, or problem JSON under /api) and methods no route answers, then adds
 * a per-request nonce-based Content-Security-Policy to pages. It is not a wall (Next.js middleware
 * can be skipped, CVE-2025-29927): route() and the page callers check the Host again themselves.
 */
export function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith('/api/');
  const misdirected = hostRefusal(request.headers);
  if (misdirected) {
    if (api) return problemResponse(toProblem(misdirected));
    return new Response(`421 Misdirected Request\n\n${misdirected.detail}\n`, {
      status: 421,
      headers: {
        'Cache-Control': 'no-store',
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  }
  if (!methods.includes(request.method)) {
    const refused = new AppError('invalid:request', `Method ${request.method.slice(0, 20)} is not served.`, {
      status: 405,
    });
    return problemResponse(toProblem(refused), { Allow: methods.join(', ') });
  }
  if (api) return NextResponse.next();
  // A page on another cluster: `/c/<cluster>/x` is page `/x`, told which cluster by a request header.
  // route() never reads it: API calls name the cluster with `?cluster=`, so `/c/<cluster>/api/…`
  // does not exist.
  const onCluster = splitClusterPath(request.nextUrl.pathname);
  if (onCluster && (onCluster.rest.startsWith('/api/') || onCluster.rest.startsWith('/_next/'))) {
    return problemResponse(
      toProblem(
        new AppError('not-found:kube', 'API calls name their cluster with ?cluster=, not a /c/ prefix.'),
      ),
    );
  }
  // Next's server runs the proxy again on the path it rewrote (seen with `next start` 16.4: the
  // second run set what the page read). That run is told apart by the proof this process put next to
  // the cluster header (lib/server/http/cluster-header.ts), so it keeps the cluster; a header a client
  // sends on its own is replaced, never used: only the URL names the cluster.
  const carried = onCluster ? null : provenClusterHeader(request.headers);
  // With more than one context, the current context's pages are addressed as `/c/<current>/…` too,
  // so every page URL says which cluster it shows: an unprefixed page redirects there (query kept).
  if (!onCluster && carried === null && pageRequest(request)) {
    const current = currentClusterPrefix();
    if (current) {
      const url = request.nextUrl.clone();
      url.pathname = `${CLUSTER_PREFIX}${current}${url.pathname === '/' ? '' : url.pathname}`;
      // Next's server makes a same-origin Location relative before it is sent.
      const redirect = NextResponse.redirect(url, 307);
      redirect.headers.set('Cache-Control', 'no-store');
      return redirect;
    }
  }
  const headers = new Headers(request.headers);
  headers.set(CLUSTER_HEADER, onCluster?.slug ?? carried ?? NO_CLUSTER);
  headers.set(CLUSTER_PROOF_HEADER, clusterHeaderProof());
  // Always set (never the client's own): the not-found pages name the missing object from it.
  headers.set(PAGE_PATH_HEADER, onCluster ? onCluster.rest : request.nextUrl.pathname);
  const pass = (init: { request: { headers: Headers } }) => {
    const url = request.nextUrl.clone();
    if (onCluster) url.pathname = onCluster.rest;
    const response = onCluster ? NextResponse.rewrite(url, init) : NextResponse.next(init);
    // Also as a response header: Next's server copies the proxy's response headers onto the request
    // it renders (as it does for the CSP).
    if (onCluster) response.headers.set(CLUSTER_HEADER, onCluster.slug);
    return response;
  };
  // Prefetches carry no document to protect; they skip the CSP as the matcher used to skip them.
  if (request.headers.has('next-router-prefetch') || request.headers.get('purpose') === 'prefetch')
    return pass({ request: { headers } });
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (progress bar widths); they cannot run script.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = pass({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  if (secureRequest(request.headers)) {
    response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  }
  return response;
}

/** Files under public/ (and Next's own `/_…` paths) are no pages: they are never redirected to a cluster. */
const publicFile = /\.(?:svg|png|ico|txt|xml|webmanifest)$/i;

/** A page request (GET or HEAD of a page path) that may be redirected to its cluster's URL. */
function pageRequest(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !path.startsWith('/_') &&
    !path.startsWith('/.') &&
    !publicFile.test(path)
  );
}

// Everything but build output: /_next/static and /_next/image are the same public files in every
// installation (nothing of the cluster or the session), so a rebinding page gains nothing there and
// the first load skips a proxy call per chunk. The files of public/ (icon.svg, robots.txt) are few
// and take one request each: they stay under the Host check like the pages.
export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
