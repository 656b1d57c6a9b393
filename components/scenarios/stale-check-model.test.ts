import { describe, expect, it } from 'vitest';
import type { ScenarioStaleUses } from '@/lib/contracts/scenarios-api';
import { tokensNeeded } from './scenario-model';
import { actionLabel } from './scenario-step-texts';
import { shortTitle, tokensInPlay } from './scenario-stage-model';
import { readStaleCheck, shortDuration, staleSectionHref } from './stale-check-model';

const T = Date.parse('2026-12-03T10:00:00Z');
const none: ScenarioStaleUses = {
  configured: true,
  namespace: 'stale-token-demo',
  serviceAccount: 'inventory',
  pod: 'reads-once',
  since: '2026-12-03T09:00:00.000Z',
  files: ['audit.log'],
  use: null,
};
const found: ScenarioStaleUses = {
  ...none,
  use: {
    count: 2,
    firstSeen: '2026-12-03T09:59:00.000Z',
    lastSeen: '2026-12-03T09:59:30.000Z',
    lastSecondsStale: 125,
    maxSecondsStale: 125,
    lastRequest: 'list pods in stale-token-demo',
  },
};

describe('readStaleCheck', () => {
  it('expects stale: found in the audit log is the expected outcome', () => {
    const r = readStaleCheck('stale', found, T - 60_000, T);
    expect(r.verdict).toBe('expected');
    expect(r.text).toContain('marked 2 requests of pod reads-once stale');
  });

  it('waits, saying how long, while the token is before its warnafter', () => {
    const r = readStaleCheck('stale', none, T + 59 * 60_000 + 30_000, T);
    expect(r.verdict).toBe('waiting');
    expect(r.text).toContain('in 59 min');
  });

  it('is unexpected past warnafter with nothing in the log, or with no warnafter at all', () => {
    expect(readStaleCheck('stale', none, T - 5 * 60_000, T)).toMatchObject({ verdict: 'unexpected' });
    expect(readStaleCheck('stale', none, T - 5 * 60_000, T).text).toContain('by 5 min');
    expect(readStaleCheck('stale', none, undefined, T).text).toContain('exactly 3607 s');
  });

  it('expects fresh: none is expected, any stale use is not', () => {
    expect(readStaleCheck('fresh', none, T + 1000, T).verdict).toBe('expected');
    expect(readStaleCheck('fresh', found, T + 1000, T).verdict).toBe('unexpected');
  });

  it('fails with the reason and how to configure when there is no audit log', () => {
    const r = readStaleCheck(
      'stale',
      { configured: false, reason: 'No audit log is configured. Set TOKENSCOPE_AUDIT_LOG…' },
      T,
      T,
    );
    expect(r).toEqual({ verdict: 'failed', text: expect.stringContaining('Set TOKENSCOPE_AUDIT_LOG') });
  });
});

describe('helpers', () => {
  it('shortDuration rounds down to s, min, h min', () => {
    expect([
      shortDuration(-5),
      shortDuration(59_999),
      shortDuration(60_000),
      shortDuration(3_607_000),
    ]).toEqual(['0 s', '59 s', '1 min', '1 h 0 min']);
  });

  it('links to the stale section of Long-lived tokens for one account', () => {
    expect(staleSectionHref('stale-token-demo', 'inventory')).toBe(
      '/tokens/legacy?account=stale-token-demo%2Finventory#stale-heading',
    );
  });
});

describe('a stale-check step in the guided view', () => {
  const step = {
    title: 'An hour later',
    explain: '',
    commands: [],
    do: 'stale-check' as const,
    token: 'onceToken',
    pod: 'reads-once',
    request: { verb: 'list' as const, group: '', resource: 'pods', namespace: 'stale-token-demo' },
    expect: 'stale' as const,
  };

  it('names its button, chip and the token it needs', () => {
    expect(actionLabel(step)).toBe('Send list pods with onceToken, then read the audit log');
    expect(tokensNeeded(step)).toEqual(['onceToken']);
    expect(tokensInPlay(step)).toEqual(['onceToken']);
    expect(shortTitle(step, [])).toBe('reads-once: stale token?');
    expect(shortTitle({ ...step, expect: 'fresh' }, [])).toBe('reads-once: fresh token?');
  });
});
