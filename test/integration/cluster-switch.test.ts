// More than one cluster through the URL (issue 15 item 4): one kubeconfig whose contexts name two
// real local control planes, with context names as clouds write them (an EKS ARN with `:` and `/`,
// a name with a space). Every route takes `?cluster=`; each cluster answers as its own identity,
// tokens stay with the cluster that issued them, unknown clusters are 404, shared mode serves only
// its own, another site cannot make Tokenscope use another context, and each cluster has its own
// watches, watch-fed index and event stream.
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as eventsRoute from '@/app/api/events/route';
import * as identityRoute from '@/app/api/identity/route';
import * as serviceAccountsRoute from '@/app/api/serviceaccounts/route';
import * as sessionRoute from '@/app/api/session/route';
import * as revealRoute from '@/app/api/tokens/[id]/reveal/route';
import * as requestsRoute from '@/app/api/tokens/[id]/requests/route';
import * as whoamiRoute from '@/app/api/tokens/[id]/whoami/route';
import * as tokensRoute from '@/app/api/tokens/route';
import { clusterSlug } from '@/lib/contracts/cluster-slug';
import type { ChangeEvent } from '@/lib/contracts/live';
import { dashboardClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { contextClients, resolveCluster } from '@/lib/kube/contexts';
import { liveRbacIndex } from '@/lib/kube/rbac-freshness';
import { liveContexts, liveHub } from '@/lib/server/live/hub';
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { RouteClient } from '../support/routes';
import { kubeconfigCluster } from '../support/kubeconfig';

const EKS = 'arn:aws:eks:us-east-1:123456789012:cluster/two';
const SPACED = 'my cluster two';
const eks = clusterSlug(EKS);
const spaced = clusterSlug(SPACED);
const ns = `switch-${Date.now().toString(36)}`;
const dirs: string[] = [];
let stopTwo: (() => Promise<void>) | undefined;

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** What Tokenscope's own page sends (fetch metadata): another context is used only for it. */
const own = { 'sec-fetch-site': 'same-origin' };

interface Identity {
  server: string;
  context: string;
  user: { username: string };
}

beforeAll(async () => {
  const one = inject('cluster');
  const two = await startCluster({ dataDir: tempDir('tokenscope-switch-two-'), log: () => {} });
  stopTwo = two.stop;
  const dir = tempDir('tokenscope-switch-kubeconfig-');
  const plugin = join(dir, 'exec-credential-plugin.mjs');
  copyFileSync(join(__dirname, '../support/exec-credential-plugin.mjs'), plugin);
  chmodSync(plugin, 0o755);
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, 'not-yet', { mode: 0o600 });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'one',
    clusters: [kubeconfigCluster('one', one), kubeconfigCluster('two', two.info)],
    users: [
      { name: 'admin-one', user: { token: one.adminToken } },
      { name: 'admin-two', user: { token: two.info.adminToken } },
      {
        name: 'exec-two',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            env: [{ name: 'TOKENSCOPE_PLUGIN_TOKEN_FILE', value: tokenFile }],
            interactiveMode: 'Never',
          },
        },
      },
    ],
    contexts: [
      { name: 'one', context: { cluster: 'one', user: 'admin-one' } },
      { name: SPACED, context: { cluster: 'two', user: 'admin-two' } },
      { name: EKS, context: { cluster: 'two', user: 'exec-two' } },
    ],
  };
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, JSON.stringify(config), { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();

  // On cluster two only: a namespace with a ServiceAccount the exec plugin hands out a token of
  // (it may list ServiceAccounts and mint tokens in the namespace), and one that names the cluster.
  const admin2 = contextClients(SPACED);
  await admin2.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['exec-user', 'only-on-two'])
    await admin2.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  await admin2.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'exec-user-edit' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'exec-user', namespace: ns }],
    },
  });
  const tr = await admin2.core.createNamespacedServiceAccountToken({
    namespace: ns,
    name: 'exec-user',
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  writeFileSync(tokenFile, tr.status?.token ?? '', { mode: 0o600 });
}, 240_000);

afterAll(async () => {
  await stopTwo?.();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  delete process.env.TOKENSCOPE_MODE;
  process.env.KUBECONFIG = inject('cluster').kubeconfig;
  resetDashboardKubeConfig();
});

describe('the cluster in the URL', () => {
  it('resolves odd context names from their URL form, and only those', () => {
    expect(eks).toBe('arn~3Aaws~3Aeks~3Aus-east-1~3A123456789012~3Acluster~2Ftwo');
    expect(resolveCluster(eks)).toEqual({ name: EKS, slug: eks, current: false });
    expect(resolveCluster(spaced)).toMatchObject({ name: SPACED, current: false });
    expect(resolveCluster(undefined)).toMatchObject({ name: 'one', current: true });
    expect(resolveCluster('one')).toMatchObject({ name: 'one', current: true });
  });

  it('answers as each cluster’s own identity, with the same route', async () => {
    const c = new RouteClient();
    const here = await c.call<Identity>(identityRoute.GET, { path: '/api/identity' });
    const viaPlugin = await c.call<Identity>(identityRoute.GET, {
      path: `/api/identity?cluster=${eks}`,
      headers: own,
    });
    const asAdmin = await c.call<Identity>(identityRoute.GET, {
      path: `/api/identity?cluster=${spaced}`,
      headers: own,
    });
    expect([here.status, viaPlugin.status, asAdmin.status]).toEqual([200, 200, 200]);
    expect(here.body.context).toBe('one');
    expect(viaPlugin.body).toMatchObject({
      context: EKS,
      user: { username: `system:serviceaccount:${ns}:exec-user` },
    });
    expect(asAdmin.body.context).toBe(SPACED);
    expect(viaPlugin.body.server).toBe(asAdmin.body.server);
    expect(viaPlugin.body.server).not.toBe(here.body.server);
    expect(here.body.user.username).not.toBe(viaPlugin.body.user.username);
  });

  it('lists the ServiceAccounts of the cluster it names', async () => {
    const c = new RouteClient();
    type List = { items: { name: string }[] };
    const onTwo = await c.call<List>(serviceAccountsRoute.GET, {
      path: `/api/serviceaccounts?namespace=${ns}&cluster=${spaced}`,
      headers: own,
    });
    expect(onTwo.status).toBe(200);
    expect(onTwo.body.items.map((s) => s.name)).toEqual(expect.arrayContaining(['exec-user', 'only-on-two']));
    const onOne = await c.call<List>(serviceAccountsRoute.GET, {
      path: `/api/serviceaccounts?namespace=${ns}`,
    });
    expect(onOne.status).toBe(200);
    expect(onOne.body.items).toEqual([]);
  });

  it('refuses a cluster the kubeconfig lacks (404), never another one', async () => {
    const c = new RouteClient();
    for (const slug of ['no-such-cluster', 'my%20cluster%20two', 'a~3a', clusterSlug('two')]) {
      const res = await c.call<{ code: string; detail: string; hints: string[] }>(identityRoute.GET, {
        path: `/api/identity?cluster=${slug}`,
        headers: own,
      });
      expect(res.status, slug).toBe(404);
      expect(res.body.code).toBe('not-found:context');
      expect(res.body.hints.join(' ')).toContain('/clusters');
    }
  });

  it('uses another context only for Tokenscope’s own pages, never for another site', async () => {
    const c = new RouteClient();
    const crossSite = await c.call<{ code: string }>(identityRoute.GET, {
      path: `/api/identity?cluster=${eks}`,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('forbidden:csrf');
    const foreignOrigin = await c.call<{ code: string }>(identityRoute.GET, {
      path: `/api/identity?cluster=${eks}`,
      headers: { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
    });
    expect(foreignOrigin.status).toBe(403);
    // A plain request from no browser page at all needs the custom header (a page cannot send it cross-site).
    const bare = await c.call<{ code: string }>(identityRoute.GET, { path: `/api/identity?cluster=${eks}` });
    expect(bare.status).toBe(403);
    const ownPage = await c.call(identityRoute.GET, { path: `/api/identity?cluster=${eks}`, headers: own });
    expect(ownPage.status).toBe(200);
    // The current context needs no such proof, named or not (nothing new is run for it).
    const current = await c.call(identityRoute.GET, {
      path: '/api/identity?cluster=one',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(current.status).toBe(200);
  });
});

describe('tokens belong to the cluster that issued them', () => {
  it('mints on cluster two, uses the token there, and refuses it on cluster one (and on another context)', async () => {
    const c = new RouteClient();
    const two = `?cluster=${spaced}`;
    const minted = await c.call<{ id: string; serviceAccount: string }>(tokensRoute.POST, {
      method: 'POST',
      path: `/api/tokens${two}`,
      body: { namespace: ns, serviceAccount: 'only-on-two', expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
    const id = minted.body.id;
    type Listed = { tokens: { id: string }[] };
    expect(
      (await c.call<Listed>(tokensRoute.GET, { path: `/api/tokens${two}`, headers: own })).body.tokens.map(
        (t) => t.id,
      ),
    ).toEqual([id]);
    expect((await c.call<Listed>(tokensRoute.GET, { path: '/api/tokens' })).body.tokens).toEqual([]);

    const who = await c.call<{ status: number; user: { username: string } }>(whoamiRoute.POST, {
      method: 'POST',
      path: `/api/tokens/${id}/whoami${two}`,
      params: { id },
    });
    expect(who.body).toMatchObject({
      status: 201,
      user: { username: `system:serviceaccount:${ns}:only-on-two` },
    });

    const list = { verb: 'list', resource: 'serviceaccounts', namespace: ns };
    for (const path of [
      `/api/tokens/${id}/requests`,
      `/api/tokens/${id}/requests?cluster=one`,
      `/api/tokens/${id}/requests?cluster=${eks}`,
    ]) {
      const refused = await c.call<{ code: string; detail: string }>(requestsRoute.POST, {
        method: 'POST',
        path,
        params: { id },
        body: list,
      });
      expect(refused.status, path).toBe(403);
      expect(refused.body.code).toBe('forbidden:cluster');
      expect(refused.body.detail).toContain(`belongs to cluster “${SPACED}”`);
    }
    const reveal = await c.call<{ code: string }>(revealRoute.POST, {
      method: 'POST',
      path: `/api/tokens/${id}/reveal`,
      params: { id },
      body: {},
    });
    expect(reveal.status).toBe(403);
    expect(reveal.body.code).toBe('forbidden:cluster');
    // The same session, on the token's own cluster: the API server answers (403: the account may list nothing).
    const used = await c.call<{ status: number }>(requestsRoute.POST, {
      method: 'POST',
      path: `/api/tokens/${id}/requests${two}`,
      params: { id },
      body: list,
    });
    expect(used.status).toBe(200);
    expect(used.body.status).toBe(403);
  });

  it('keeps a sign-in to the cluster that accepted it', async () => {
    const admin2 = contextClients(SPACED);
    const tr = await admin2.core.createNamespacedServiceAccountToken({
      namespace: ns,
      name: 'exec-user',
      body: { spec: { expirationSeconds: 600, audiences: [] } },
    });
    const token = tr.status?.token ?? '';
    const c = new RouteClient();
    // Cluster one does not know this token.
    const wrong = await c.call(sessionRoute.POST, { method: 'POST', path: '/api/session', body: { token } });
    expect(wrong.status).toBe(401);
    const signed = await c.call(sessionRoute.POST, {
      method: 'POST',
      path: `/api/session?cluster=${eks}`,
      body: { token },
    });
    expect(signed.status).toBe(200);
    const there = await c.call<Identity>(identityRoute.GET, {
      path: `/api/identity?cluster=${eks}`,
      headers: own,
    });
    expect(there.body.user.username).toBe(`system:serviceaccount:${ns}:exec-user`);
    const elsewhere = await c.call<{ code: string; detail: string }>(identityRoute.GET, {
      path: '/api/identity',
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'forbidden:cluster' });
    expect(elsewhere.body.detail).toContain(`You signed in on cluster "${EKS}"`);
  });
});

describe('shared mode', () => {
  it('serves only its own cluster, and says no more about the others than about a name it lacks', async () => {
    process.env.TOKENSCOPE_MODE = 'shared';
    try {
      const c = new RouteClient();
      const signed = await c.call(sessionRoute.POST, {
        method: 'POST',
        path: '/api/session',
        body: { token: inject('cluster').adminToken },
      });
      expect(signed.status).toBe(200);
      expect((await c.call(identityRoute.GET, { path: '/api/identity' })).status).toBe(200);
      expect((await c.call(identityRoute.GET, { path: '/api/identity?cluster=one' })).status).toBe(200);
      const other = await c.call<{ code: string; detail: string }>(identityRoute.GET, {
        path: `/api/identity?cluster=${eks}`,
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      const unknown = await c.call<{ code: string; detail: string }>(identityRoute.GET, {
        path: '/api/identity?cluster=nope',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect([other.status, unknown.status]).toEqual([404, 404]);
      expect(other.body.code).toBe('not-found:context');
      expect(other.body.detail.replace(eks, 'X')).toBe(unknown.body.detail.replace('nope', 'X'));
      expect(other.text.replace(eks, 'X')).toBe(unknown.text.replace('nope', 'X'));
      // Signing in "to" another context is refused before any token is sent anywhere.
      const elsewhere = await new RouteClient().call(sessionRoute.POST, {
        method: 'POST',
        path: `/api/session?cluster=${eks}`,
        body: { token: inject('cluster').adminToken },
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(elsewhere.status).toBe(404);
    } finally {
      delete process.env.TOKENSCOPE_MODE;
    }
  });
});

describe('one hub, index and event stream per cluster', () => {
  async function openStream(
    query: string,
    signal: AbortSignal,
    seen: ChangeEvent[],
  ): Promise<() => Promise<void>> {
    const req = new Request(`http://127.0.0.1:3000/api/events?kinds=serviceaccounts${query}`, {
      headers: { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      signal,
    });
    const res = await eventsRoute.GET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no stream');
    const decoder = new TextDecoder();
    let buf = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: change$/m.test(block) && data) seen.push(JSON.parse(data) as ChangeEvent);
        }
      }
    })();
    return () => reading;
  }

  it('streams each cluster’s own changes, and keeps each watch-fed RBAC index apart', async () => {
    const abort = new AbortController();
    const onOne: ChangeEvent[] = [];
    const onTwo: ChangeEvent[] = [];
    const done = [
      await openStream('', abort.signal, onOne),
      await openStream(`&cluster=${spaced}`, abort.signal, onTwo),
    ];
    try {
      expect(liveContexts()).toEqual(expect.arrayContaining(['one', SPACED]));
      const two = contextClients(SPACED);
      const admin1 = dashboardClients();
      // The watches list first (no events): make changes until one arrives on each stream.
      for (
        let i = 0;
        i < 40 &&
        !(onOne.some((e) => e.name.startsWith('s1-')) && onTwo.some((e) => e.name.startsWith('s2-')));
        i++
      ) {
        await two.core.createNamespacedServiceAccount({
          namespace: ns,
          body: { metadata: { name: `s2-${i}` } },
        });
        await admin1.core.createNamespacedServiceAccount({
          namespace: 'default',
          body: { metadata: { name: `s1-${ns}-${i}` } },
        });
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(onTwo.some((e) => e.namespace === ns && e.name.startsWith('s2-'))).toBe(true);
      expect(onOne.some((e) => e.name.startsWith(`s1-${ns}`))).toBe(true);
      // Never the other cluster's.
      expect(onOne.filter((e) => e.name.startsWith('s2-'))).toEqual([]);
      expect(onTwo.filter((e) => e.name.startsWith('s1-'))).toEqual([]);

      // The RBAC watches of cluster two feed cluster two's index only.
      const kinds = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;
      expect(await liveHub(SPACED).warm(two, [...kinds], 30_000)).toBe(true);
      expect(await liveHub('one').warm(admin1, [...kinds], 30_000)).toBe(true);
      const key = `rb/${ns}/exec-user-edit`;
      const hasBinding = (clients: typeof two) => {
        const index = liveRbacIndex(clients);
        expect(index).toBeDefined();
        return index?.bindings.has(key);
      };
      expect(hasBinding(two), key).toBe(true);
      expect(hasBinding(admin1), key).toBe(false);
      for (let i = 0; i < 40; i++) {
        await admin1.core
          .deleteNamespacedServiceAccount({ namespace: 'default', name: `s1-${ns}-${i}` })
          .catch(() => {});
      }
    } finally {
      abort.abort();
      await Promise.all(done.map((d) => d()));
    }
  }, 90_000);
});
