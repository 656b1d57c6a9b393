import 'server-only';
import { randomBytes } from 'node:crypto';
import { AppError } from '@/lib/contracts/errors';

/** Idle sessions are dropped after this long; their vault goes with them. */
const IDLE_MS = 8 * 60 * 60 * 1000;
/** Stored sessions at most; beyond it only empty ones are evicted, and new ones are refused. */
export const MAX_SESSIONS = 1000;
/** What a refused new session is told to wait (an empty session is evicted, or one idles out). */
const FULL_RETRY_S = 60;

export interface Session {
  id: string;
  createdAt: number;
  lastSeen: number;
  /** Per-session state owned by other rooms (the token vault), dropped with the session. */
  state: Map<string, unknown>;
}

/** Says whether a session holds something its user would lose (tokens, a sign-in). */
type Keeper = (session: Session) => boolean;

// On globalThis: Next may load this module once per route bundle, and every route must see the
// same sessions (a per-bundle copy would split a user's vault).
const g = globalThis as {
  __tokenscopeSessions?: { sessions: Map<string, Session>; keepers: Map<string, Keeper> };
};
g.__tokenscopeSessions ??= { sessions: new Map(), keepers: new Map() };
const { sessions, keepers } = g.__tokenscopeSessions;

/** Cookie name: the `__Host-` prefix is only allowed (and only meaningful) over TLS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-tokenscope-sid' : 'tokenscope-sid';
}

/** Whether the session holds nothing its user would miss (no keeper claims it: no sign-in, no tokens). */
export function isEmptySession(s: Session): boolean {
  for (const keep of keepers.values()) if (keep(s)) return false;
  return true;
}

/**
 * Makes room for one more session: idle ones go, then empty ones, least recently used first. A
 * session that holds tokens or a sign-in is never evicted: when only those remain, the new session
 * is refused (`unavailable:server`, 503). Before, the 1,001st cookie-less request evicted the oldest
 * session with all its tokens.
 */
function makeRoom(now: number): void {
  for (const s of sessions.values()) {
    if (now - s.lastSeen > IDLE_MS) endSession(s.id);
  }
  if (sessions.size < MAX_SESSIONS) return;
  // Map order is least recently used first: findSession moves a session to the end.
  for (const s of sessions.values()) {
    if (isEmptySession(s)) {
      endSession(s.id);
      return;
    }
  }
  throw new AppError('unavailable:server', `Tokenscope holds ${MAX_SESSIONS} sessions with tokens or sign-ins; try again later.`, {
    retryAfter: FULL_RETRY_S,
  });
}

/** The live session with this id, touched; undefined for unknown or expired ids. */
export function findSession(id: string | undefined, now = Date.now()): Session | undefined {
  if (!id) return undefined;
  const s = sessions.get(id);
  if (!s) return undefined;
  if (now - s.lastSeen > IDLE_MS) {
    endSession(id);
    return undefined;
  }
  s.lastSeen = now;
  sessions.delete(id);
  sessions.set(id, s);
  return s;
}

/**
 * A new stored session with an unguessable id (256 bits). Only a same-origin mutation or a sign-in
 * should make one. Throws `unavailable:server` when the store is full of sessions worth keeping.
 */
export function createSession(now = Date.now()): Session {
  makeRoom(now);
  const s: Session = { id: randomBytes(32).toString('base64url'), createdAt: now, lastSeen: now, state: new Map() };
  sessions.set(s.id, s);
  return s;
}

/** A session that is never stored (reads and public routes without a cookie). */
export function ephemeralSession(now = Date.now()): Session {
  return { id: '', createdAt: now, lastSeen: now, state: new Map() };
}

/** Ends a session: its per-session state (minted tokens included) is dropped. */
export function endSession(id: string): void {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  s.state.clear();
}

/**
 * Registers a test for "this session holds something" under a name (a module loaded by several
 * route bundles registers once): such sessions are never evicted.
 */
export function keepSessionWhile(name: string, keeper: Keeper): void {
  keepers.set(name, keeper);
}

/** How many sessions are stored (tests and the flood benchmark). */
export function sessionCount(): number {
  return sessions.size;
}

/** Visits every live session (the vault sweeps expired tokens this way). */
export function forEachSession(visit: (session: Session) => void): void {
  for (const s of sessions.values()) visit(s);
}
