import 'server-only';
import { randomBytes } from 'node:crypto';
import { AppError } from '@/lib/contracts/errors';
import type { UserInfo } from '@/lib/contracts/identity';
import type { SessionRateBuckets } from '@/lib/server/http/rate-limit';
import type { SavedProgress } from '@/lib/server/scenarios/progress';
import type { Vault } from '@/lib/server/tokens/vault';

/** Idle sessions are dropped after this long; their vault goes with them. */
const IDLE_MS = 8 * 60 * 60 * 1000;
/** Stored sessions at most; beyond it only empty ones are evicted, and new ones are refused. */
export const MAX_SESSIONS = 1000;
/** What a refused new session is told to wait (an empty session is evicted, or one idles out). */
const FULL_RETRY_S = 60;

/** A browser user's own identity in shared mode: their bearer token stays here, server-side. */
export interface SignedIn {
  token: string;
  user: UserInfo;
  /** The kubeconfig context whose API server accepted the token: the only one it is ever sent to. */
  context: string;
}

/**
 * One browser's server-side state. Each optional field belongs to one room, which alone reads and
 * writes it; all of it is dropped when the session ends.
 */
export interface Session {
  readonly id: string;
  readonly createdAt: number;
  lastSeen: number;
  /** Who signed in (shared mode, or local mode after a sign-in). */
  signedIn?: SignedIn;
  /** The tokens this session holds (lib/server/tokens/vault.ts). */
  vault?: Vault;
  /** Guided walkthroughs' progress by scenario name (lib/server/scenarios/progress.ts). */
  progress?: Map<string, SavedProgress>;
  /** Per-session rate buckets by action (lib/server/http/rate-limit.ts). */
  rateBuckets: SessionRateBuckets;
}

// On globalThis: Next may load this module once per route bundle, and every route must see the
// same sessions (a per-bundle copy would split a user's vault).
const g = globalThis as { __tokenscopeSessionStore?: Map<string, Session> };
g.__tokenscopeSessionStore ??= new Map();
const sessions = g.__tokenscopeSessionStore;

/** Whether the session holds nothing its user would miss: no sign-in, no tokens (held or in its history). */
export function isEmptySession(s: Session): boolean {
  return !s.signedIn && (s.vault?.entries.size ?? 0) === 0;
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
  const s: Session = { id: randomBytes(32).toString('base64url'), createdAt: now, lastSeen: now, rateBuckets: {} };
  sessions.set(s.id, s);
  return s;
}

/** A session that is never stored (reads and public routes without a cookie). */
export function ephemeralSession(now = Date.now()): Session {
  return { id: '', createdAt: now, lastSeen: now, rateBuckets: {} };
}

/** Ends a session: its per-session state (minted tokens included) is dropped. */
export function endSession(id: string): void {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  // Whoever still holds the object (an open event stream) sees it signed out and empty.
  s.signedIn = undefined;
  s.vault = undefined;
  s.progress = undefined;
  s.rateBuckets = {};
}

/** How many sessions are stored (tests and the flood benchmark). */
export function sessionCount(): number {
  return sessions.size;
}

/** Visits every live session (the vault sweeps expired tokens this way). */
export function forEachSession(visit: (session: Session) => void): void {
  for (const s of sessions.values()) visit(s);
}
