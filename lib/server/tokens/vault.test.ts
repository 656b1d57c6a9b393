import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { createSession, endSession, forEachSession } from '@/lib/server/session/session';
import { describeJwt } from '../../tokens/describe';
import {
  HOLD_WITHOUT_EXP_MS,
  MAX_VAULT_BYTES,
  MAX_VAULT_ENTRIES,
  holdToken,
  listTokens,
  recordProbe,
  secretOf,
  vaultUsage,
} from './vault';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** An unsigned JWT-shaped token (the vault never verifies; describeJwt only decodes). */
function jwt(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'system:serviceaccount:default:x', ...claims })}.c2ln`;
}

function hold(session: ReturnType<typeof createSession>, token: string, now: number) {
  const meta = describeJwt(token, {
    origin: 'imported',
    mintedBy: { kind: 'import', subject: 'you' },
    now: new Date(now),
  });
  return holdToken(session, token, meta, 'ctx', now);
}

beforeEach(() => {
  const ids: string[] = [];
  forEachSession((s) => ids.push(s.id));
  for (const id of ids) endSession(id);
});

describe('the vault', () => {
  it('keeps the answer to the latest probe when an earlier one comes back later', () => {
    const s = createSession(0);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const held = hold(s, jwt({ iat: t0 / 1000, exp: t0 / 1000 + 600 }), t0);
    const at = (secs: number) => new Date(t0 + secs * 1000).toISOString();
    const probeOf = () => listTokens(s, 'ctx', t0)[0]?.lastProbe;
    // Asked at exp + 66 s (401), then the answer to the one asked at exp + 10 s (201) arrives.
    recordProbe(s, held.id, { at: at(666), status: 401, reason: 'Unauthorized', message: '' });
    recordProbe(s, held.id, { at: at(610), status: 201, reason: 'Authenticated', message: '' });
    expect(probeOf()).toMatchObject({ status: 401, at: at(666) });
    // A later question's answer replaces it.
    recordProbe(s, held.id, { at: at(700), status: 401, reason: 'Unauthorized', message: '' });
    expect(probeOf()).toMatchObject({ at: at(700) });
  });

  it('drops an imported token without exp an hour after it was imported', () => {
    const s = createSession(0);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const held = hold(s, jwt({ iat: t0 / 1000 }), t0);
    expect(secretOf(s, held.id, 'ctx', t0 + HOLD_WITHOUT_EXP_MS - 1000)).toMatch(/^ey/);
    expect(() => secretOf(s, held.id, 'ctx', t0 + HOLD_WITHOUT_EXP_MS + 1000)).toThrow(AppError);
    // Its description stays in the session's history, no longer held.
    expect(listTokens(s, 'ctx', t0 + HOLD_WITHOUT_EXP_MS + 1000)[0]).toMatchObject({
      id: held.id,
      held: false,
    });
  });

  it('gives a token only to its own cluster, and lists each cluster’s tokens apart', () => {
    const s = createSession(0);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const token = jwt({ iat: t0 / 1000, exp: t0 / 1000 + 3600 });
    const meta = describeJwt(token, {
      origin: 'imported',
      mintedBy: { kind: 'import', subject: 'you' },
      now: new Date(t0),
    });
    const onA = holdToken(s, token, meta, 'cluster-a', t0);
    expect(secretOf(s, onA.id, 'cluster-a', t0)).toBe(token);
    let refused: unknown;
    try {
      secretOf(s, onA.id, 'cluster-b', t0);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'forbidden:cluster', status: 403 });
    expect((refused as AppError).detail).toContain('belongs to cluster “cluster-a”');
    expect((refused as AppError).detail).not.toContain(token);
    expect(listTokens(s, 'cluster-a', t0).map((t) => t.id)).toEqual([onA.id]);
    expect(listTokens(s, 'cluster-b', t0)).toEqual([]);
  });

  it('keeps an imported token with exp until exp, as before', () => {
    const s = createSession(0);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const held = hold(s, jwt({ iat: t0 / 1000, exp: t0 / 1000 + 3 * 3600 }), t0);
    expect(secretOf(s, held.id, 'ctx', t0 + 2 * 3600 * 1000)).toMatch(/^ey/);
  });

  // 5,000 holds took 3 s at load 20 and, run alone at nice 10, more than vitest's default 5 s.
  it('refuses new tokens beyond the global count, without dropping anyone’s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const token = jwt({ exp: now / 1000 + 3600 });
    const sessions = Array.from({ length: Math.ceil(MAX_VAULT_ENTRIES / 200) + 2 }, () => createSession(now));
    const first = hold(sessions[0] ?? createSession(now), token, now);
    let refused: AppError | undefined;
    outer: for (const s of sessions.slice(1)) {
      for (let i = 0; i < 200; i++) {
        try {
          hold(s, token, now);
        } catch (err) {
          refused = err as AppError;
          break outer;
        }
      }
    }
    expect(refused?.status).toBe(503);
    expect(refused?.code).toBe('unavailable:server');
    expect(vaultUsage().entries).toBe(MAX_VAULT_ENTRIES);
    expect(secretOf(sessions[0] ?? createSession(now), first.id, 'ctx', now)).toBe(token);
  }, 30_000);

  it('refuses new tokens beyond the global bytes', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    // ~8 KB tokens (the import limit) whose claims are as large again in the metadata.
    const token = jwt({ exp: now / 1000 + 3600, pad: 'x'.repeat(5800) });
    let held = 0;
    let refused: AppError | undefined;
    for (let s = 0; s < 20 && !refused; s++) {
      const session = createSession(now);
      for (let i = 0; i < 200; i++) {
        try {
          hold(session, token, now);
          held++;
        } catch (err) {
          refused = err as AppError;
          break;
        }
      }
    }
    expect(refused?.code).toBe('unavailable:server');
    expect(vaultUsage().bytes).toBeLessThanOrEqual(MAX_VAULT_BYTES);
    expect(vaultUsage().bytes).toBeGreaterThan(MAX_VAULT_BYTES - 2 * 16 * 1024);
    expect(held).toBeLessThan(MAX_VAULT_ENTRIES);
  });

  it('gives a session’s own oldest entry back at its cap, and counts the bytes that go', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const s = createSession(now);
    const token = jwt({ exp: now / 1000 + 3600 });
    for (let i = 0; i < 200; i++) hold(s, token, now);
    const before = vaultUsage();
    for (let i = 0; i < 50; i++) hold(s, token, now);
    expect(vaultUsage()).toEqual(before);
  });
});
