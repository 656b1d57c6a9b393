import 'server-only';
import { AppError } from '@/lib/contracts/errors';

/** Token buckets per session and action: a burst, then a steady rate. */
export const rateLimits = {
  mint: { burst: 30, perSecond: 2 },
  try: { burst: 60, perSecond: 10 },
} as const;
export type RateLimitName = keyof typeof rateLimits;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Takes one unit from the session's bucket for this action, or throws `rate-limited:session` with
 * the seconds to wait. Buckets live in the session's own state, so they end with it.
 */
export function takeRateToken(state: Map<string, unknown>, name: RateLimitName, now = Date.now()): void {
  const { burst, perSecond } = rateLimits[name];
  const key = `rate:${name}`;
  const b = (state.get(key) as Bucket | undefined) ?? { tokens: burst, at: now };
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
  b.at = now;
  state.set(key, b);
  if (b.tokens < 1) {
    const wait = Math.ceil((1 - b.tokens) / perSecond);
    throw new AppError('rate-limited:session', `Too many requests: wait ${wait} s and try again.`, { retryAfter: wait });
  }
  b.tokens -= 1;
}
