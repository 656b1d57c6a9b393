import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { boundObjectOf, serviceAccountOf, type TokenClaims } from '@/lib/k8s/claims';
import { explainClaims } from './claim-meanings';
import { decodeToken, TokenDecodeError } from './claims';

const iat = 1_767_225_600; // 2026-01-01T00:00:00Z
let key: CryptoKey;

beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('ES256'));
});

/** Signs claims the way the API server lays them out (pkg/serviceaccount/jwt.go GenerateToken). */
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k8s-key-id' }).sign(key);

const boundClaims = {
  aud: ['https://kubernetes.default.svc.cluster.local'],
  exp: iat + 3607,
  iat,
  nbf: iat,
  iss: 'https://kubernetes.default.svc.cluster.local',
  jti: '4f3c2e1d-0000-4000-8000-000000000001',
  sub: 'system:serviceaccount:demo:reader',
  'kubernetes.io': {
    namespace: 'demo',
    node: { name: 'kind-control-plane', uid: 'node-uid' },
    pod: { name: 'reader-7d9f', uid: 'pod-uid' },
    serviceaccount: { name: 'reader', uid: 'sa-uid' },
    warnafter: iat + 3607,
  },
};

const legacyClaims = {
  iss: 'kubernetes/serviceaccount',
  'kubernetes.io/serviceaccount/namespace': 'demo',
  'kubernetes.io/serviceaccount/secret.name': 'reader-token',
  'kubernetes.io/serviceaccount/service-account.name': 'reader',
  'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid',
  sub: 'system:serviceaccount:demo:reader',
};

describe('decodeToken', () => {
  it('decodes a bound token with its header and keeps unknown claims', async () => {
    const decoded = decodeToken(await sign({ ...boundClaims, extra: { x: 1 } }));
    expect(decoded.kind).toBe('bound');
    expect(decoded.header).toEqual({ alg: 'ES256', kid: 'k8s-key-id' });
    expect(decoded.claims).toMatchObject(boundClaims);
    expect(decoded.claims.extra).toEqual({ x: 1 });
  });

  it('recognises a legacy Secret token, which has no exp', async () => {
    const decoded = decodeToken(await sign(legacyClaims));
    expect(decoded.kind).toBe('legacy');
    expect(decoded.claims.exp).toBeUndefined();
  });

  it("calls any other JWT 'other' and accepts a single-string aud", async () => {
    const decoded = decodeToken(await sign({ iss: 'https://idp.example', aud: 'api', sub: 'alice' }));
    expect(decoded.kind).toBe('other');
    expect(decoded.claims.aud).toBe('api');
  });

  it('ignores surrounding whitespace and a Bearer prefix', async () => {
    const jwt = await sign(boundClaims);
    expect(decodeToken(`  Bearer ${jwt}\n`).claims.sub).toBe(boundClaims.sub);
  });

  it.each([
    ['empty', ''],
    ['plain text', 'hello'],
    ['two segments', 'eyJhbGciOiJub25lIn0.e30'],
    ['bad base64', 'a.b.c'],
    ['JWE (five segments)', 'eyJhbGciOiJkaXIifQ.a.b.c.d'],
    // jose never decodes the signature; such a token would later break the Authorization header.
    ['a non-base64url signature', 'eyJhbGciOiJub25lIn0.e30.c2ln€'],
    ['a space inside', 'eyJhbGciOiJub25lIn0.e30.c2 ln'],
  ])('throws TokenDecodeError for %s', (_name, input) => {
    expect(() => decodeToken(input)).toThrow(TokenDecodeError);
  });

  it('reports wrongly typed claims without echoing the token', async () => {
    const jwt = await sign({ ...boundClaims, exp: 'soon' });
    const error = (() => {
      try {
        decodeToken(jwt);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TokenDecodeError);
    expect((error as TokenDecodeError).reason).toBe('claims');
    expect((error as TokenDecodeError).message).toContain('exp');
    expect((error as TokenDecodeError).message).not.toContain(jwt.split('.')[1]);
  });

  it('throws nothing but TokenDecodeError for arbitrary input', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/);
    const input = fc.oneof(
      fc.string(),
      fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.')),
    );
    fc.assert(
      fc.property(input, (s) => {
        try {
          decodeToken(s);
        } catch (e) {
          return e instanceof TokenDecodeError;
        }
        return true;
      }),
    );
  });
});

describe('explainClaims', () => {
  it('explains a bound token in teaching order with ISO times', () => {
    const rows = explainClaims(boundClaims);
    expect(rows.map((r) => r.key)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'nbf',
      'jti',
      'kubernetes.io.namespace',
      'kubernetes.io.serviceaccount',
      'kubernetes.io.pod',
      'kubernetes.io.node',
      'kubernetes.io.warnafter',
    ]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.iat?.value).toBe('2026-01-01T00:00:00.000Z');
    expect(byKey.exp?.value).toBe('2026-01-01T01:00:07.000Z');
    expect(byKey.aud?.meaning).toContain('--api-audiences');
    expect(byKey['kubernetes.io.pod']?.value).toBe('reader-7d9f (uid pod-uid)');
    expect(byKey['kubernetes.io.node']?.meaning).toContain('information only');
    expect(byKey.iss?.kind).toBe('standard');
    expect(byKey['kubernetes.io.pod']?.kind).toBe('kubernetes');
    for (const row of rows) expect(row.meaning).toMatch(/^[A-Z].*\.$/);
  });

  it('explains the legacy flat claims and a secret-bound token', () => {
    const legacy = explainClaims(legacyClaims).map((r) => r.key);
    expect(legacy).toEqual(['iss', 'sub', ...Object.keys(legacyClaims).filter((k) => k.includes('/'))]);
    const secretBound = explainClaims({ 'kubernetes.io': { secret: { name: 's' } } });
    expect(secretBound).toEqual([expect.objectContaining({ key: 'kubernetes.io.secret', value: 's' })]);
  });

  it('shows out-of-range times as raw numbers rather than throwing', () => {
    expect(explainClaims({ exp: 1e20 })[0]?.value).toBe('100000000000000000000');
  });
});

describe('boundObjectOf', () => {
  it.each<[string, TokenClaims, ReturnType<typeof boundObjectOf>]>([
    ['pod (node is informational)', boundClaims, { kind: 'Pod', name: 'reader-7d9f', uid: 'pod-uid' }],
    [
      'secret',
      { 'kubernetes.io': { secret: { name: 's', uid: 'u' } } },
      { kind: 'Secret', name: 's', uid: 'u' },
    ],
    ['node without uid', { 'kubernetes.io': { node: { name: 'n1' } } }, { kind: 'Node', name: 'n1' }],
    ['legacy secret', legacyClaims, { kind: 'Secret', name: 'reader-token' }],
    ['unbound TokenRequest', { 'kubernetes.io': { namespace: 'demo' } }, null],
    ['foreign JWT', { sub: 'alice' }, null],
  ])('%s', (_name, claims, expected) => {
    expect(boundObjectOf(claims)).toEqual(expected);
  });
});

describe('serviceAccountOf', () => {
  it.each<[string, TokenClaims, ReturnType<typeof serviceAccountOf>]>([
    ['bound', boundClaims, { namespace: 'demo', name: 'reader', uid: 'sa-uid' }],
    ['legacy', legacyClaims, { namespace: 'demo', name: 'reader', uid: 'sa-uid' }],
    [
      'sub only',
      { sub: 'system:serviceaccount:kube-system:default' },
      { namespace: 'kube-system', name: 'default' },
    ],
    ['malformed sub', { sub: 'system:serviceaccount:a:b:c' }, null],
    ['user sub', { sub: 'alice' }, null],
  ])('%s', (_name, claims, expected) => {
    expect(serviceAccountOf(claims)).toEqual(expected);
  });
});
