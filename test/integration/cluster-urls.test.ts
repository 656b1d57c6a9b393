// The cluster is part of every page URL (issue 15 item 4): with a kubeconfig of more than one
// context, proxy.ts redirects an unprefixed page to `/c/<current>/…` (query kept), passes the
// cluster of a `/c/<cluster>/…` page on in a header with a proof only this process knows, keeps it
// when Next runs the proxy again on the rewritten path, and never lets a client pick the cluster
// through that header. A one-context kubeconfig and shared mode keep plain URLs. The proxy is the
// one Next runs (proxy.ts), called with real NextRequests; the kubeconfig names the real local
// control plane.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLUSTER_HEADER, NO_CLUSTER } from '@/lib/contracts/cluster-path';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { CLUSTER_PROOF_HEADER, provenClusterHeader } from '@/lib/server/http/cluster-header';
import { proxy } from '@/proxy';
import { kubeconfigCluster } from '../support/kubeconfig';

const OTHER = 'other one';
const OTHER_SLUG = 'other~20one';
let dir = '';
let twoContexts = '';
let oneContext = '';

/** A browser's request to Tokenscope (the served Host; a typed or followed link). */
function get(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${path}`, {
    headers: { host: '127.0.0.1:3000', 'sec-fetch-site': 'none', ...headers },
  });
}

/** Where a redirect goes, as path and query (Next's server makes a same-origin Location relative). */
function target(res: Response): string {
  const url = new URL(res.headers.get('location') ?? '', 'http://127.0.0.1:3000');
  return `${url.pathname}${url.search}`;
}

/** The request headers the proxy hands on to the page (Next's `x-middleware-request-*` override). */
function handedOn(res: Response, name: string): string | null {
  return res.headers.get(`x-middleware-request-${name}`);
}

/** The same request as Next runs the proxy on again after a rewrite: the rewritten path, the headers the first run set. */
function rerun(first: Response, path: string): NextRequest {
  const headers: Record<string, string> = { host: '127.0.0.1:3000', 'sec-fetch-site': 'none' };
  for (const name of [CLUSTER_HEADER, CLUSTER_PROOF_HEADER]) {
    const value = handedOn(first, name);
    if (value !== null) headers[name] = value;
  }
  return get(path, headers);
}

function useKubeconfig(file: string): void {
  process.env.KUBECONFIG = file;
  resetDashboardKubeConfig();
}

beforeAll(() => {
  const one = inject('cluster');
  dir = mkdtempSync(join(tmpdir(), 'tokenscope-cluster-urls-'));
  const base = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'one',
    clusters: [kubeconfigCluster('one', one)],
    users: [{ name: 'admin', user: { token: one.adminToken } }],
  };
  twoContexts = join(dir, 'two-contexts');
  writeFileSync(
    twoContexts,
    JSON.stringify({
      ...base,
      contexts: [
        { name: 'one', context: { cluster: 'one', user: 'admin' } },
        { name: OTHER, context: { cluster: 'one', user: 'admin' } },
      ],
    }),
    { mode: 0o600 },
  );
  oneContext = join(dir, 'one-context');
  writeFileSync(
    oneContext,
    JSON.stringify({ ...base, contexts: [{ name: 'one', context: { cluster: 'one', user: 'admin' } }] }),
    { mode: 0o600 },
  );
});

afterEach(() => {
  delete process.env.TOKENSCOPE_MODE;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  useKubeconfig(inject('cluster').kubeconfig);
});

describe('a kubeconfig with more than one context', () => {
  beforeAll(() => useKubeconfig(twoContexts));

  it('redirects an unprefixed page to the current cluster’s prefix, keeping the query', () => {
    for (const [path, to] of [
      ['/', '/c/one'],
      [
        '/serviceaccounts?namespace=kube-system&q=a%20b',
        '/c/one/serviceaccounts?namespace=kube-system&q=a%20b',
      ],
      ['/rbac/who-can?verb=get', '/c/one/rbac/who-can?verb=get'],
    ] as const) {
      const res = proxy(get(path));
      expect(res.status, path).toBe(307);
      expect(target(res), path).toBe(to);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('redirects client navigations (RSC requests) too, but never API calls or public files', () => {
    expect(proxy(get('/tokens', { rsc: '1', 'sec-fetch-site': 'same-origin' })).status).toBe(307);
    for (const path of ['/api/identity', '/icon.svg', '/robots.txt', '/api/clusters?cluster=one']) {
      const res = proxy(get(path));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('location'), path).toBeNull();
    }
  });

  it('serves /c/<cluster>/… as the page with the cluster and a proof, and keeps it on Next’s second run', () => {
    const first = proxy(get(`/c/${OTHER_SLUG}/serviceaccounts?namespace=default`));
    expect(first.status).toBe(200);
    expect(new URL(first.headers.get('x-middleware-rewrite') ?? '').pathname).toBe('/serviceaccounts');
    expect(handedOn(first, CLUSTER_HEADER)).toBe(OTHER_SLUG);
    const proof = handedOn(first, CLUSTER_PROOF_HEADER);
    expect(proof).toMatch(/^[0-9a-f-]{36}$/);
    // The proof is a request header only: no response header a browser sees carries it.
    for (const [name, value] of first.headers)
      if (!name.startsWith('x-middleware-request-')) expect(value, name).not.toContain(proof);
    // Next runs the proxy again on the rewritten, now unprefixed path: no redirect, same cluster.
    const second = proxy(rerun(first, '/serviceaccounts?namespace=default'));
    expect(second.status).toBe(200);
    expect(second.headers.get('location')).toBeNull();
    expect(handedOn(second, CLUSTER_HEADER)).toBe(OTHER_SLUG);
    // The page reads the cluster only from a header with this process's proof.
    const page = new Headers({ [CLUSTER_HEADER]: OTHER_SLUG, [CLUSTER_PROOF_HEADER]: proof ?? '' });
    expect(provenClusterHeader(page)).toBe(OTHER_SLUG);
    // The current cluster under its prefix is a page of its own (the redirect's target), not redirected again.
    const current = proxy(get('/c/one/tokens'));
    expect(current.status).toBe(200);
    expect(handedOn(current, CLUSTER_HEADER)).toBe('one');
  });

  it('ignores a cluster header a client sends itself, with or without a guessed proof', () => {
    const forgeries: Record<string, string>[] = [
      { [CLUSTER_HEADER]: OTHER_SLUG },
      { [CLUSTER_HEADER]: OTHER_SLUG, [CLUSTER_PROOF_HEADER]: '00000000-0000-4000-8000-000000000000' },
    ];
    for (const forged of forgeries) {
      // Unprefixed: the URL names the current cluster, so the redirect goes there.
      const unprefixed = proxy(get('/serviceaccounts', forged));
      expect(unprefixed.status).toBe(307);
      expect(target(unprefixed)).toBe('/c/one/serviceaccounts');
      // Prefixed: the URL's cluster replaces the client's header.
      const prefixed = proxy(get('/c/one/serviceaccounts', forged));
      expect(handedOn(prefixed, CLUSTER_HEADER)).toBe('one');
      // And a page reached without the proxy does not take it either.
      expect(provenClusterHeader(new Headers(forged))).toBeNull();
    }
  });

  it('keeps plain URLs in shared mode (one cluster served, whatever the kubeconfig holds)', () => {
    process.env.TOKENSCOPE_MODE = 'shared';
    const res = proxy(get('/serviceaccounts', { [CLUSTER_HEADER]: OTHER_SLUG }));
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(handedOn(res, CLUSTER_HEADER)).toBe(NO_CLUSTER);
  });
});

describe('a kubeconfig with one context (npm run demo)', () => {
  beforeAll(() => useKubeconfig(oneContext));

  it('keeps plain URLs and replaces a client’s cluster header with “no cluster”', () => {
    const res = proxy(get('/serviceaccounts?namespace=default', { [CLUSTER_HEADER]: OTHER_SLUG }));
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('x-middleware-rewrite')).toBeNull();
    expect(handedOn(res, CLUSTER_HEADER)).toBe(NO_CLUSTER);
  });
});
