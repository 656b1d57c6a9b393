// The external verifier view against the real local control plane: discovery and JWKS fetched from
// the API server as an outside verifier does (jwks_uri names the API server: cluster/apiserver.go),
// the signature verified with jose, and each claim check failing alone for its own cause.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import * as tokens from '@/app/api/tokens/route';
import * as importRoute from '@/app/api/tokens/import/route';
import * as verify from '@/app/api/tokens/[id]/verify/route';
import type { MintedToken } from '@/lib/contracts/tokens';
import type { VerifyResult } from '@/lib/contracts/verifier';
import { dashboardClients } from '@/lib/kube/clients';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';
import { keyId, signServiceAccountToken } from '../support/signer';

const ns = 'default';
const viewer = 'service-account-pod-viewer';
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/;
const client = new RouteClient();

type Reply<T> = T & { code?: string; detail?: string };
const mint = async (audiences?: string[]) => {
  const r = await client.call<Reply<MintedToken>>(tokens.POST, {
    method: 'POST',
    body: {
      namespace: ns,
      serviceAccount: viewer,
      expirationSeconds: 600,
      ...(audiences ? { audiences } : {}),
    },
  });
  expect(r.status).toBe(201);
  return r.body;
};
const hold = async (token: string) => {
  const r = await client.call<Reply<MintedToken>>(importRoute.POST, { method: 'POST', body: { token } });
  expect(r.status, r.text).toBe(201);
  return r.body;
};
const check = (id: string, body: Record<string, unknown>) =>
  client.call<Reply<VerifyResult>>(verify.POST, { method: 'POST', params: { id }, body });
const failing = (r: VerifyResult) => r.checks.filter((c) => !c.ok).map((c) => c.id);
const reason = (r: VerifyResult, id: string) => r.checks.find((c) => c.id === id)?.reason;
const cluster = { kind: 'cluster' };

// Custody: no verify (or mint, import) response carried a JWT; the browser sends ids only.
afterEach(() => {
  expect(client.bodies.splice(0).filter((b) => JWT.test(b))).toEqual([]);
});

beforeAll(async () => {
  await applyScenario(dashboardClients(), await loadScenario('token-request'));
});

describe('POST /api/tokens/{id}/verify, issuer discovery from the API server', () => {
  it('reads discovery and the JWKS at the URLs the issuer names, and passes a fresh default-audience token', async () => {
    const { issuer, server } = inject('cluster');
    const t = await mint();
    const r = await check(t.id, { profile: 'kubernetes', source: cluster });
    expect(r.status, r.text).toBe(200);
    expect(r.body.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.body.passed).toBe(true);
    expect(r.body.checks.map((c) => c.id)).toEqual([
      'discovery',
      'jwks',
      'signature',
      'iss',
      'aud',
      'exp',
      'nbf',
      'iat',
    ]);
    expect(r.body.issuer).toBe(issuer);
    expect(r.body.profile.audiences).toEqual([issuer]);
    expect(r.body.discovery?.url).toBe(new URL('/.well-known/openid-configuration', server).href);
    expect(r.body.discovery?.via).toBe('api-server');
    // --service-account-jwks-uri names the API server itself, so nothing had to be mapped.
    expect(r.body.jwks?.url).toBe(new URL('/openid/v1/jwks', server).href);
    expect(r.body.jwks?.named).toBeUndefined();
    expect(reason(r.body, 'discovery')).toContain(`jwks_uri \`${new URL('/openid/v1/jwks', server).href}\``);
    expect(r.body.keys.map((k) => k.kid)).toContain(keyId(inject('cluster').signingKey));
    expect(reason(r.body, 'signature')).toMatch(/^Verified with the issuer’s key kid=/);
  });

  it('a token for another audience fails exactly the audience check (Vault preset), in plain words', async () => {
    const { issuer } = inject('cluster');
    const t = await mint();
    const r = await check(t.id, { profile: 'vault', source: cluster });
    expect(r.status).toBe(200);
    expect(failing(r.body)).toEqual(['aud']);
    expect(reason(r.body, 'aud')).toBe(`Audience \`vault\` not in token; token audiences: \`${issuer}\`.`);
  });

  it('a token minted for the verifier passes it; the same token fails the API server profile on aud alone', async () => {
    const t = await mint(['sts.amazonaws.com']);
    const aws = await check(t.id, { profile: 'aws-irsa', source: cluster });
    expect(aws.body.passed).toBe(true);
    const custom = await check(t.id, { profile: 'custom', audience: 'sts.amazonaws.com', source: cluster });
    expect(custom.body.passed).toBe(true);
    const kube = await check(t.id, { profile: 'kubernetes', source: cluster });
    expect(failing(kube.body)).toEqual(['aud']);
  });

  it('a token signed by another key fails exactly the signature check', async () => {
    const c = inject('cluster');
    const real = await mint();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const foreignKid = `foreign-${(await exportJWK(publicKey)).x?.slice(0, 8)}`;
    const sign = (kid: string) =>
      new SignJWT({ ...real.claims }).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    // Same claims, a kid the issuer does not publish.
    const foreign = await hold(await sign(foreignKid));
    const a = await check(foreign.id, { profile: 'kubernetes', source: cluster });
    expect(failing(a.body)).toEqual(['signature']);
    expect(reason(a.body, 'signature')).toMatch(
      new RegExp(`^Signed by key kid=${foreignKid} not in the issuer’s JWKS \\(it has kid=`),
    );
    // Same claims, the issuer's own kid, another key: the kid is found and the signature does not verify.
    const forged = await hold(await sign(keyId(c.signingKey)));
    const b = await check(forged.id, { profile: 'kubernetes', source: cluster });
    expect(failing(b.body)).toEqual(['signature']);
    expect(reason(b.body, 'signature')).toContain('does not verify with the issuer’s key');
  });

  it('exp: a minted token verified at a simulated clock 3 min past exp fails exactly exp', async () => {
    const t = await mint();
    const exp = t.claims.exp ?? 0;
    const at = new Date((exp + 180) * 1000).toISOString();
    const r = await check(t.id, { profile: 'kubernetes', source: cluster, at });
    expect(failing(r.body)).toEqual(['exp']);
    expect(reason(r.body, 'exp')).toBe(
      `Expired 3 min ago (exp ${new Date(exp * 1000).toISOString().replace('.000Z', 'Z')}).`,
    );
    expect(r.body.at).toBe(at);
  });

  it('exp: a backdated token signed with the cluster’s own key fails exactly exp, now', async () => {
    const c = inject('cluster');
    const sa = await dashboardClients().core.readNamespacedServiceAccount({ name: viewer, namespace: ns });
    const now = Math.floor(Date.now() / 1000);
    const token = await signServiceAccountToken({
      signingKeyFile: c.signingKey,
      issuer: c.issuer,
      audience: [c.issuer],
      namespace: ns,
      serviceAccount: viewer,
      serviceAccountUid: sa.metadata?.uid ?? '',
      iat: now - 620,
      exp: now - 20,
    });
    const held = await hold(token);
    const r = await check(held.id, { profile: 'kubernetes', source: cluster });
    expect(failing(r.body)).toEqual(['exp']);
    expect(reason(r.body, 'exp')).toMatch(/^Expired 2\d s ago \(exp /);
  });

  it('upstream binds issuer discovery to ServiceAccounts only (what the 403 reason tells a person to grant)', async () => {
    const b = await dashboardClients().rbac.readClusterRoleBinding({
      name: 'system:service-account-issuer-discovery',
    });
    expect(b.roleRef.name).toBe('system:service-account-issuer-discovery');
    expect(b.subjects?.map((s) => `${s.kind}:${s.name}`)).toEqual(['Group:system:serviceaccounts']);
  });
});

describe('POST /api/tokens/{id}/verify, a public issuer URL', () => {
  it('the configured cluster named by its URL is read through the kube client, and says so', async () => {
    const { server } = inject('cluster');
    const t = await mint();
    const r = await check(t.id, { profile: 'kubernetes', source: { kind: 'url', issuer: server } });
    expect(r.body.passed).toBe(true);
    expect(r.body.discovery?.via).toBe('api-server');
    expect(r.body.discovery?.note).toContain('configured cluster');
  });

  it('refuses loopback and private addresses other than the cluster, before connecting', async () => {
    const t = await mint();
    for (const issuer of ['https://127.0.0.2:6443', 'https://169.254.169.254', 'https://localhost:9']) {
      const r = await check(t.id, { profile: 'kubernetes', source: { kind: 'url', issuer } });
      expect(r.status).toBe(200);
      expect(failing(r.body)).toEqual(expect.arrayContaining(['discovery', 'jwks', 'signature']));
      expect(reason(r.body, 'discovery')).toMatch(/public addresses/);
    }
  });

  it('validates the request: http issuers, custom without audience, unknown profiles are 400', async () => {
    const t = await mint();
    for (const body of [
      { profile: 'kubernetes', source: { kind: 'url', issuer: 'http://example.com' } },
      { profile: 'kubernetes', source: { kind: 'url', issuer: 'https://example.com/?q=1' } },
      { profile: 'custom', source: cluster },
      { profile: 'kubernetes', audience: 'x', source: cluster },
      { profile: 'nope', source: cluster },
      { profile: 'vault', source: cluster, at: 'yesterday' },
    ]) {
      const r = await check(t.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('invalid:request');
    }
    const unknown = await check('tok_AAAAAAAAAAAAAAAAAAAAAAAA', { profile: 'vault', source: cluster });
    expect(unknown.status).toBe(404);
  });
});
