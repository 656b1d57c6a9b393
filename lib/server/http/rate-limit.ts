import 'server-only';
import { AppError } from '@/lib/contracts/errors';

/** Token buckets per session and action: a burst, then a steady rate. */
export const rateLimits = {
  mint: { burst: 30, perSecond: 2 },
  try: { burst: 60, perSecond: 10 },
} as const;
export type RateLimitName = keyof typeof rateLimits;
/** A session's own buckets, by action (Session.rateBuckets). */
export type SessionRateBuckets = Partial<Record<RateLimitName, RateBucket>>;

/**
 * Buckets shared by every session. A fresh session starts with a full bucket, so per-session limits
 * alone bound nothing (40 fresh sessions once minted 1,200 tokens in 6.5 s): minting (and importing)
 * also takes from one server-wide bucket and, in shared mode, from the signed-in user's own; sign-in
 * takes from a server-wide bucket, the client's and the user's.
 */
export const sharedRateLimits = {
  'mint:server': { burst: 60, perSecond: 5 },
  'mint:user': { burst: 30, perSecond: 2 },
  'sign-in:server': { burst: 30, perSecond: 1 },
  'sign-in:client': { burst: 10, perSecond: 0.2 },
  'sign-in:user': { burst: 10, perSecond: 1 / 30 },
} as const;
export type SharedRateLimitName = keyof typeof sharedRateLimits;

/** A token bucket: what is left, and when it was last refilled (ms). */
export interface RateBucket {
  tokens: number;
  at: number;
}
interface Limit {
  burst: number;
  perSecond: number;
}

/** Keys kept at most in the shared table; a forgotten key comes back with a full bucket. */
const MAX_SHARED_KEYS = 10_000;

const g = globalThis as { __tokenscopeRateBuckets?: Map<string, RateBucket> };
g.__tokenscopeRateBuckets ??= new Map();
const shared = g.__tokenscopeRateBuckets;

/** Refills the bucket to `now` and answers the seconds to wait for one unit (0: one is there). */
function refill(b: RateBucket, { burst, perSecond }: Limit, now: number): number {
  b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) / 1000) * perSecond);
  b.at = now;
  return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / perSecond);
}

function sharedBucket(name: SharedRateLimitName, key: string, now: number): RateBucket {
  const id = `${name}|${key}`;
  const b = shared.get(id) ?? { tokens: sharedRateLimits[name].burst, at: now };
  // Least recently used last, so the table sheds idle keys first.
  shared.delete(id);
  shared.set(id, b);
  if (shared.size > MAX_SHARED_KEYS) {
    const oldest = shared.keys().next().value;
    if (oldest !== undefined) shared.delete(oldest);
  }
  return b;
}

/**
 * Takes one unit from each bucket, or none: throws with the longest wait if any is empty. `who`
 * names the bucket in the message.
 */
function takeAll(buckets: { bucket: RateBucket; limit: Limit; who: 'session' | 'server' | 'user' | 'client' }[], now: number): void {
  let worst: { wait: number; who: string } | undefined;
  for (const { bucket, limit, who } of buckets) {
    const wait = refill(bucket, limit, now);
    if (wait > 0 && (!worst || wait > worst.wait)) worst = { wait, who };
  }
  if (worst) {
    const code = worst.who === 'session' ? 'rate-limited:session' : 'rate-limited:server';
    const whose = worst.who === 'session' ? '' : ` (the ${worst.who === 'server' ? 'server-wide' : `per-${worst.who}`} limit)`;
    throw new AppError(code, `Too many requests${whose}: wait ${worst.wait} s and try again.`, { retryAfter: worst.wait });
  }
  for (const { bucket } of buckets) bucket.tokens -= 1;
}

/**
 * Takes one unit for this action from the session's bucket (`own`: Session.rateBuckets, so it ends
 * with the session) and, for minting, from the server-wide bucket and the signed-in user's (`user`, shared mode).
 * Throws `rate-limited:session` or `rate-limited:server` with the seconds to wait.
 */
export function takeRateToken(own: SessionRateBuckets, name: RateLimitName, opts: { user?: string; now?: number } = {}): void {
  const now = opts.now ?? Date.now();
  own[name] ??= { tokens: rateLimits[name].burst, at: now };
  const buckets: Parameters<typeof takeAll>[0] = [{ bucket: own[name], limit: rateLimits[name], who: 'session' }];
  if (name === 'mint') {
    buckets.push({ bucket: sharedBucket('mint:server', '', now), limit: sharedRateLimits['mint:server'], who: 'server' });
    if (opts.user !== undefined) {
      buckets.push({ bucket: sharedBucket('mint:user', opts.user, now), limit: sharedRateLimits['mint:user'], who: 'user' });
    }
  }
  takeAll(buckets, now);
}

/**
 * Takes one unit for a sign-in from the server-wide bucket, the client's (`client`: its address as
 * the server saw it, best effort) and, once known, the user's. Throws `rate-limited:server`.
 */
export function takeSignInToken(opts: { client?: string; user?: string; now?: number }): void {
  const now = opts.now ?? Date.now();
  const buckets: Parameters<typeof takeAll>[0] = [];
  if (opts.user !== undefined) {
    buckets.push({ bucket: sharedBucket('sign-in:user', opts.user, now), limit: sharedRateLimits['sign-in:user'], who: 'user' });
  } else {
    buckets.push({ bucket: sharedBucket('sign-in:server', '', now), limit: sharedRateLimits['sign-in:server'], who: 'server' });
    buckets.push({ bucket: sharedBucket('sign-in:client', opts.client ?? '', now), limit: sharedRateLimits['sign-in:client'], who: 'client' });
  }
  takeAll(buckets, now);
}

/** Forgets every shared bucket (tests). */
export function resetSharedRateLimits(): void {
  shared.clear();
}
