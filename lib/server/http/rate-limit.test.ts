import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { rateLimits, resetSharedRateLimits, sharedRateLimits, takeRateToken, takeSignInToken } from './rate-limit';

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
}

beforeEach(() => resetSharedRateLimits());

describe('takeRateToken', () => {
  it('allows the burst, then refuses with a wait, then refills', () => {
    const state = {};
    const now = 1_000_000;
    for (let i = 0; i < rateLimits.mint.burst; i++) takeRateToken(state, 'mint', { now });
    const refused = refusal(() => takeRateToken(state, 'mint', { now }));
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('rate-limited:session');
    expect(refused.retryAfter).toBe(1);
    expect(() => takeRateToken(state, 'mint', { now: now + 1000 / rateLimits.mint.perSecond })).not.toThrow();
  });

  it('keeps actions apart', () => {
    const state = {};
    for (let i = 0; i < rateLimits.mint.burst; i++) takeRateToken(state, 'mint', { now: 0 });
    expect(() => takeRateToken(state, 'try', { now: 0 })).not.toThrow();
  });

  it('bounds minting over all sessions: fresh sessions do not bring fresh budget', () => {
    let minted = 0;
    let last: AppError | undefined;
    for (let s = 0; s < 40; s++) {
      const state = {};
      for (let i = 0; i < rateLimits.mint.burst; i++) {
        try {
          takeRateToken(state, 'mint', { now: 0 });
          minted++;
        } catch (err) {
          last = err as AppError;
        }
      }
    }
    expect(minted).toBe(sharedRateLimits['mint:server'].burst);
    expect(last?.code).toBe('rate-limited:server');
    expect(last?.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('bounds one user over all their sessions, apart from other users', () => {
    let minted = 0;
    for (let s = 0; s < 5; s++) {
      const state = {};
      for (let i = 0; i < 10; i++) {
        try {
          takeRateToken(state, 'mint', { now: 0, user: 'alice' });
          minted++;
        } catch {}
      }
    }
    expect(minted).toBe(sharedRateLimits['mint:user'].burst);
    expect(() => takeRateToken({}, 'mint', { now: 0, user: 'bob' })).not.toThrow();
  });

  it('takes nothing when one bucket refuses', () => {
    const state = {};
    for (let i = 0; i < rateLimits.mint.burst; i++) takeRateToken(state, 'mint', { now: 0 });
    for (let i = 0; i < 100; i++) expect(() => takeRateToken(state, 'mint', { now: 0 })).toThrow(AppError);
    // The session's refusals left the server-wide bucket alone.
    const other = {};
    for (let i = 0; i < sharedRateLimits['mint:server'].burst - rateLimits.mint.burst; i++) takeRateToken(other, 'mint', { now: 0 });
  });
});

describe('takeSignInToken', () => {
  it('limits one client, then the whole server, and one user', () => {
    for (let i = 0; i < sharedRateLimits['sign-in:client'].burst; i++) takeSignInToken({ client: '10.0.0.1', now: 0 });
    expect(refusal(() => takeSignInToken({ client: '10.0.0.1', now: 0 })).code).toBe('rate-limited:server');
    let allowed = sharedRateLimits['sign-in:client'].burst;
    for (let c = 2; c < 100; c++) {
      try {
        takeSignInToken({ client: `10.0.0.${c}`, now: 0 });
        allowed++;
      } catch {}
    }
    expect(allowed).toBe(sharedRateLimits['sign-in:server'].burst);
    for (let i = 0; i < sharedRateLimits['sign-in:user'].burst; i++) takeSignInToken({ user: 'alice', now: 0 });
    expect(refusal(() => takeSignInToken({ user: 'alice', now: 0 })).retryAfter).toBe(30);
    expect(() => takeSignInToken({ user: 'bob', now: 0 })).not.toThrow();
  });
});
