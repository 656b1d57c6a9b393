import { describe, expect, it } from 'vitest';
import type { MintedToken } from '@/lib/contracts/tokens';
import { phaseAt, phaseTimeline } from '@/lib/tokens/lifecycle';
import {
  clockTime,
  clockTimeFrom,
  describeProbe,
  formatSeconds,
  grantedSummary,
  isUsable,
  keepUnchanged,
  PROBE_GRACE_MS,
  passedProbeBoundary,
  phaseText,
  phaseWords,
  statusTone,
  subjectOf,
  tokenHandle,
  tokenTimes,
} from './token-view';

const T0 = Date.UTC(2026, 0, 1, 16, 39, 3);
const iso = (ms: number) => new Date(ms).toISOString();

function token(patch: Partial<MintedToken> = {}): MintedToken {
  return {
    id: 'tok_abcdefghijklmnopWXYZ',
    origin: 'minted',
    namespace: 'default',
    serviceAccount: 'service-account-pod-viewer',
    header: { alg: 'ES256' },
    claims: { sub: 'system:serviceaccount:default:service-account-pod-viewer' },
    audiences: [],
    boundObject: null,
    issuedAt: iso(T0),
    expirationTimestamp: iso(T0 + 600_000),
    jwtExpiresAt: iso(T0 + 600_000),
    requestedExpirationSeconds: 600,
    grantedExpirationSeconds: 600,
    warnings: [],
    mintedBy: { kind: 'dashboard', subject: 'tokenscope-admin' },
    status: 'valid',
    held: true,
    ...patch,
  };
}

describe('tokenTimes', () => {
  it('uses the JWT iat/exp and warnafter, not the TokenRequest status', () => {
    const t = token({
      expirationTimestamp: iso(T0 + 3607_000),
      jwtExpiresAt: iso(T0 + 365 * 86400_000),
      warnAfter: iso(T0 + 3607_000),
    });
    expect(tokenTimes(t)).toEqual({
      issuedAt: T0,
      expiresAt: T0 + 365 * 86400_000,
      warnAfter: T0 + 3607_000,
    });
    expect(tokenTimes(token())).toEqual({ issuedAt: T0, expiresAt: T0 + 600_000 });
  });
});

describe('passedProbeBoundary', () => {
  const timeline = phaseTimeline(tokenTimes(token()));
  const exp = T0 + 600_000;

  it('is null until strictly after exp, then exp, then leeway a little after the leeway ends', () => {
    expect(passedProbeBoundary(timeline, exp - 1)).toBeNull();
    expect(passedProbeBoundary(timeline, exp)).toBeNull();
    expect(passedProbeBoundary(timeline, exp + 1)).toBe('exp');
    expect(passedProbeBoundary(timeline, exp + 60_000 + PROBE_GRACE_MS)).toBe('exp');
    expect(passedProbeBoundary(timeline, exp + 60_000 + PROBE_GRACE_MS + 1)).toBe('leeway');
  });

  it('probes after the lifecycle already says rejected, never before', () => {
    for (let now = exp - 5000; now < exp + 90_000; now += 500) {
      if (passedProbeBoundary(timeline, now) === 'leeway')
        expect(phaseAt(timeline, now).phase).toBe('rejected');
      if (passedProbeBoundary(timeline, now) === 'exp') {
        expect(['leeway', 'rejected']).toContain(phaseAt(timeline, now).phase);
      }
    }
  });
});

describe('texts', () => {
  it('has words for every phase', () => {
    for (const { label, detail } of Object.values(phaseText)) {
      expect(label.length).toBeGreaterThan(3);
      expect(detail.length).toBeGreaterThan(10);
    }
    expect(phaseText.leeway.detail).toContain('60 s');
  });

  it('colors statuses: 200 green, 403 amber, 401 red', () => {
    expect([statusTone(200), statusTone(201), statusTone(403), statusTone(404), statusTone(401)]).toEqual([
      'ok',
      'ok',
      'warn',
      'warn',
      'bad',
    ]);
    expect(statusTone(503)).toBe('bad');
    expect(statusTone(0)).toBe('neutral');
  });

  it('tells what the probe proved, with the time of day', () => {
    const probe = { at: iso(T0 + 665_000), status: 401, reason: 'Unauthorized', message: 'Unauthorized' };
    expect(describeProbe(probe, 'UTC')).toBe('API server answered 401 Unauthorized at 16:50:08');
    expect(clockTime(T0, 'UTC')).toBe('16:39:03');
    expect(clockTimeFrom(T0 + 600_000, T0, 'UTC')).toBe('16:49:03');
    expect(clockTimeFrom(T0 + 2 * 86400_000, T0, 'UTC')).toBe('3 Jan 16:39:03');
    expect(describeProbe({ ...probe, status: 200, reason: '' }, 'UTC')).toBe(
      'API server answered 200 at 16:50:08',
    );
  });

  it('writes lifetimes with their natural unit', () => {
    expect(formatSeconds(600)).toBe('600 s (10 min)');
    expect(formatSeconds(3600)).toBe('3600 s (1 h)');
    expect(formatSeconds(172800)).toBe('172800 s (2 days)');
    expect(formatSeconds(3607)).toBe('3607 s');
  });
});

describe('grantedSummary', () => {
  it('compares requested with the JWT lifetime and flags a clamp', () => {
    expect(grantedSummary(token())).toMatchObject({ clamped: false, text: 'requested 600 s, granted 600 s' });
    const clamped = grantedSummary(token({ requestedExpirationSeconds: 86400 }));
    expect(clamped.clamped).toBe(true);
    expect(clamped.text).toContain('shortened');
  });

  it('does not pretend an imported token was requested', () => {
    const s = grantedSummary(token({ origin: 'imported', requestedExpirationSeconds: undefined }));
    expect(s).toEqual({
      clamped: false,
      extended: false,
      text: 'imported: lives 600 s (10 min) from iat to exp',
    });
  });
});

describe('identity helpers', () => {
  it('names the subject, a short handle, and whether the token can still be used', () => {
    expect(subjectOf(token())).toBe('system:serviceaccount:default:service-account-pod-viewer');
    expect(subjectOf(token({ claims: {} }))).toBe('system:serviceaccount:default:service-account-pod-viewer');
    expect(tokenHandle(token())).toBe('service-account-pod-viewer ·WXYZ');
    expect(tokenHandle(token({ label: 'from pod' }))).toBe('from pod ·WXYZ');
    expect(isUsable(token())).toBe(true);
    expect(isUsable(token({ status: 'rejected' }))).toBe(true);
    expect(isUsable(token({ held: false }))).toBe(false);
    expect(isUsable(token({ status: 'revoked' }))).toBe(false);
  });
});

describe('keepUnchanged', () => {
  it('keeps the old object of unchanged tokens and takes changed and new ones', () => {
    const a = token({ id: 'tok_aaaaaaaaaaaaaaaa' });
    const b = token({ id: 'tok_bbbbbbbbbbbbbbbb' });
    const next = [{ ...a }, { ...b, status: 'rejected' as const }, token({ id: 'tok_cccccccccccccccc' })];
    const kept = keepUnchanged([a, b], next);
    expect(kept[0]).toBe(a);
    expect(kept[1]).toBe(next[1]);
    expect(kept[2]).toBe(next[2]);
    expect(kept.map((t) => t.id)).toEqual(next.map((t) => t.id));
  });
});

describe('phase words while the API server is unreachable', () => {
  it('says unknown instead of valid, and keeps rejected', () => {
    expect(phaseWords('valid', false)).toMatchObject({ label: 'Valid', unknown: false });
    const valid = phaseWords('valid', true);
    expect(valid.label).toBe('Unknown');
    expect(valid.detail).not.toContain('accepts this token.');
    expect(valid.detail).toContain('By the clock: valid.');
    expect(phaseWords('leeway', true).label).toBe('Unknown');
    expect(phaseWords('rejected', true)).toMatchObject({ label: 'Rejected', unknown: false });
  });
});
