import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactValue } from './redact';

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{4,60}$/);
const jwt = fc
  .tuple(b64url, b64url, b64url)
  .map(([a, b, c]) => `eyJ${a}.${b}.${c}`);

describe('redact', () => {
  it('removes a real-shaped ServiceAccount token', () => {
    const token =
      'eyJhbGciOiJFUzI1NiIsImtpZCI6ImFiYyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDp4In0.c2lnbmF0dXJl';
    expect(redact(`failed with ${token} here`)).toBe('failed with [redacted-jwt] here');
  });

  it('removes opaque bearer tokens in headers', () => {
    expect(redact('Authorization: Bearer 0123456789abcdef')).toBe('Authorization: Bearer [redacted]');
  });

  it('never keeps any segment of a generated JWT, wherever it sits', () => {
    fc.assert(
      fc.property(fc.string(), jwt, fc.string(), (before, token, after) => {
        const out = redact(`${before} ${token} ${after}`);
        expect(out).not.toContain(token);
        expect(out).not.toMatch(/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), jwt, (s, token) => {
        const once = redact(s + token);
        expect(redact(once)).toBe(once);
      }),
    );
  });

  it('redacts nested values and token-named keys', () => {
    const out = redactValue({ a: ['x eyJabc.def.ghi y'], token: 'opaque', n: 1 });
    expect(out).toEqual({ a: ['x [redacted-jwt] y'], token: '[redacted]', n: 1 });
  });
});
