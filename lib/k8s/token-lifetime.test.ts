import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPIRATION_SECONDS,
  EXTENDED_EXPIRATION_SECONDS,
  EXTENDED_REQUEST_SECONDS,
  KUBELET_MAX_TTL_SECONDS,
  kubeletRefreshAfterSeconds,
  LEEWAY_SECONDS,
  MAX_EXPIRATION_SECONDS,
  MIN_EXPIRATION_SECONDS,
  validateExpirationSeconds,
} from './token-lifetime';

/**
 * requiresRefresh of pkg/kubelet/token/token_manager.go (v1.36.3) without jitter, transcribed with
 * bigint so that `(*tr.Spec.ExpirationSeconds*20)/100` is Go's int64 division: the first second `now`
 * (counted from iat) for which it answers true is the refresh point plus one (it uses `now.After`).
 */
function upstreamRequiresRefresh(nowSeconds: bigint, expirationSeconds: bigint): boolean {
  const iat = 0n;
  const exp = iat + expirationSeconds;
  const maxTTL = 24n * 60n * 60n;
  if (nowSeconds > iat + maxTTL) return true;
  return nowSeconds > exp - (expirationSeconds * 20n) / 100n;
}

describe('token lifetime facts', () => {
  it('match upstream', () => {
    expect([LEEWAY_SECONDS, MIN_EXPIRATION_SECONDS, MAX_EXPIRATION_SECONDS]).toEqual([60, 600, 4294967296]);
    expect(KUBELET_MAX_TTL_SECONDS).toBe(86400);
    expect([EXTENDED_REQUEST_SECONDS, EXTENDED_EXPIRATION_SECONDS, DEFAULT_EXPIRATION_SECONDS]).toEqual([
      3607, 31536000, 3600,
    ]);
  });
});

describe('kubeletRefreshAfterSeconds', () => {
  it.each([
    [600, 480],
    // The default projected volume: 20 % of 3607 is 721.4, truncated to 721, so 2886 (not floor(0.8 × 3607) = 2885).
    [3607, 2886],
    [3600, 2880],
    [86400, 69120],
    [7 * 86400, 86400],
  ])('%d s → %d s', (ttl, refresh) => {
    expect(kubeletRefreshAfterSeconds(ttl)).toBe(refresh);
  });

  it('is the last second at which requiresRefresh still answers false', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_EXPIRATION_SECONDS, max: 400 * 86400 }), (ttl) => {
        const at = kubeletRefreshAfterSeconds(ttl);
        expect(upstreamRequiresRefresh(BigInt(at), BigInt(ttl))).toBe(false);
        expect(upstreamRequiresRefresh(BigInt(at + 1), BigInt(ttl))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateExpirationSeconds', () => {
  it.each([
    [599, 'may not specify a duration less than 10 minutes'],
    [600, null],
    [2 ** 32, null],
    [2 ** 32 + 1, 'may not specify a duration larger than 2^32 seconds'],
    [1.5, 'must be a whole number of seconds'],
    [Number.NaN, 'must be a whole number of seconds'],
  ])('%d → %s', (n, message) => {
    expect(validateExpirationSeconds(n)).toBe(message);
  });
});
