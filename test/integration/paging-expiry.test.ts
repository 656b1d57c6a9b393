// A list's continue token outlives its snapshot (issue 17: the 100k bench's listing job got 410
// "continue parameter is too old" while paging 50,000 ServiceAccounts, the API server compacting
// etcd every 5 minutes). A control plane of its own compacts every 2 s; once the API server itself
// refuses the first page's token with 410, the next page through GET /api/serviceaccounts still
// answers, goes on from the newer snapshot and says so (`inconsistent`), and the pages together hold
// every account.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listRoute from '@/app/api/serviceaccounts/route';
import { type ServiceAccountPage, serviceAccountPageSchema } from '@/lib/contracts/serviceaccounts';
import { dashboardClients, type KubeClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { kubeStatusOf } from '@/lib/kube/errors';
import { expiredContinueOf } from '@/lib/kube/paging';
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { kubeconfigCluster } from '../support/kubeconfig';
import { RouteClient } from '../support/routes';

const ns = `paging-${Date.now().toString(36)}`;
const names = Array.from({ length: 7 }, (_, i) => `sa-${i}`);
const dir = mkdtempSync(join(tmpdir(), 'tokenscope-paging-'));
let stop: (() => Promise<void>) | undefined;
let admin: KubeClients;

beforeAll(async () => {
  const cluster = await startCluster({
    dataDir: join(dir, 'cluster'),
    etcdCompactionInterval: '2s',
    log: () => {},
  });
  stop = cluster.stop;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'compacting',
    clusters: [kubeconfigCluster('compacting', cluster.info)],
    users: [{ name: 'admin', user: { token: cluster.info.adminToken } }],
    contexts: [{ name: 'compacting', context: { cluster: 'compacting', user: 'admin' } }],
  };
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, JSON.stringify(config), { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();
  admin = dashboardClients();
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of names) {
    await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  }
});

afterAll(async () => {
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
});

/** The API server's own continue token inside Tokenscope's (base64url JSON `{c, s}`). */
const kubeTokenOf = (cont: string): string => JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')).c;

async function page(c: RouteClient, cont?: string): Promise<ServiceAccountPage> {
  const q = new URLSearchParams({ namespace: ns, limit: '2', ...(cont ? { continue: cont } : {}) });
  const res = await c.call<ServiceAccountPage>(listRoute.GET, { path: `/api/serviceaccounts?${q}` });
  expect(res.status, res.text).toBe(200);
  return serviceAccountPageSchema.parse(res.body);
}

describe('paging past an expired continue token', () => {
  it('goes on from the newer snapshot, says so, and the pages hold every account', {
    timeout: 120_000,
  }, async () => {
    const c = new RouteClient();
    const first = await page(c);
    expect(first.items).toHaveLength(2);
    expect(first.inconsistent).toBeUndefined();
    expect(first.continue).toBeDefined();
    const kubeToken = kubeTokenOf(first.continue ?? '');
    expect(kubeToken).toBeTruthy();

    // A write after the first page, then wait until the API server refuses the token: etcd compacts
    // every 2 s, and the watch cache drops the token's snapshot when it next polls (every 15 s).
    await admin.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name: 'sa-late' } },
    });
    let refusal: unknown;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline && !refusal; ) {
      try {
        await admin.core.listNamespacedServiceAccount({ namespace: ns, limit: 2, _continue: kubeToken });
        await new Promise((r) => setTimeout(r, 1000));
      } catch (err) {
        refusal = err;
      }
    }
    expect(kubeStatusOf(refusal)?.code).toBe(410);
    expect(expiredContinueOf(refusal)).toBeTruthy();

    // Tokenscope's next page answers from the newer snapshot, and says so.
    const second = await page(c, first.continue);
    expect(second.inconsistent).toBe(true);
    expect(second.items.length).toBeGreaterThan(0);
    const seen = [...first.items, ...second.items].map((sa) => sa.name);
    for (let cont = second.continue; cont; ) {
      const next = await page(c, cont);
      seen.push(...next.items.map((sa) => sa.name));
      cont = next.continue;
    }
    // Every account created before the first page is in the pages; the late one may be too.
    for (const name of names) expect(seen).toContain(name);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
