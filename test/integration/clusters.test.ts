// More than one cluster (issue 15 item 4, first step): one kubeconfig whose contexts name two real
// local control planes and several broken ones. Each context is checked on its own clients; the
// diagnosis says what is wrong, a broken or hanging context delays no other, and two clusters
// answer with their own identities at the same time.
import { copyFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as checkRoute from '@/app/api/clusters/check/route';
import * as listRoute from '@/app/api/clusters/route';
import * as sessionRoute from '@/app/api/session/route';
import type { ClusterContext, ClusterList, ClusterStatus } from '@/lib/contracts/clusters';
import { dashboardClients } from '@/lib/kube/clients';
import { checkContext, checkContexts, clusterList } from '@/lib/kube/cluster-check';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { contextClients } from '@/lib/kube/contexts';
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { RouteClient } from '../support/routes';

const dirs: string[] = [];
let stopTwo: (() => Promise<void>) | undefined;
let dir = '';
let saToken = '';

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
/** An OIDC id-token as a kubeconfig keeps it; no API server here trusts its (absent) signature. */
const idToken = (exp: number) =>
  `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify({ iss: 'https://idp.example', sub: 'ada', aud: 'k8s', exp }))}.c2ln`;

function statusOf(list: ClusterList, name: string): ClusterStatus {
  const c = list.contexts.find((x) => x.name === name);
  if (!c) throw new Error(`no context ${name}`);
  return c.status;
}

beforeAll(async () => {
  const one = inject('cluster');
  const two = await startCluster({ dataDir: tempDir('tokenscope-two-'), log: () => {} });
  stopTwo = two.stop;
  dir = tempDir('tokenscope-kubeconfig-');
  const plugin = join(dir, 'exec-credential-plugin.mjs');
  copyFileSync(join(__dirname, '../support/exec-credential-plugin.mjs'), plugin);
  chmodSync(plugin, 0o755);
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, 'not-yet', { mode: 0o600 });
  const ca1 = readFileSync(one.caFile).toString('base64');
  const ca2 = readFileSync(two.info.caFile).toString('base64');
  const unreachable = `https://127.0.0.1:${await closedPort()}`;
  const execUser = (name: string, command: string, args: string[] = []) => ({
    name,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command,
        args,
        env: [{ name: 'TOKENSCOPE_PLUGIN_TOKEN_FILE', value: tokenFile }],
        interactiveMode: 'Never',
      },
    },
  });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'one',
    clusters: [
      { name: 'one', cluster: { server: one.server, 'certificate-authority-data': ca1 } },
      { name: 'two', cluster: { server: two.info.server, 'certificate-authority-data': ca2 } },
      { name: 'nowhere', cluster: { server: unreachable, 'certificate-authority-data': ca1 } },
      { name: 'one-wrong-ca', cluster: { server: one.server, 'certificate-authority-data': ca2 } },
    ],
    users: [
      { name: 'admin-one', user: { token: one.adminToken } },
      { name: 'admin-two', user: { token: two.info.adminToken } },
      execUser('exec-two', plugin),
      execUser('exec-missing', 'tokenscope-no-such-plugin', ['get-token']),
      execUser('exec-failing', plugin, ['--fail']),
      execUser('exec-hanging', plugin, ['--hang']),
      {
        name: 'oidc-expired',
        user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'k8s', 'id-token': idToken(1) } } },
      },
      {
        name: 'oidc-current',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'k8s', 'id-token': idToken(Math.floor(Date.now() / 1000) + 3600) },
          },
        },
      },
    ],
    contexts: [
      { name: 'one', context: { cluster: 'one', user: 'admin-one' } },
      { name: 'two-admin', context: { cluster: 'two', user: 'admin-two', namespace: 'default' } },
      { name: 'two-exec', context: { cluster: 'two', user: 'exec-two' } },
      { name: 'missing-plugin', context: { cluster: 'one', user: 'exec-missing' } },
      { name: 'failing-plugin', context: { cluster: 'one', user: 'exec-failing' } },
      { name: 'unreachable', context: { cluster: 'nowhere', user: 'admin-one' } },
      { name: 'wrong-ca', context: { cluster: 'one-wrong-ca', user: 'admin-one' } },
      { name: 'oidc-expired', context: { cluster: 'one', user: 'oidc-expired' } },
      { name: 'oidc-current', context: { cluster: 'one', user: 'oidc-current' } },
      { name: 'hanging-plugin', context: { cluster: 'two', user: 'exec-hanging' } },
    ],
  };
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, JSON.stringify(config), { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();

  // A ServiceAccount on cluster two whose TokenRequest token the exec plugin hands out.
  const admin2 = contextClients('two-admin');
  await admin2.core.createNamespacedServiceAccount({
    namespace: 'default',
    body: { metadata: { name: 'exec-user' } },
  });
  const tr = await admin2.core.createNamespacedServiceAccountToken({
    namespace: 'default',
    name: 'exec-user',
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  saToken = tr.status?.token ?? '';
  writeFileSync(tokenFile, saToken, { mode: 0o600 });
}, 240_000);

afterAll(async () => {
  await stopTwo?.();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  delete process.env.TOKENSCOPE_MODE;
  process.env.KUBECONFIG = inject('cluster').kubeconfig;
  resetDashboardKubeConfig();
});

describe('the cluster registry', () => {
  it('lists every context without credentials, with its auth kind, and marks the current one', () => {
    const list = clusterList();
    expect(list.source).toBe('kubeconfig-env');
    const byName = Object.fromEntries(list.contexts.map((c) => [c.name, c])) as Record<
      string,
      ClusterContext
    >;
    expect(Object.keys(byName)).toEqual([
      'one',
      'two-admin',
      'two-exec',
      'missing-plugin',
      'failing-plugin',
      'unreachable',
      'wrong-ca',
      'oidc-expired',
      'oidc-current',
      'hanging-plugin',
    ]);
    expect(list.contexts.filter((c) => c.current).map((c) => c.name)).toEqual(['one']);
    expect(byName.one?.auth).toEqual({ kind: 'token' });
    expect(byName['two-exec']?.auth).toEqual({ kind: 'exec', command: 'exec-credential-plugin.mjs' });
    expect(byName['missing-plugin']?.auth).toEqual({ kind: 'exec', command: 'tokenscope-no-such-plugin' });
    expect(byName['oidc-current']?.auth).toEqual({ kind: 'auth-provider', name: 'oidc' });
    expect(byName['two-admin']).toMatchObject({
      namespace: 'default',
      scheme: 'https',
      host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(byName['two-admin']?.host).not.toBe(byName.one?.host);
    expect(byName.one?.status).toEqual({ state: 'unchecked' });
    const text = JSON.stringify(list);
    expect(text).not.toContain(inject('cluster').adminToken);
    expect(text).not.toContain(saToken);
    expect(text).not.toContain(dir);
  });

  it('gives the current context the dashboard identity’s own clients, and another context its own', () => {
    expect(contextClients('one')).toBe(dashboardClients());
    const two = contextClients('two-exec');
    expect(two).toBe(contextClients('two-exec'));
    expect(two.server).not.toBe(dashboardClients().server);
    expect(two.kc.getContexts().map((c) => c.name)).toEqual(['two-exec']);
    expect(two.kc.getUsers().map((u) => u.name)).toEqual(['exec-two']);
  });
});

describe('checking every context at once', () => {
  let list: ClusterList;
  let ms = 0;
  beforeAll(async () => {
    const started = performance.now();
    list = await checkContexts(undefined, 6000);
    ms = performance.now() - started;
    console.info(`[clusters] checked ${list.contexts.length} contexts concurrently in ${Math.round(ms)} ms`);
    for (const c of list.contexts) {
      const s = c.status;
      console.info(
        `[clusters] ${c.name}: ${s.state === 'failed' ? `${s.problem}: ${s.summary} | ${s.hints.join(' | ')}` : s.state === 'ok' ? `ok as ${s.user.username} (${s.version})` : s.state}`,
      );
    }
  }, 30_000);

  it('reaches both clusters, each answering with its own identity', () => {
    const one = statusOf(list, 'one');
    const two = statusOf(list, 'two-exec');
    expect(one).toMatchObject({ state: 'ok', version: expect.stringMatching(/^v1\.\d+\.\d+/) });
    expect(two).toMatchObject({ state: 'ok', user: { username: 'system:serviceaccount:default:exec-user' } });
    if (one.state !== 'ok') throw new Error('unreachable');
    expect(one.user.username).not.toBe('system:serviceaccount:default:exec-user');
    expect(one.user.groups).toContain('system:authenticated');
  });

  it('says which plugin is missing and where it usually comes from', () => {
    const s = statusOf(list, 'missing-plugin');
    expect(s).toMatchObject({ state: 'failed', problem: 'exec-not-found' });
    if (s.state !== 'failed') throw new Error('unreachable');
    expect(s.summary).toContain('`tokenscope-no-such-plugin` is not on the PATH');
    expect(s.hints.join(' ')).toMatch(/aws, gke-gcloud-auth-plugin, kubelogin/);
  });

  it('quotes a failing plugin’s stderr without the token in it', () => {
    const s = statusOf(list, 'failing-plugin');
    expect(s).toMatchObject({ state: 'failed', problem: 'exec-failed' });
    if (s.state !== 'failed') throw new Error('unreachable');
    expect(s.summary).toContain('your SSO session expired');
    expect(s.summary).toContain('[redacted-jwt]');
    expect(s.summary).not.toContain(saToken);
  });

  it('names the unreachable server and the wrong certificate authority', () => {
    const down = statusOf(list, 'unreachable');
    expect(down).toMatchObject({ state: 'failed', problem: 'unreachable' });
    if (down.state !== 'failed') throw new Error('unreachable');
    expect(down.summary).toMatch(
      /^Cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: nothing accepts connections there/,
    );
    const ca = statusOf(list, 'wrong-ca');
    expect(ca).toMatchObject({ state: 'failed', problem: 'certificate' });
    if (ca.state !== 'failed') throw new Error('unreachable');
    expect(ca.summary).toMatch(/authority the kubeconfig does not trust/);
  });

  it('sends an OIDC id-token (this server trusts no IdP, so 401) and says when an expired one cannot be renewed', () => {
    expect(statusOf(list, 'oidc-current')).toMatchObject({ state: 'failed', problem: 'unauthorized' });
    const expired = statusOf(list, 'oidc-expired');
    expect(expired).toMatchObject({ state: 'failed', problem: 'auth-provider' });
    if (expired.state !== 'failed') throw new Error('unreachable');
    expect(expired.summary).toMatch(/id-token in the kubeconfig has expired and there is no refresh-token/);
  });

  it('gives up on a hanging plugin at its time limit without delaying the others', async () => {
    expect(statusOf(list, 'hanging-plugin')).toMatchObject({ state: 'failed', problem: 'timeout' });
    const started = performance.now();
    const done: Record<string, number> = {};
    const timed = (name: string) =>
      checkContext(name, 2500).then((s) => {
        done[name] = performance.now() - started;
        return s;
      });
    const [one, two, hung] = await Promise.all([timed('one'), timed('two-exec'), timed('hanging-plugin')]);
    console.info(
      `[clusters] one ${Math.round(done.one ?? 0)} ms, two-exec ${Math.round(done['two-exec'] ?? 0)} ms, hanging-plugin ${Math.round(done['hanging-plugin'] ?? 0)} ms`,
    );
    expect(one.state).toBe('ok');
    expect(two.state).toBe('ok');
    expect(hung).toMatchObject({ state: 'failed', problem: 'timeout' });
    if (hung.state !== 'failed') throw new Error('unreachable');
    expect(hung.summary).toBe(
      'The credential plugin `exec-credential-plugin.mjs` did not finish within 3 s.',
    );
    expect(done.one).toBeLessThan(1500);
    expect(done['two-exec']).toBeLessThan(1500);
    expect(done['hanging-plugin']).toBeGreaterThanOrEqual(2400);
  });

  it('took about one time limit for all contexts, not their sum', () => {
    expect(ms).toBeLessThan(6000 + 1500);
  });
});

describe('GET /api/clusters and POST /api/clusters/check', () => {
  it('lists the last results and checks one context on a same-origin POST', async () => {
    const client = new RouteClient();
    const listed = await client.call<ClusterList>(listRoute.GET, { path: '/api/clusters' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const checked = await client.call<ClusterList>(checkRoute.POST, {
      method: 'POST',
      path: '/api/clusters/check',
      body: { context: 'two-exec' },
    });
    expect(checked.status).toBe(200);
    expect(statusOf(checked.body, 'two-exec')).toMatchObject({
      state: 'ok',
      user: { username: 'system:serviceaccount:default:exec-user' },
    });
    const unknown = await client.call<{ code: string }>(checkRoute.POST, {
      method: 'POST',
      path: '/api/clusters/check',
      body: { context: 'nope' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not-found:context');
    for (const text of client.bodies) {
      expect(text).not.toContain(saToken);
      expect(text).not.toContain(inject('cluster').adminToken);
    }
  });

  it('refuses a cross-site check', async () => {
    const res = await new RouteClient().call<{ code: string }>(checkRoute.POST, {
      method: 'POST',
      path: '/api/clusters/check',
      body: {},
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden:csrf');
  });

  it('refuses in shared mode, even to a signed-in user', async () => {
    process.env.TOKENSCOPE_MODE = 'shared';
    try {
      const anonymous = await new RouteClient().call<{ code: string }>(listRoute.GET, {
        path: '/api/clusters',
      });
      expect(anonymous.status).toBe(401);
      const c = new RouteClient();
      const signed = await c.call(sessionRoute.POST, {
        method: 'POST',
        path: '/api/session',
        body: { token: inject('cluster').adminToken },
      });
      expect(signed.status).toBe(200);
      const list = await c.call<{ code: string }>(listRoute.GET, { path: '/api/clusters' });
      expect(list.status).toBe(403);
      expect(list.body.code).toBe('forbidden:shared-mode');
      const check = await c.call<{ code: string }>(checkRoute.POST, {
        method: 'POST',
        path: '/api/clusters/check',
        body: {},
      });
      expect(check.status).toBe(403);
      expect(check.body.code).toBe('forbidden:shared-mode');
    } finally {
      delete process.env.TOKENSCOPE_MODE;
    }
  });
});
