import 'server-only';
import { AppError } from '@/lib/contracts/errors';

/** Event streams one session may hold open (a few tabs); beyond it 429. */
export const MAX_STREAMS_PER_SESSION = 8;
/**
 * Streams of callers without a stored session (local mode, before the first mutation) share one
 * pool: each such request would otherwise be a session of its own and escape the cap.
 */
export const MAX_ANONYMOUS_STREAMS = 32;

// On globalThis, like the sessions: every route bundle must count the same streams.
const g = globalThis as { __tokenscopeStreams?: Map<string, number> };
g.__tokenscopeStreams ??= new Map();
const open = g.__tokenscopeStreams;

/**
 * Counts a new event stream for the session (`''` for an ephemeral one) and returns its release,
 * which is safe to call more than once. One session once opened 500 streams; each change then
 * cost 500 access reviews. Throws `rate-limited:session` (429) beyond the cap.
 */
export function openStream(sessionId: string): () => void {
  const cap = sessionId ? MAX_STREAMS_PER_SESSION : MAX_ANONYMOUS_STREAMS;
  const n = open.get(sessionId) ?? 0;
  if (n >= cap) {
    throw new AppError('rate-limited:session', `Too many live event streams (${cap}) for this session: close some tabs.`, {
      retryAfter: 5,
    });
  }
  open.set(sessionId, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(sessionId) ?? 1) - 1;
    if (left > 0) open.set(sessionId, left);
    else open.delete(sessionId);
  };
}

/** Streams open for this session (tests). */
export function openStreams(sessionId: string): number {
  return open.get(sessionId) ?? 0;
}
