import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import type { ReadyInfo } from '../../scripts/lib/cluster.mjs';

interface E2EState {
  cluster: ReadyInfo;
  url: string;
}

/** What global setup started: the local control plane and the dashboard's URL. */
export function e2eState(): E2EState {
  return JSON.parse(readFileSync(join(process.cwd(), 'test-results', 'e2e-state.json'), 'utf8')) as E2EState;
}

/**
 * Reads an object straight from the API server as its admin, to check what the UI did. Plain HTTPS
 * with the cluster's CA: tests look at the cluster the way kubectl would, not through the app.
 */
export function kubeGet(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return kubeRequest('GET', path);
}

/**
 * The same, for a POST with a JSON body (for example a TokenRequest made as the admin), or as
 * another identity with `token`.
 */
export function kubeRequest(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { cluster } = e2eState();
  const url = new URL(path, cluster.server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: readFileSync(cluster.caFile),
        headers: {
          Authorization: `Bearer ${token ?? cluster.adminToken}`,
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => {
          data += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Applies the seed scenarios (or the named ones) through the dashboard's own API, as the Apply buttons do. */
export async function applySeedScenarios(
  playwright: { request: { newContext: (o: { baseURL: string }) => Promise<APIRequestContext> } },
  scenarios: string[] = ['token-request', 'projected-volume'],
): Promise<void> {
  const api = await playwright.request.newContext({ baseURL: e2eState().url });
  for (const scenario of scenarios) {
    const res = await api.post(`/api/scenarios/${scenario}/apply`, {
      headers: { 'X-Tokenscope-Request': '1' },
      data: {},
    });
    if (res.status() !== 200) throw new Error(`applying ${scenario}: HTTP ${res.status()}`);
  }
  await api.dispose();
}

/**
 * How many cluster-wide LIST requests of RBAC objects the API server has served so far (its own
 * /metrics). The dashboard's RBAC reads (the index's watches, and any per-view read) list across all
 * namespaces; namespaced lists are left out because the namespace controller lists a namespace's
 * Roles and RoleBindings while deleting it, on its own schedule, after an earlier spec's clean-up.
 */
export function rbacListCount(cluster: ReadyInfo = e2eState().cluster): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/metrics', cluster.server),
      { ca: readFileSync(cluster.caFile), headers: { Authorization: `Bearer ${cluster.adminToken}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          let n = 0;
          for (const line of text.split('\n')) {
            if (
              line.startsWith('apiserver_request_total{') &&
              line.includes('group="rbac.authorization.k8s.io"') &&
              line.includes('verb="LIST"') &&
              line.includes('scope="cluster"')
            )
              n += Number(line.split(' ').at(-1));
          }
          resolve(n);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Waits until the API server's RBAC LIST count stops moving (the watches' own lists are done) and
 * returns it: from then on, a page view that lists RBAC shows up as a change of this number.
 */
export async function settledRbacListCount(cluster: ReadyInfo = e2eState().cluster): Promise<number> {
  let settled = -1;
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    const seen = settled;
    await new Promise((r) => setTimeout(r, 1000));
    settled = await rbacListCount(cluster);
    if (settled === seen && settled > 0) return settled;
  }
  throw new Error(`RBAC LIST count still moving after 20 s (last ${settled})`);
}
