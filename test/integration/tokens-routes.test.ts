// The token routes against the real API server: every mint option, the API server's own refusals
// surfaced, try-it as two identities, expiry via a backdated token, revocation, and custody.
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import * as tokens from '@/app/api/tokens/route';
import * as forget from '@/app/api/tokens/[id]/route';
import * as importRoute from '@/app/api/tokens/import/route';
import * as probe from '@/app/api/tokens/[id]/probe/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import * as reveal from '@/app/api/tokens/[id]/reveal/route';
import * as review from '@/app/api/tokens/[id]/review/route';
import * as whoami from '@/app/api/tokens/[id]/whoami/route';
import type { Problem } from '@/lib/contracts/errors';
import type { MintedToken, ReviewResult, TokenList, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import { dashboardClients } from '@/lib/kube/clients';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';
import { signServiceAccountToken } from '../support/signer';

const ns = 'default';
const viewer = 'service-account-pod-viewer';
const requester = 'service-account-token-requester';
const listPods = { verb: 'list', group: '', resource: 'pods', namespace: ns };
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/;

const client = new RouteClient();
/** Every client whose responses the custody audit reads after each test. */
const audited = [client];
function auditedClient(): RouteClient {
  const c = new RouteClient();
  audited.push(c);
  return c;
}
type MintReply = MintedToken & { code?: string; detail?: string };
const mint = (body: Record<string, unknown>) => client.call<MintReply>(tokens.POST, { method: 'POST', body });
const tryIt = (id: string, body: Record<string, unknown> = listPods) =>
  client.call<TryResult>(requests.POST, { method: 'POST', params: { id }, body });
const revealed: string[] = [];

/** Bodies holding a JWT that no explicit reveal returned. */
const leaks = (bodies: string[]) => bodies.filter((b) => JWT.test(b) && !revealed.some((t) => b.includes(t)));

// Custody, test by test (so it holds for any test run alone): no response body carried a JWT
// except the explicit reveals.
afterEach(() => {
  for (const c of audited) expect(leaks(c.bodies.splice(0))).toEqual([]);
});

async function backdated(expOffsetSeconds: number): Promise<string> {
  const c = inject('cluster');
  const sa = await dashboardClients().core.readNamespacedServiceAccount({ name: viewer, namespace: ns });
  const now = Math.floor(Date.now() / 1000);
  return signServiceAccountToken({
    signingKeyFile: c.signingKey, issuer: c.issuer, audience: [c.issuer], namespace: ns, serviceAccount: viewer,
    serviceAccountUid: sa.metadata?.uid ?? '', iat: now + expOffsetSeconds - 600, exp: now + expOffsetSeconds,
  });
}

beforeAll(async () => {
  for (const name of ['token-request', 'projected-volume']) await applyScenario(dashboardClients(), await loadScenario(name));
});

describe('POST /api/tokens', () => {
  it('mints with expirationSeconds and reports requested vs granted', async () => {
    const r = await mint({ namespace: ns, serviceAccount: viewer, expirationSeconds: 600 });
    expect(r.status).toBe(201);
    expect(r.body.requestedExpirationSeconds).toBe(600);
    expect(r.body.grantedExpirationSeconds).toBe(600);
    expect(r.body.claims.sub).toBe(`system:serviceaccount:${ns}:${viewer}`);
    expect(r.body.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.status).toBe('valid');
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses 599 seconds before the API server, in the API server’s words', async () => {
    const r = await mint({ namespace: ns, serviceAccount: viewer, expirationSeconds: 599 });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
    expect(r.body.detail).toContain('body.expirationSeconds: may not specify a duration less than 10 minutes');
    // 600 is the floor itself and goes through.
    expect((await mint({ namespace: ns, serviceAccount: viewer, expirationSeconds: 600 })).status).toBe(201);
  });

  it('surfaces the clamp warning', async () => {
    const max = inject('cluster').maxTokenExpirationSeconds;
    const r = await mint({ namespace: ns, serviceAccount: viewer, expirationSeconds: max + 100 });
    expect(r.status).toBe(201);
    expect(r.body.grantedExpirationSeconds).toBe(max);
    expect(r.body.warnings[0]).toContain(`shortened to ${max} seconds`);
  });

  it('mints for a custom audience, which the API server then refuses (401)', async () => {
    const r = await mint({ namespace: ns, serviceAccount: viewer, audiences: ['https://vault.example'] });
    expect(r.body.audiences).toEqual(['https://vault.example']);
    expect((await tryIt(r.body.id)).body.status).toBe(401);
  });

  it('binds to a Pod running as the ServiceAccount, and refuses a pod of another one', async () => {
    const pod = await dashboardClients().core.readNamespacedPod({ name: 'nginx', namespace: ns });
    const ok = await mint({
      namespace: ns, serviceAccount: 'service-account-blog', boundObjectRef: { kind: 'Pod', name: 'nginx', uid: pod.metadata?.uid },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.boundObject).toEqual({ kind: 'Pod', name: 'nginx', uid: pod.metadata?.uid });
    const wrong = await mint({ namespace: ns, serviceAccount: viewer, boundObjectRef: { kind: 'Pod', name: 'nginx' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('different serviceaccount');
  });

  it('lets the requester mint for the viewer (actAs), and the viewer lists pods while the requester gets 403', async () => {
    const req = await mint({ namespace: ns, serviceAccount: requester, expirationSeconds: 600 });
    const viewerToken = await mint({ namespace: ns, serviceAccount: viewer, expirationSeconds: 600, actAs: req.body.id });
    expect(viewerToken.status).toBe(201);
    expect(viewerToken.body.mintedBy).toEqual({ kind: 'token', tokenId: req.body.id, subject: `system:serviceaccount:${ns}:${requester}` });

    const allowed = await tryIt(viewerToken.body.id);
    expect(allowed.status).toBe(200);
    expect(allowed.body.status).toBe(200);
    expect(allowed.body.items).toContain('nginx');
    expect(allowed.body.kubectl).toContain('get pods -n default');
    expect(allowed.body.curl).toContain('/api/v1/namespaces/default/pods');

    const denied = await tryIt(req.body.id);
    expect(denied.status).toBe(200);
    expect(denied.body.status).toBe(403);
    expect(denied.body.reason).toBe('Forbidden');
    expect(denied.body.message).toContain(`system:serviceaccount:${ns}:${requester}`);
  });

  it('refuses the viewer minting as itself for anyone (403 from the API server)', async () => {
    const v = await mint({ namespace: ns, serviceAccount: viewer });
    const r = await mint({ namespace: ns, serviceAccount: requester, actAs: v.body.id });
    expect(r.status).toBe(403);
    expect(r.body.detail).toContain('cannot create resource "serviceaccounts/token"');
  });

  it('fails closed when acting as an unknown token', async () => {
    const r = await mint({ namespace: ns, serviceAccount: viewer, actAs: 'tok_AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found:token');
  });

  it('rejects malformed input before calling the cluster', async () => {
    for (const body of [
      { namespace: 'Not_Valid', serviceAccount: viewer },
      { namespace: ns, serviceAccount: viewer, expirationSeconds: 2 ** 33 },
      { namespace: ns, serviceAccount: viewer, boundObjectRef: { kind: 'Deployment', name: 'x' } },
      { namespace: ns },
    ]) {
      const r = await mint(body);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid:request');
    }
  });
});

describe('using held tokens', () => {
  it('whoami and TokenReview name the ServiceAccount and its groups', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    const who = await client.call<WhoamiResult>(whoami.POST, { method: 'POST', params: { id: t.body.id } });
    expect(who.body.status).toBe(201);
    expect(who.body.user?.username).toBe(`system:serviceaccount:${ns}:${viewer}`);
    expect(who.body.user?.groups).toEqual(expect.arrayContaining(['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated']));
    const rev = await client.call<ReviewResult>(review.POST, { method: 'POST', params: { id: t.body.id } });
    expect(rev.body.authenticated).toBe(true);
    expect(rev.body.user?.extra?.['authentication.kubernetes.io/credential-id']).toEqual([`JTI=${t.body.jti}`]);
  });

  it('gets 401 with a token past exp + leeway (signed with the cluster key), and the probe records it', async () => {
    const imported = await client.call<MintedToken>(importRoute.POST, { method: 'POST', body: { token: await backdated(-70) } });
    expect(imported.status).toBe(201);
    expect(imported.body.status).toBe('rejected');
    const r = await tryIt(imported.body.id);
    expect(r.body.status).toBe(401);
    const p = await client.call<MintedToken>(probe.POST, { method: 'POST', params: { id: imported.body.id } });
    expect(p.body.lastProbe?.status).toBe(401);
  });

  it('still accepts a token inside the 60 s leeway after exp', async () => {
    const imported = await client.call<MintedToken>(importRoute.POST, { method: 'POST', body: { token: await backdated(-20) } });
    expect(imported.body.status).toBe('expired');
    expect((await tryIt(imported.body.id)).body.status).toBe(200);
  });

  it('marks a Secret-bound token revoked within 15 s of the Secret’s deletion', async () => {
    const admin = dashboardClients();
    const secret = await admin.core.createNamespacedSecret({ namespace: ns, body: { metadata: { generateName: 'bound-' } } });
    const t = await mint({
      namespace: ns, serviceAccount: viewer, boundObjectRef: { kind: 'Secret', name: secret.metadata?.name ?? '', uid: secret.metadata?.uid },
    });
    expect(t.body.boundObject?.kind).toBe('Secret');
    await admin.core.deleteNamespacedSecret({ name: secret.metadata?.name ?? '', namespace: ns });
    const deleted = Date.now();
    let status = '';
    while (Date.now() - deleted < 15_000 && status !== 'revoked') {
      status = (await client.call<MintedToken>(probe.POST, { method: 'POST', params: { id: t.body.id } })).body.status;
      if (status !== 'revoked') await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('revoked');
  });
});

describe('imported tokens with times no clock can show', () => {
  // Import does not verify signatures, so any claims may arrive; JSON numbers go far past Date's range.
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (claims: Record<string, unknown>, sig = 'c2ln') =>
    `${b64({ alg: 'ES256', kid: 'k' })}.${b64({ sub: `system:serviceaccount:${ns}:${viewer}`, ...claims })}.${sig}`;
  const now = Math.floor(Date.now() / 1000);
  // A fresh session per test: the listing checks below see only what their own test imported.
  let c: RouteClient;
  beforeEach(() => {
    c = auditedClient();
  });
  const importIt = (token: string) => c.call<MintReply>(importRoute.POST, { method: 'POST', body: { token } });

  it.each([
    ['exp', { iat: now, exp: 1e20 }],
    ['exp', { iat: now, exp: 8.64e12 + 1 }],
    ['exp', { iat: now, exp: -1 }],
    ['iat', { iat: -1e16, exp: now + 600 }],
    ['nbf', { iat: now, nbf: 9e15, exp: now + 600 }],
    ['kubernetes.io.warnafter', { iat: now, exp: now + 600, 'kubernetes.io': { namespace: ns, warnafter: 1e17 } }],
  ])('refuses an out-of-range %s with 400 and says which claim', async (claim, claims) => {
    const r = await importIt(jwt(claims));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
    expect(r.body.detail).toContain(`"${claim}" claim`);
    expect(r.body.detail).toContain('seconds since 1970');
  });

  it('keeps the listing whole: the latest showable time is held and listed, refused ones leave nothing', async () => {
    expect((await importIt(jwt({ iat: now, exp: 1e20 }))).status).toBe(400);
    const ok = await importIt(jwt({ iat: now, exp: 253_402_300_799 }));
    expect(ok.status).toBe(201);
    expect(ok.body.jwtExpiresAt).toBe('9999-12-31T23:59:59.000Z');
    const list = await c.call<TokenList>(tokens.GET);
    expect(list.status).toBe(200);
    expect(list.body.tokens.map((t) => t.id)).toEqual([ok.body.id]);
  });

  it('refuses a token whose signature part holds characters no Authorization header can carry', async () => {
    // jose decodes only header and payload; such a token used to be held, and "try it" then failed.
    const r = await importIt(jwt({ iat: now, exp: now + 600 }, 'c2ln€'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
    expect((await c.call<TokenList>(tokens.GET)).body.tokens).toEqual([]);
  });
});

describe('custody', () => {
  it('returns the raw token only from reveal, with no-store', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    const r = await client.call<{ token: string }>(reveal.POST, { method: 'POST', params: { id: t.body.id } });
    expect(r.body.token).toMatch(JWT);
    expect(r.headers.get('cache-control')).toBe('no-store');
    revealed.push(r.body.token);
  });

  it('refuses reveal in presenter-safe mode', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    process.env.TOKENSCOPE_PRESENTER_SAFE = '1';
    try {
      const r = await client.call<Problem>(reveal.POST, { method: 'POST', params: { id: t.body.id } });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden:presenter-safe');
    } finally {
      delete process.env.TOKENSCOPE_PRESENTER_SAFE;
    }
  });

  it('refuses reveal when the browser is in presenter mode', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    const r = await client.call<Problem>(reveal.POST, {
      method: 'POST',
      params: { id: t.body.id },
      headers: { cookie: `${client.cookie}; tokenscope-presenter=1` },
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden:presenter-safe');
  });

  it('drops a token’s secret past exp + leeway, keeping only metadata', async () => {
    const imported = await client.call<MintedToken>(importRoute.POST, { method: 'POST', body: { token: await backdated(-100) } });
    const list = await client.call<TokenList>(tokens.GET);
    const entry = list.body.tokens.find((t) => t.id === imported.body.id);
    expect(entry?.held).toBe(false);
    const r = await client.call<Problem>(reveal.POST, { method: 'POST', params: { id: imported.body.id } });
    expect(r.status).toBe(404);
    expect((await tryIt(imported.body.id)).status).toBe(404);
  });

  it('forgets a token on request', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    const del = await client.call(forget.DELETE, { method: 'DELETE', params: { id: t.body.id } });
    expect(del.status).toBe(204);
    const list = await client.call<TokenList>(tokens.GET);
    expect(list.body.tokens.find((x) => x.id === t.body.id)?.status).toBe('forgotten');
    expect((await tryIt(t.body.id)).status).toBe(404);
  });

  it('keeps tokens apart between sessions', async () => {
    const t = await mint({ namespace: ns, serviceAccount: viewer });
    const other = new RouteClient();
    const r = await other.call<Problem>(requests.POST, { method: 'POST', params: { id: t.body.id }, body: listPods });
    expect(r.status).toBe(404);
    expect((await other.call<TokenList>(tokens.GET)).body.tokens).toEqual([]);
  });

  it('puts a JWT in no response body but the explicit reveal, whatever the route', async () => {
    const own = new RouteClient();
    const t = await own.call<MintedToken>(tokens.POST, { method: 'POST', body: { namespace: ns, serviceAccount: viewer } });
    const id = { id: t.body.id };
    await own.call(tokens.GET);
    await own.call(whoami.POST, { method: 'POST', params: id });
    await own.call(review.POST, { method: 'POST', params: id });
    await own.call(probe.POST, { method: 'POST', params: id });
    await own.call(requests.POST, { method: 'POST', params: id, body: listPods });
    await own.call(importRoute.POST, { method: 'POST', body: { token: await backdated(-20) } });
    const shown = await own.call<{ token: string }>(reveal.POST, { method: 'POST', params: id });
    // The audit can see a JWT: the one reveal returned is one, and it is the only one in any body.
    expect(shown.body.token).toMatch(JWT);
    expect(own.bodies).toHaveLength(8);
    expect(own.bodies.filter((b) => JWT.test(b))).toEqual([own.bodies.at(-1)]);
  });
});
