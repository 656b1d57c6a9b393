import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { rateLimits, takeRateToken } from './rate-limit';

describe('takeRateToken', () => {
  it('allows the burst, then refuses with a wait, then refills', () => {
    const state = new Map<string, unknown>();
    const now = 1_000_000;
    for (let i = 0; i < rateLimits.mint.burst; i++) takeRateToken(state, 'mint', now);
    let refused: unknown;
    try {
      takeRateToken(state, 'mint', now);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).retryAfter).toBe(1);
    expect(() => takeRateToken(state, 'mint', now + 1000 / rateLimits.mint.perSecond)).not.toThrow();
  });

  it('keeps actions apart', () => {
    const state = new Map<string, unknown>();
    for (let i = 0; i < rateLimits.mint.burst; i++) takeRateToken(state, 'mint', 0);
    expect(() => takeRateToken(state, 'try', 0)).not.toThrow();
  });
});
