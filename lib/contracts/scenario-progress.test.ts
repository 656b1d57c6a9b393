import { describe, expect, it } from 'vitest';
import { MAX_PROGRESS_CHARS, scenarioProgressSchema } from './scenario-progress';

const base = { results: {}, tokens: {}, projections: {}, events: [] };
const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('scenario progress schema', () => {
  it('takes tokens by id and step results', () => {
    const ok = scenarioProgressSchema.safeParse({
      ...base,
      tokens: { viewerToken: 'tok_AAAAAAAAAAAAAAAAAAAA' },
      results: { '5': { verdict: 'expected', at: 1, result: { kind: 'minted', token: 'viewerToken' } } },
    });
    expect(ok.success).toBe(true);
  });

  it('refuses a raw token in place of an id, or hidden in any text', () => {
    expect(scenarioProgressSchema.safeParse({ ...base, tokens: { viewerToken: jwt } }).success).toBe(false);
    const hidden = {
      ...base,
      results: { '1': { verdict: 'failed', at: 1, result: { kind: 'error', detail: `oops ${jwt}` } } },
    };
    expect(scenarioProgressSchema.safeParse(hidden).success).toBe(false);
  });

  it('refuses more than 32 KiB', () => {
    const events = Array.from({ length: 80 }, (_, i) => ({ id: i, at: i, kind: 'ok', badge: '200', text: 'x'.repeat(450) }));
    const r = scenarioProgressSchema.safeParse({ ...base, events });
    expect(JSON.stringify({ ...base, events }).length).toBeGreaterThan(MAX_PROGRESS_CHARS);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('larger than');
  });
});
