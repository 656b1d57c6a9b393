import 'server-only';
import { randomBytes } from 'node:crypto';

/** Idle sessions are dropped after this long; their vault goes with them. */
const IDLE_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

export interface Session {
  id: string;
  createdAt: number;
  lastSeen: number;
  /** Per-session state owned by other rooms (the token vault), dropped with the session. */
  state: Map<string, unknown>;
}

type Listener = (session: Session) => void;

// On globalThis: Next may load this module once per route bundle, and every route must see the
// same sessions (a per-bundle copy would split a user's vault).
const g = globalThis as { __tokenscopeSessions?: { sessions: Map<string, Session>; endListeners: Listener[] } };
g.__tokenscopeSessions ??= { sessions: new Map(), endListeners: [] };
const { sessions, endListeners } = g.__tokenscopeSessions;

/** Cookie name: the `__Host-` prefix is only allowed (and only meaningful) over TLS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-tokenscope-sid' : 'tokenscope-sid';
}

function sweep(now: number): void {
  for (const s of sessions.values()) {
    if (now - s.lastSeen > IDLE_MS) endSession(s.id);
  }
  // Oldest first: Map iteration order is insertion order.
  while (sessions.size >= MAX_SESSIONS) {
    const oldest = sessions.keys().next().value;
    if (oldest === undefined) break;
    endSession(oldest);
  }
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
  return s;
}

/** A new session with an unguessable id (256 bits). */
export function createSession(now = Date.now()): Session {
  sweep(now);
  const s: Session = { id: randomBytes(32).toString('base64url'), createdAt: now, lastSeen: now, state: new Map() };
  sessions.set(s.id, s);
  return s;
}

/** A session that is never stored, for public routes. */
export function ephemeralSession(now = Date.now()): Session {
  return { id: '', createdAt: now, lastSeen: now, state: new Map() };
}

/** Ends a session: its per-session state (minted tokens included) is dropped. */
export function endSession(id: string): void {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  for (const l of endListeners) l(s);
  s.state.clear();
}

/** Registers a callback run when any session ends. */
export function onSessionEnd(listener: Listener): void {
  endListeners.push(listener);
}

/** Visits every live session (the vault sweeps expired tokens this way). */
export function forEachSession(visit: (session: Session) => void): void {
  for (const s of sessions.values()) visit(s);
}
