import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXTENDED_EXPIRATION_SECONDS,
  EXTENDED_REQUEST_SECONDS,
} from '@/lib/k8s/token-lifetime';
import {
  describeGranted,
  formatRemaining,
  kubeletRefreshAt,
  phaseAt,
  phaseTimeline,
  TOKEN_PHASES,
  type TokenTimes,
  tokenPhase,
} from './lifecycle';

const S = 1000;
const T0 = Date.UTC(2026, 0, 1);
const hour: TokenTimes = { issuedAt: T0, expiresAt: T0 + 3600 * S };
const exp = hour.expiresAt;

describe('tokenPhase boundaries (1 h token)', () => {
  it.each([
    ['at issue', T0, 'valid', T0 + 2880 * S],
    ['exactly at the 80% refresh point', T0 + 2880 * S, 'valid', T0 + 2880 * S],
    ['1 ms after the refresh point', T0 + 2880 * S + 1, 'refresh-due', exp - 360 * S],
    ['exactly at the last 10%', exp - 360 * S, 'refresh-due', exp - 360 * S],
    ['1 ms into the last 10%', exp - 360 * S + 1, 'expiring', exp],
    ['exactly at exp', exp, 'expiring', exp],
    ['1 ms after exp', exp + 1, 'leeway', exp + 60 * S],
    ['exactly at exp + 60 s', exp + 60 * S, 'leeway', exp + 60 * S],
    ['exp + 60 s + 1 ms', exp + 60 * S + 1, 'rejected', null],
  ])('%s', (_name, now, phase, nextChangeAt) => {
    const state = tokenPhase(hour, now);
    expect(state.phase).toBe(phase);
    expect(state.nextChangeAt).toBe(nextChangeAt);
    expect(state.remainingMs).toBe(exp - now);
    expect(state.refreshAt).toBe(T0 + 2880 * S);
    expect(state.leewayEndsAt).toBe(exp + 60 * S);
  });

  it('clamps fractionElapsed to 0..1', () => {
    expect(tokenPhase(hour, T0 - 5 * S).fractionElapsed).toBe(0);
    expect(tokenPhase(hour, T0 + 1800 * S).fractionElapsed).toBe(0.5);
    expect(tokenPhase(hour, exp + 30 * S).fractionElapsed).toBe(1);
    expect(tokenPhase({ issuedAt: T0, expiresAt: T0 }, T0 + 1).fractionElapsed).toBe(1);
  });
});

describe('tokenPhase edge cases', () => {
  it('uses a 60 s expiring window when 10% of the TTL is shorter (minimum 600 s token)', () => {
    const t = { issuedAt: T0, expiresAt: T0 + 600 * S };
    expect(tokenPhase(t, T0 + 480 * S + 1).phase).toBe('refresh-due');
    expect(tokenPhase(t, T0 + 540 * S).phase).toBe('refresh-due');
    expect(tokenPhase(t, T0 + 540 * S + 1).phase).toBe('expiring');
  });

  it('refreshes a long-lived token after 24 h of age', () => {
    const t = { issuedAt: T0, expiresAt: T0 + 48 * 3600 * S };
    expect(phaseTimeline(t).refreshAt).toBe(T0 + 24 * 3600 * S);
    expect(tokenPhase(t, T0 + 24 * 3600 * S + 1).phase).toBe('refresh-due');
  });

  it('never goes back when boundaries overlap (100 s token)', () => {
    const t = { issuedAt: T0, expiresAt: T0 + 100 * S };
    expect(tokenPhase(t, T0 + 50 * S).phase).toBe('expiring');
    expect(tokenPhase(t, T0 + 90 * S).phase).toBe('expiring');
  });

  it('marks an extended token stale after warnafter and refreshes from warnafter', () => {
    const t = {
      issuedAt: T0,
      expiresAt: T0 + EXTENDED_EXPIRATION_SECONDS * S,
      warnAfter: T0 + EXTENDED_REQUEST_SECONDS * S,
    };
    // 20% of 3607 s is 721 s in Go integer arithmetic.
    expect(phaseTimeline(t).refreshAt).toBe(T0 + (3607 - 721) * S);
    expect(tokenPhase(t, t.warnAfter).phase).toBe('refresh-due');
    const stale = tokenPhase(t, t.warnAfter + 1);
    expect(stale.phase).toBe('stale');
    expect(stale.nextChangeAt).toBe(t.expiresAt - 0.1 * EXTENDED_EXPIRATION_SECONDS * S);
    expect(tokenPhase(t, t.expiresAt + 1).phase).toBe('leeway');
  });
});

describe('kubeletRefreshAt', () => {
  it('follows requiresRefresh without jitter', () => {
    expect(kubeletRefreshAt(T0, 3600, exp)).toBe(exp - 720 * S);
    expect(kubeletRefreshAt(T0, 3607, T0 + 3607 * S)).toBe(T0 + 2886 * S);
    expect(kubeletRefreshAt(T0, 600, T0 + 600 * S)).toBe(T0 + 480 * S);
    expect(kubeletRefreshAt(T0, 7 * 86400, T0 + 7 * 86400 * S)).toBe(T0 + 86400 * S);
  });
});

const timesArb = fc
  .record({
    issuedAt: fc.integer({ min: 0, max: 4e12 }),
    ttl: fc.integer({ min: 1, max: 400 * 86400 * S }),
    warn: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ issuedAt, ttl, warn }): TokenTimes => {
    const expiresAt = issuedAt + ttl;
    return warn === undefined
      ? { issuedAt, expiresAt }
      : { issuedAt, expiresAt, warnAfter: issuedAt + Math.floor(warn * ttl) };
  });
const nowArb = (t: TokenTimes) => fc.integer({ min: t.issuedAt - 10 * S, max: t.expiresAt + 120 * S });
const rank = (t: TokenTimes, now: number) => TOKEN_PHASES.indexOf(tokenPhase(t, now).phase);

describe('tokenPhase properties', () => {
  it('phases never go back and remainingMs falls as now grows', () => {
    const arb = timesArb.chain((t) => fc.tuple(fc.constant(t), nowArb(t), nowArb(t)));
    fc.assert(
      fc.property(arb, ([t, a, b]) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(rank(t, early)).toBeLessThanOrEqual(rank(t, late));
        const [x, y] = [tokenPhase(t, early), tokenPhase(t, late)];
        if (early < late) expect(x.remainingMs).toBeGreaterThan(y.remainingMs);
        expect(x.fractionElapsed).toBeLessThanOrEqual(y.fractionElapsed);
        expect(y.fractionElapsed).toBeGreaterThanOrEqual(0);
        expect(y.fractionElapsed).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('holds its phase until nextChangeAt and changes right after it', () => {
    const arb = timesArb.chain((t) =>
      fc.tuple(fc.constant(t), nowArb(t), fc.double({ min: 0, max: 1, noNaN: true })),
    );
    fc.assert(
      fc.property(arb, ([t, now, f]) => {
        const timeline = phaseTimeline(t);
        const { phase, nextChangeAt } = phaseAt(timeline, now);
        if (nextChangeAt === null) {
          expect(phase).toBe('rejected');
          return;
        }
        expect(nextChangeAt).toBeGreaterThanOrEqual(now);
        expect(phaseAt(timeline, now + f * (nextChangeAt - now)).phase).toBe(phase);
        expect(phaseAt(timeline, nextChangeAt + 1).phase).not.toBe(phase);
      }),
    );
  });
});

describe('formatRemaining', () => {
  it.each([
    [0, '00:00'],
    [1, '00:01'],
    [1000, '00:01'],
    [1001, '00:02'],
    [3599 * S, '59:59'],
    [3600 * S, '1:00:00'],
    [86399 * S, '23:59:59'],
    [86400 * S, '1d 00:00:00'],
    [(3 * 86400 + 4 * 3600 + 5 * 60 + 6) * S, '3d 04:05:06'],
    [-1, '00:00'],
    [-1000, '−00:01'],
    [-61 * S, '−01:01'],
    [Number.NaN, '--:--'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });

  it('round-trips its digits from −10 to +10 days', () => {
    const parse = (text: string) => {
      const m = /^(−?)(?:(\d+)d )?(?:(\d+):)?(\d{2}):(\d{2})$/.exec(text);
      if (!m) throw new Error(`unexpected format ${text}`);
      const [, sign, d = '0', h = '0', mm = '0', ss = '0'] = m;
      const seconds = Number(d) * 86400 + Number(h) * 3600 + Number(mm) * 60 + Number(ss);
      return sign ? -seconds : seconds;
    };
    fc.assert(
      fc.property(fc.integer({ min: -10 * 86400 * S, max: 10 * 86400 * S }), (ms) => {
        expect(parse(formatRemaining(ms))).toBe(Math.ceil(ms / 1000) || 0);
      }),
    );
  });
});

describe('describeGranted', () => {
  it('reports a clamped request', () => {
    expect(describeGranted(172900, 172800)).toEqual({
      clamped: true,
      extended: false,
      text: 'requested 172900 s, granted 172800 s (shortened by the API server’s maximum)',
    });
  });

  it('reports an extended pod-bound token', () => {
    const r = describeGranted(3607, EXTENDED_EXPIRATION_SECONDS);
    expect(r).toMatchObject({ clamped: false, extended: true });
    expect(r.text).toMatch(/^requested 3607 s, granted 31536000 s \(extended .*stale after 3607 s\)$/);
  });

  it('defaults an unset request to 3600 s', () => {
    expect(describeGranted(undefined, 3600)).toEqual({
      clamped: false,
      extended: false,
      text: 'requested nothing (defaults to 3600 s), granted 3600 s',
    });
    expect(describeGranted(undefined, 1800).clamped).toBe(true);
  });

  it('does not call an ordinary 3607 s grant extended', () => {
    expect(describeGranted(3607, 3607)).toMatchObject({ clamped: false, extended: false });
  });
});
