// OIDC auth-provider kubeconfigs work (issue 15 item 4): a local control plane that trusts an OIDC
// issuer this test serves itself (HTTPS with a self-signed certificate, discovery + JWKS, id-tokens
// signed with jose), through a structured AuthenticationConfiguration (`--authentication-config`).
// A kubeconfig context with `auth-provider: {name: oidc}` and a valid id-token connects as the OIDC
// user (the token's `sub` with the configured prefix), RBAC applies to that user (it mints tokens
// where a Role lets it, 403 elsewhere), and an expired id-token without a refresh-token shows the auth-provider diagnosis.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as checkRoute from '@/app/api/clusters/check/route';
import * as listRoute from '@/app/api/clusters/route';
import * as identityRoute from '@/app/api/identity/route';
import * as whoamiRoute from '@/app/api/tokens/[id]/whoami/route';
import * as tokensRoute from '@/app/api/tokens/route';
import type { ClusterList, ClusterStatus } from '@/lib/contracts/clusters';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { contextClients } from '@/lib/kube/contexts';
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { type OidcIssuer, startOidcIssuer, writeAuthenticationConfig } from '../support/oidc-issuer';
import { RouteClient } from '../support/routes';
import { kubeconfigCluster } from '../support/kubeconfig';

const CLIENT_ID = 'tokenscope';
const PREFIX = 'oidc:';
const ns = `oidc-${Date.now().toString(36)}`;
const dirs: string[] = [];
let issuer: OidcIssuer | undefined;
let stopIdp: (() => Promise<void>) | undefined;
let validToken = '';

/** What Tokenscope's own page sends: another context is used only for it. */
const own = { 'sec-fetch-site': 'same-origin' };

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function statusOf(list: ClusterList, name: string): ClusterStatus {
  const c = list.contexts.find((x) => x.name === name);
  if (!c) throw new Error(`no context ${name}`);
  return c.status;
}

beforeAll(async () => {
  const one = inject('cluster');
  const dir = tempDir('tokenscope-oidc-');
  issuer = await startOidcIssuer(dir);
  const authenticationConfig = writeAuthenticationConfig(dir, issuer, {
    audience: CLIENT_ID,
    prefix: PREFIX,
  });
  const idp = await startCluster({
    dataDir: join(dir, 'cluster'),
    authenticationConfig,
    log: () => {},
  });
  stopIdp = idp.stop;
  const now = Math.floor(Date.now() / 1000);
  validToken = await issuer.sign({ sub: 'ada', groups: ['platform'], aud: CLIENT_ID, exp: now + 3600 });
  const expiredToken = await issuer.sign({ sub: 'ada', aud: CLIENT_ID, exp: now - 600 });
  const oidcUser = (idToken: string) => ({
    'auth-provider': {
      name: 'oidc',
      config: { 'idp-issuer-url': issuer?.url, 'client-id': CLIENT_ID, 'id-token': idToken },
    },
  });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'one',
    clusters: [kubeconfigCluster('one', one), kubeconfigCluster('idp', idp.info)],
    users: [
      { name: 'admin-one', user: { token: one.adminToken } },
      { name: 'admin-idp', user: { token: idp.info.adminToken } },
      { name: 'ada-oidc', user: oidcUser(validToken) },
      { name: 'ada-oidc-expired', user: oidcUser(expiredToken) },
    ],
    contexts: [
      { name: 'one', context: { cluster: 'one', user: 'admin-one' } },
      { name: 'idp-admin', context: { cluster: 'idp', user: 'admin-idp' } },
      { name: 'oidc', context: { cluster: 'idp', user: 'ada-oidc' } },
      { name: 'oidc-expired', context: { cluster: 'idp', user: 'ada-oidc-expired' } },
    ],
  };
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, JSON.stringify(config), { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();

  // The OIDC user may mint tokens for the ServiceAccounts of one namespace, nothing else.
  const admin = contextClients('idp-admin');
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'app' } } });
  await admin.rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'token-minter' },
      rules: [
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      ],
    },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'ada-token-minter' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'token-minter' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `${PREFIX}ada` }],
    },
  });
}, 240_000);

afterAll(async () => {
  await stopIdp?.();
  await issuer?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  process.env.KUBECONFIG = inject('cluster').kubeconfig;
  resetDashboardKubeConfig();
});

describe('an OIDC auth-provider context against an API server that trusts the issuer', () => {
  it('connects as the OIDC user: /api/clusters shows the prefixed username and groups', async () => {
    const c = new RouteClient();
    // The API server fetches discovery and keys from the issuer in the background after it starts;
    // until then the id-token is not yet accepted (401). Check again until it is (at most 30 s).
    let status: ClusterStatus = { state: 'unchecked' };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const checked = await c.call<ClusterList>(checkRoute.POST, {
        method: 'POST',
        path: '/api/clusters/check',
        body: { context: 'oidc' },
      });
      expect(checked.status).toBe(200);
      status = statusOf(checked.body, 'oidc');
      if (status.state === 'ok') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toMatchObject({ state: 'ok', user: { username: 'oidc:ada' } });
    if (status.state !== 'ok') throw new Error('unreachable');
    expect(status.user.groups).toEqual(expect.arrayContaining(['oidc:platform', 'system:authenticated']));
    expect(issuer?.requests()).toBeGreaterThanOrEqual(2);

    const listed = await c.call<ClusterList>(listRoute.GET, { path: '/api/clusters' });
    expect(listed.status).toBe(200);
    const entry = listed.body.contexts.find((x) => x.name === 'oidc');
    expect(entry).toMatchObject({
      auth: { kind: 'auth-provider', name: 'oidc' },
      status: { state: 'ok', user: { username: 'oidc:ada' } },
    });
    // The id-token is a credential: it never appears in an answer.
    for (const text of c.bodies) expect(text).not.toContain(validToken);
  });

  it('answers /api/identity?cluster=oidc as the OIDC user', async () => {
    const c = new RouteClient();
    const who = await c.call<{ context: string; user: { username: string; groups: string[] } }>(
      identityRoute.GET,
      { path: '/api/identity?cluster=oidc', headers: own },
    );
    expect(who.status).toBe(200);
    expect(who.body.context).toBe('oidc');
    expect(who.body.user.username).toBe('oidc:ada');
    expect(who.body.user.groups).toContain('oidc:platform');
    expect(who.text).not.toContain(validToken);
  });

  it('applies RBAC to the OIDC user: it mints in its namespace, and another is 403 for oidc:ada', async () => {
    const c = new RouteClient();
    const mint = (namespace: string) =>
      c.call<{ id: string; code: string; detail: string }>(tokensRoute.POST, {
        method: 'POST',
        path: '/api/tokens?cluster=oidc',
        body: { namespace, serviceAccount: 'app', expirationSeconds: 600 },
      });
    const allowed = await mint(ns);
    expect(allowed.status, allowed.text).toBe(201);
    const who = await c.call<{ status: number; user: { username: string } }>(whoamiRoute.POST, {
      method: 'POST',
      path: `/api/tokens/${allowed.body.id}/whoami?cluster=oidc`,
      params: { id: allowed.body.id },
    });
    expect(who.body).toMatchObject({ status: 201, user: { username: `system:serviceaccount:${ns}:app` } });
    const denied = await mint('kube-system');
    expect(denied.status, denied.text).toBe(403);
    expect(denied.body.code).toBe('forbidden:kube');
    expect(denied.body.detail).toContain('User "oidc:ada" cannot create resource "serviceaccounts/token"');
  });

  it('says when an expired id-token without a refresh-token cannot be renewed', async () => {
    const c = new RouteClient();
    const checked = await c.call<ClusterList>(checkRoute.POST, {
      method: 'POST',
      path: '/api/clusters/check',
      body: { context: 'oidc-expired' },
    });
    expect(checked.status).toBe(200);
    const expired = statusOf(checked.body, 'oidc-expired');
    expect(expired).toMatchObject({ state: 'failed', problem: 'auth-provider' });
    if (expired.state !== 'failed') throw new Error('unreachable');
    expect(expired.summary).toMatch(/id-token in the kubeconfig has expired and there is no refresh-token/);
    // The valid context is unaffected.
    expect(statusOf(checked.body, 'oidc').state).toBe('ok');
  });
});
