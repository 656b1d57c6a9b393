import type { TokenClaims } from '@/lib/k8s/claims';
import type { VerifierCheck } from '@/lib/contracts/verifier';

// The checks an outside verifier makes on a ServiceAccount token, as pure functions of what it
// fetched and the clock: issuer, audience, exp, nbf, iat (RFC 7519 §4.1, OpenID Connect Core §3.1.3.7
// as Kubernetes service account issuer discovery promises it), and the signature outcome that the
// server's JOSE library reported. Each reason is a sentence a user can act on.

const code = (s: string) => `\`${s}\``;
const list = (xs: string[]) => (xs.length ? xs.map(code).join(', ') : 'none');

/** "3 min", "2 h 5 min", "45 s": a duration in plain words. */
export function spoken(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

export function audiencesOf(claims: TokenClaims): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

export function checkIssuer(claims: TokenClaims, trusted: string | undefined): VerifierCheck {
  const title = 'Issuer (iss)';
  if (!trusted)
    return {
      id: 'iss',
      title,
      ok: false,
      reason: 'No trusted issuer: the discovery document could not be read.',
    };
  if (typeof claims.iss !== 'string')
    return { id: 'iss', title, ok: false, reason: 'The token has no iss claim.' };
  if (claims.iss !== trusted) {
    return {
      id: 'iss',
      title,
      ok: false,
      reason: `Issuer ${code(claims.iss)} in token; the verifier trusts ${code(trusted)}.`,
    };
  }
  return { id: 'iss', title, ok: true, reason: `Issuer ${code(claims.iss)} is the one the verifier trusts.` };
}

export function checkAudience(claims: TokenClaims, expected: string[]): VerifierCheck {
  const title = 'Audience (aud)';
  const have = audiencesOf(claims);
  if (expected.length === 0) {
    return {
      id: 'aud',
      title,
      ok: false,
      reason: `No expected audience: type the one your verifier is configured with. Token audiences: ${list(have)}.`,
    };
  }
  const match = expected.find((a) => have.includes(a));
  if (match)
    return {
      id: 'aud',
      title,
      ok: true,
      reason: `Audience ${code(match)} is in the token (token audiences: ${list(have)}).`,
    };
  const want =
    expected.length === 1 ? `audience ${code(expected[0] ?? '')}` : `none of the audiences ${list(expected)}`;
  return {
    id: 'aud',
    title,
    ok: false,
    reason: `${want[0]?.toUpperCase()}${want.slice(1)} ${expected.length === 1 ? 'not' : 'is'} in token; token audiences: ${list(have)}.`,
  };
}

/** `now` in seconds since the epoch; `leeway` in seconds of clock skew the verifier tolerates. */
export function checkExpiry(claims: TokenClaims, now: number, leeway = 0): VerifierCheck {
  const title = 'Expiry (exp)';
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return {
      id: 'exp',
      title,
      ok: false,
      reason: 'The token has no exp claim: it never expires, and outside verifiers require one.',
    };
  }
  if (now >= exp + leeway) {
    return { id: 'exp', title, ok: false, reason: `Expired ${spoken(now - exp)} ago (exp ${iso(exp)}).` };
  }
  return { id: 'exp', title, ok: true, reason: `Valid for another ${spoken(exp - now)} (exp ${iso(exp)}).` };
}

export function checkNotBefore(claims: TokenClaims, now: number, leeway = 0): VerifierCheck {
  const title = 'Not before (nbf)';
  const nbf = claims.nbf;
  if (nbf === undefined) return { id: 'nbf', title, ok: true, reason: 'No nbf claim: nothing to wait for.' };
  if (typeof nbf !== 'number' || !Number.isFinite(nbf))
    return { id: 'nbf', title, ok: false, reason: 'The nbf claim is not a number.' };
  if (now + leeway < nbf) {
    return {
      id: 'nbf',
      title,
      ok: false,
      reason: `Not valid yet: usable in ${spoken(nbf - now)} (nbf ${iso(nbf)}).`,
    };
  }
  return { id: 'nbf', title, ok: true, reason: `Valid since ${iso(nbf)}.` };
}

export function checkIssuedAt(claims: TokenClaims, now: number, leeway = 0): VerifierCheck {
  const title = 'Issued at (iat)';
  const iat = claims.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return {
      id: 'iat',
      title,
      ok: false,
      reason: 'The token has no iat claim; OpenID Connect verifiers require it.',
    };
  }
  if (iat > now + leeway) {
    return {
      id: 'iat',
      title,
      ok: false,
      reason: `Issued in the future: iat ${iso(iat)} is ${spoken(iat - now)} ahead of the verifier’s clock.`,
    };
  }
  return {
    id: 'iat',
    title,
    ok: true,
    reason: `Issued ${spoken(now - iat)} before the verifier’s clock (iat ${iso(iat)}).`,
  };
}

/** What the JOSE verification of the signature found. */
export type SignatureOutcome =
  | { state: 'verified'; kid?: string; alg: string }
  | { state: 'no-keys'; why: string }
  | { state: 'kid-missing'; kid?: string; jwksKids: string[] }
  | { state: 'alg-refused'; alg: string; supported: string[] }
  | { state: 'bad-signature'; kid?: string; alg: string; why: string };

export function checkSignature(s: SignatureOutcome): VerifierCheck {
  const title = 'Signature';
  const kid = (k: string | undefined) => (k ? `kid=${k}` : 'without a kid');
  switch (s.state) {
    case 'verified':
      return {
        id: 'signature',
        title,
        ok: true,
        reason: `Verified with the issuer’s key ${kid(s.kid)} (${s.alg}).`,
      };
    case 'no-keys':
      return { id: 'signature', title, ok: false, reason: `Not checked: ${s.why}` };
    case 'kid-missing':
      return {
        id: 'signature',
        title,
        ok: false,
        reason: `Signed by key ${kid(s.kid)} not in the issuer’s JWKS (it has ${s.jwksKids.length ? s.jwksKids.map((k) => `kid=${k}`).join(', ') : 'no keys'}).`,
      };
    case 'alg-refused':
      return {
        id: 'signature',
        title,
        ok: false,
        reason: `Signed with ${s.alg}; the issuer announces only ${s.supported.join(', ') || 'no algorithms'}.`,
      };
    case 'bad-signature':
      return {
        id: 'signature',
        title,
        ok: false,
        reason: `The signature does not verify with the issuer’s key ${kid(s.kid)} (${s.alg}): ${s.why}`,
      };
  }
}

/** The claim checks at `now` (seconds), in the order a verifier reports them. */
export function checkClaims(
  claims: TokenClaims,
  o: { issuer: string | undefined; audiences: string[]; now: number; leeway?: number },
): VerifierCheck[] {
  return [
    checkIssuer(claims, o.issuer),
    checkAudience(claims, o.audiences),
    checkExpiry(claims, o.now, o.leeway),
    checkNotBefore(claims, o.now, o.leeway),
    checkIssuedAt(claims, o.now, o.leeway),
  ];
}
