import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintedTokenSchema } from '@/lib/contracts/tokens';
import { MAX_NUMERIC_DATE } from '@/lib/k8s/claims';
import { TokenDecodeError } from './claims';
import { describeJwt } from './describe';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'ES256' })}.${b64(claims)}.c2ln`;
const describeIt = (claims: Record<string, unknown>) =>
  describeJwt(jwt(claims), {
    origin: 'imported',
    mintedBy: { kind: 'import', subject: 'you' },
    now: new Date(0),
  });

function timesError(claims: Record<string, unknown>): TokenDecodeError | undefined {
  try {
    describeIt(claims);
  } catch (e) {
    if (e instanceof TokenDecodeError && e.reason === 'times') return e;
    throw e;
  }
  return undefined;
}

describe('describeJwt time claims', () => {
  it.each([
    ['exp', { exp: 1e20 }],
    ['exp', { exp: 8.64e12 + 1 }],
    ['iat', { iat: -8.64e12 - 1 }],
    ['nbf', { nbf: 1e300 }],
    ['kubernetes.io.warnafter', { exp: 1, 'kubernetes.io': { warnafter: 9e15 } }],
  ])('refuses an out-of-range %s in plain words', (claim, claims) => {
    const e = timesError(claims);
    expect(e?.message).toContain(`"${claim}" claim`);
    expect(e?.message).toContain('seconds since 1970, up to the year 9999');
  });

  it('describes the edges of the range', () => {
    const m = describeIt({ iat: 0, exp: MAX_NUMERIC_DATE, 'kubernetes.io': { warnafter: MAX_NUMERIC_DATE } });
    expect(m.issuedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(m.jwtExpiresAt).toBe('9999-12-31T23:59:59.000Z');
    expect(m.warnAfter).toBe('9999-12-31T23:59:59.000Z');
  });

  it('either refuses with a TokenDecodeError or yields times every reader can parse, for any numbers', () => {
    const time = fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), {
      nil: undefined,
    });
    fc.assert(
      fc.property(time, time, time, time, (exp, iat, nbf, warnafter) => {
        const claims = {
          exp,
          iat,
          nbf,
          ...(warnafter === undefined ? {} : { 'kubernetes.io': { warnafter } }),
        };
        if (timesError(claims)) return;
        const m = describeIt(claims);
        for (const t of [m.issuedAt, m.expirationTimestamp, m.jwtExpiresAt, m.warnAfter ?? m.issuedAt]) {
          expect(Number.isFinite(Date.parse(t))).toBe(true);
        }
        expect(
          mintedTokenSchema.safeParse({ ...m, id: 'tok_0123456789abcdefgh', status: 'valid', held: true })
            .success,
        ).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
