import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import {
  MAX_SESSIONS,
  type Session,
  createSession,
  endSession,
  findSession,
  forEachSession,
  isEmptySession,
  sessionCount,
} from './session';

/** A sign-in: the session now holds something its user would lose. */
function hold(s: Session): void {
  s.signedIn = { token: 'token', user: { username: 'alice', groups: [] }, context: 'ctx' };
}

beforeEach(() => {
  const ids: string[] = [];
  forEachSession((s) => ids.push(s.id));
  for (const id of ids) endSession(id);
});

describe('the session store', () => {
  it('never evicts a session that holds something: an empty one makes room', () => {
    const victim = createSession(0);
    hold(victim);
    for (let i = 1; i < MAX_SESSIONS; i++) createSession(i);
    expect(sessionCount()).toBe(MAX_SESSIONS);
    // Before, the 1,001st session evicted the oldest one, the victim, with everything it held.
    for (let i = 0; i < 5 * MAX_SESSIONS; i++) createSession(MAX_SESSIONS + i);
    expect(sessionCount()).toBe(MAX_SESSIONS);
    expect(findSession(victim.id, 10 * MAX_SESSIONS)?.signedIn?.user.username).toBe('alice');
  });

  it('evicts the least recently used empty session first', () => {
    const first = createSession(0);
    const second = createSession(1);
    for (let i = 2; i < MAX_SESSIONS; i++) createSession(i);
    expect(findSession(first.id, MAX_SESSIONS)).toBeDefined();
    createSession(MAX_SESSIONS + 1);
    expect(findSession(first.id, MAX_SESSIONS + 2)).toBeDefined();
    expect(findSession(second.id, MAX_SESSIONS + 2)).toBeUndefined();
  });

  it('refuses a new session with 503 and Retry-After when every session holds something', () => {
    const kept = Array.from({ length: MAX_SESSIONS }, (_, i) => {
      const s = createSession(i);
      hold(s);
      return s;
    });
    let refused: unknown;
    try {
      createSession(MAX_SESSIONS);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).code).toBe('unavailable:server');
    expect((refused as AppError).retryAfter).toBeGreaterThan(0);
    expect(kept.every((s) => findSession(s.id, MAX_SESSIONS) !== undefined)).toBe(true);
  });

  it('counts a vault with entries (held or forgotten) as something to keep', () => {
    const s = createSession(0);
    expect(isEmptySession(s)).toBe(true);
    s.vault = { entries: new Map(), secrets: new Map(), bytes: 0 };
    expect(isEmptySession(s)).toBe(true);
    s.vault.entries.set('tok_a', {
      meta: {} as never,
      context: 'ctx',
      forgotten: true,
      heldAt: 0,
      metaBytes: 0,
      secretBytes: 0,
    });
    expect(isEmptySession(s)).toBe(false);
  });

  it('leaves an ended session signed out and empty for whoever still holds it', () => {
    const s = createSession(0);
    hold(s);
    s.progress = new Map();
    endSession(s.id);
    expect(s.signedIn).toBeUndefined();
    expect(s.progress).toBeUndefined();
    expect(findSession(s.id, 1)).toBeUndefined();
  });

  it('still drops sessions idle past their time, whatever they hold', () => {
    const old = createSession(0);
    hold(old);
    createSession(9 * 60 * 60 * 1000);
    expect(findSession(old.id, 9 * 60 * 60 * 1000)).toBeUndefined();
  });
});
