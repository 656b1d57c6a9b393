// Shared mode: every browser signs in with its own token and Tokenscope acts as that user — never
// as its own identity. Sign-out drops the session and the tokens it held.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as identity from '@/app/api/identity/route';
import * as serviceaccounts from '@/app/api/serviceaccounts/route';
import * as session from '@/app/api/session/route';
import * as tokens from '@/app/api/tokens/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import type { ClusterIdentity } from '@/lib/contracts/identity';
import type { MintedToken, TokenList, TryResult } from '@/lib/contracts/tokens';
import { dashboardClients } from '@/lib/kube/clients';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

const ns = 'default';
let viewerToken = '';
let requesterToken = '';

beforeAll(async () => {
  const admin = dashboardClients();
  await applyScenario(admin, await loadScenario('token-request'));
  viewerToken = (await requestToken(admin, { namespace: ns, serviceAccount: 'service-account-pod-viewer', expirationSeconds: 3600 })).token;
  requesterToken = (await requestToken(admin, { namespace: ns, serviceAccount: 'service-account-token-requester', expirationSeconds: 3600 })).token;
  process.env.TOKENSCOPE_MODE = 'shared';
});

afterAll(() => {
  delete process.env.TOKENSCOPE_MODE;
});

describe('shared mode', () => {
  it('refuses everything but sign-in until you sign in', async () => {
    const c = new RouteClient();
    expect((await c.call(identity.GET)).status).toBe(401);
    expect((await c.call(tokens.GET)).status).toBe(401);
    expect(((await c.call<{ mode: string; user: null }>(session.GET)).body)).toEqual({ mode: 'shared', user: null });
  });

  it('refuses a token the API server does not accept, and sets no cookie', async () => {
    const c = new RouteClient();
    const r = await c.call<{ code: string }>(session.POST, { method: 'POST', body: { token: `${viewerToken.slice(0, -4)}AAAA` } });
    expect(r.status).toBe(401);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('acts as the signed-in user: the viewer sees who it is, and the API server refuses what it may not do', async () => {
    const c = new RouteClient();
    const signed = await c.call<{ user: { username: string } }>(session.POST, { method: 'POST', body: { token: viewerToken } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(signed.body.user.username).toBe(`system:serviceaccount:${ns}:service-account-pod-viewer`);
    const who = await c.call<ClusterIdentity>(identity.GET);
    expect(who.body.user.username).toBe(`system:serviceaccount:${ns}:service-account-pod-viewer`);
    // The dashboard identity (system:masters) could list ServiceAccounts; the viewer cannot.
    const sas = await c.call<{ code: string; detail: string }>(serviceaccounts.GET, { path: '/api/serviceaccounts?namespace=default' });
    expect(sas.status).toBe(403);
    expect(sas.body.detail).toContain('service-account-pod-viewer');
    const mint = await c.call<{ detail: string }>(tokens.POST, { method: 'POST', body: { namespace: ns, serviceAccount: 'service-account-pod-viewer' } });
    expect(mint.status).toBe(403);
  });

  it('lets the requester mint for the viewer as itself, and sign-out drops the session and its tokens', async () => {
    const c = new RouteClient();
    await c.call(session.POST, { method: 'POST', body: { token: requesterToken } });
    const minted = await c.call<MintedToken>(tokens.POST, { method: 'POST', body: { namespace: ns, serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 } });
    expect(minted.status).toBe(201);
    expect(minted.body.mintedBy).toEqual({ kind: 'user', subject: `system:serviceaccount:${ns}:service-account-token-requester` });
    const tried = await c.call<TryResult>(requests.POST, {
      method: 'POST',
      params: { id: minted.body.id },
      body: { verb: 'list', group: '', resource: 'pods', namespace: ns },
    });
    expect(tried.body.status).toBe(200);
    expect((await c.call<TokenList>(tokens.GET)).body.tokens).toHaveLength(1);

    const out = await c.call(session.DELETE, { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await c.call(tokens.GET)).status).toBe(401);
  });

  it('refuses a token with characters no Authorization header can carry, with 400 and no cookie', async () => {
    const c = new RouteClient();
    // undici throws on a non-Latin-1 header value; before the check this was a 500.
    const broken = [`${viewerToken.slice(0, 40)}€${viewerToken.slice(41)}`, `${viewerToken.slice(0, 40)} ${viewerToken.slice(41)}`];
    for (const token of broken) {
      const r = await c.call<{ code: string; detail: string }>(session.POST, { method: 'POST', body: { token } });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid:request');
      expect(r.body.detail).toContain('a bearer token is letters, digits and punctuation only');
      expect(r.text).not.toContain(viewerToken.slice(0, 40));
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    // Surrounding whitespace is still trimmed, as before.
    expect((await c.call(session.POST, { method: 'POST', body: { token: ` ${viewerToken}\n` } })).status).toBe(200);
  });

  it('never shows a signed-in user the dashboard’s kubeconfig path; local mode still does', async () => {
    const kubeconfig = inject('cluster').kubeconfig;
    const c = new RouteClient();
    await c.call(session.POST, { method: 'POST', body: { token: viewerToken } });
    const who = await c.call<ClusterIdentity>(identity.GET);
    expect(who.status).toBe(200);
    expect(who.body.sourcePath).toBeUndefined();
    expect(who.text).not.toContain(kubeconfig);
    expect(who.body.source).toBe('kubeconfig-env');

    delete process.env.TOKENSCOPE_MODE;
    try {
      const local = await new RouteClient().call<ClusterIdentity>(identity.GET);
      expect(local.status).toBe(200);
      expect(local.body.sourcePath).toBe(kubeconfig);
    } finally {
      process.env.TOKENSCOPE_MODE = 'shared';
    }
  });
});
