import { describe, expect, it } from 'vitest';
import {
  checkAudience,
  checkClaims,
  checkExpiry,
  checkIssuedAt,
  checkIssuer,
  checkNotBefore,
  checkSignature,
  spoken,
} from './verifier-checks';
import { expectedAudiences, hasPlaceholder, VERIFIER_PROFILES } from './verifier-profiles';
import { VERIFIER_PROFILE_IDS } from '@/lib/contracts/verifier';

const issuer = 'https://kubernetes.default.svc.cluster.local';
const iat = 1_800_000_000;
const claims = {
  iss: issuer,
  aud: [issuer],
  iat,
  nbf: iat,
  exp: iat + 600,
  sub: 'system:serviceaccount:default:x',
};

describe('spoken', () => {
  it('says durations in plain words', () => {
    expect(spoken(45)).toBe('45 s');
    expect(spoken(180)).toBe('3 min');
    expect(spoken(-180)).toBe('3 min');
    expect(spoken(2 * 3600 + 300)).toBe('2 h 5 min');
    expect(spoken(3 * 86400)).toBe('3 days');
  });
});

describe('checkAudience', () => {
  it('fails a verifier whose audience is not in the token, naming the token’s audiences', () => {
    const c = checkAudience(claims, ['vault']);
    expect(c.ok).toBe(false);
    expect(c.reason).toBe(`Audience \`vault\` not in token; token audiences: \`${issuer}\`.`);
  });
  it('passes when one expected audience is in the token, a single-string aud included', () => {
    expect(checkAudience({ ...claims, aud: ['a', 'vault'] }, ['vault']).ok).toBe(true);
    expect(checkAudience({ ...claims, aud: 'vault' }, ['vault']).ok).toBe(true);
  });
  it('compares exactly (no prefix or case folding)', () => {
    expect(checkAudience({ ...claims, aud: ['Vault'] }, ['vault']).ok).toBe(false);
    expect(checkAudience({ ...claims, aud: ['vault/'] }, ['vault']).ok).toBe(false);
  });
  it('fails with no expected audience, and says what to do', () => {
    const c = checkAudience(claims, []);
    expect(c.ok).toBe(false);
    expect(c.reason).toContain('type the one your verifier is configured with');
  });
  it('fails a token without aud', () => {
    expect(checkAudience({ iss: issuer }, ['vault']).reason).toContain('token audiences: none');
  });
});

describe('time checks with a simulated clock', () => {
  it('exp: passes before, fails at and after exp, saying how long ago', () => {
    expect(checkExpiry(claims, iat + 599).ok).toBe(true);
    expect(checkExpiry(claims, iat + 600).ok).toBe(false);
    const late = checkExpiry(claims, iat + 600 + 180);
    expect(late.ok).toBe(false);
    expect(late.reason).toBe(
      `Expired 3 min ago (exp ${new Date((iat + 600) * 1000).toISOString().replace('.000Z', 'Z')}).`,
    );
  });
  it('exp: a leeway keeps it valid a little longer; no exp fails', () => {
    expect(checkExpiry(claims, iat + 630, 60).ok).toBe(true);
    expect(checkExpiry({ iss: issuer }, iat).reason).toContain('never expires');
  });
  it('nbf: fails before, passes from nbf; absent passes', () => {
    const early = checkNotBefore(claims, iat - 120);
    expect(early.ok).toBe(false);
    expect(early.reason).toContain('usable in 2 min');
    expect(checkNotBefore(claims, iat).ok).toBe(true);
    expect(checkNotBefore({ iss: issuer }, iat).ok).toBe(true);
    expect(checkNotBefore({ nbf: 'soon' as unknown as number }, iat).ok).toBe(false);
  });
  it('iat: fails when issued in the future or absent', () => {
    expect(checkIssuedAt(claims, iat - 300).reason).toContain('5 min ahead');
    expect(checkIssuedAt(claims, iat - 300).ok).toBe(false);
    expect(checkIssuedAt(claims, iat + 10).ok).toBe(true);
    expect(checkIssuedAt({ iss: issuer }, iat).ok).toBe(false);
  });
});

describe('checkIssuer', () => {
  it('passes the trusted issuer and names both when they differ', () => {
    expect(checkIssuer(claims, issuer).ok).toBe(true);
    const c = checkIssuer(claims, 'https://oidc.example.com');
    expect(c.ok).toBe(false);
    expect(c.reason).toBe(`Issuer \`${issuer}\` in token; the verifier trusts \`https://oidc.example.com\`.`);
    expect(checkIssuer(claims, undefined).ok).toBe(false);
  });
});

describe('checkClaims', () => {
  it('a token for another audience fails exactly the audience check', () => {
    const checks = checkClaims(claims, { issuer, audiences: ['sts.amazonaws.com'], now: iat + 60 });
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['iss', true],
      ['aud', false],
      ['exp', true],
      ['nbf', true],
      ['iat', true],
    ]);
  });
});

describe('checkSignature', () => {
  it('names the kid missing from the JWKS and the kids it has', () => {
    const c = checkSignature({ state: 'kid-missing', kid: 'abc', jwksKids: ['k1', 'k2'] });
    expect(c.ok).toBe(false);
    expect(c.reason).toBe('Signed by key kid=abc not in the issuer’s JWKS (it has kid=k1, kid=k2).');
  });
  it('passes only a verified signature', () => {
    expect(checkSignature({ state: 'verified', kid: 'k1', alg: 'ES256' }).ok).toBe(true);
    expect(checkSignature({ state: 'bad-signature', kid: 'k1', alg: 'ES256', why: 'x' }).ok).toBe(false);
    expect(checkSignature({ state: 'alg-refused', alg: 'HS256', supported: ['RS256'] }).reason).toContain(
      'only RS256',
    );
    expect(checkSignature({ state: 'no-keys', why: 'the issuer’s keys could not be read.' }).ok).toBe(false);
  });
});

describe('verifier profiles', () => {
  it('has one profile per contract id, each citing https documentation', () => {
    expect(VERIFIER_PROFILES.map((p) => p.id)).toEqual([...VERIFIER_PROFILE_IDS]);
    for (const p of VERIFIER_PROFILES) {
      expect(p.docs.length).toBeGreaterThan(0);
      for (const d of p.docs) expect(new URL(d.url).protocol).toBe('https:');
    }
  });
  it('expects the documented audiences', () => {
    expect(expectedAudiences('aws-irsa', undefined, issuer)).toEqual(['sts.amazonaws.com']);
    expect(expectedAudiences('azure-wi', undefined, issuer)).toEqual(['api://AzureADTokenExchange']);
    expect(expectedAudiences('vault', undefined, issuer)).toEqual(['vault']);
    expect(expectedAudiences('vault', ' my-role-aud ', issuer)).toEqual(['my-role-aud']);
    expect(expectedAudiences('kubernetes', 'ignored', issuer)).toEqual([issuer]);
    expect(expectedAudiences('custom', undefined, issuer)).toEqual([]);
    expect(hasPlaceholder(expectedAudiences('gcp-wif', undefined, issuer)[0] ?? '')).toBe(true);
  });
});
