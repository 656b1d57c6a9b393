import { describe, expect, it } from 'vitest';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type { MintedToken } from '@/lib/contracts/tokens';
import {
  fromProgress,
  heldCount,
  missingTokenText,
  parseHeldMemo,
  restartNotice,
  toProgress,
  type WalkthroughState,
} from './scenario-restore';

function token(id: string, over: Partial<MintedToken> = {}): MintedToken {
  return {
    id,
    origin: 'minted',
    namespace: 'default',
    serviceAccount: 'viewer',
    header: { alg: 'RS256' },
    claims: {},
    audiences: [],
    boundObject: null,
    issuedAt: '2026-01-01T10:40:00.000Z',
    expirationTimestamp: '2026-01-01T10:50:00.000Z',
    jwtExpiresAt: '2026-01-01T10:50:00.000Z',
    grantedExpirationSeconds: 600,
    warnings: [],
    mintedBy: { kind: 'dashboard', subject: 'dashboard' },
    status: 'valid',
    held: true,
    ...over,
  };
}

const A = 'tok_AAAAAAAAAAAAAAAAAAAA';
const B = 'tok_BBBBBBBBBBBBBBBBBBBB';
const C = 'tok_CCCCCCCCCCCCCCCCCCCC';
const pod = { name: 'nginx', namespace: 'default', uid: 'u1', phase: 'Pending', serviceAccount: 'sa' };

const state: WalkthroughState = {
  results: {
    3: { verdict: 'expected', at: 1, result: { kind: 'minted', token: 'requesterToken' } },
    4: { verdict: 'expected', at: 2, result: { kind: 'project' } },
  },
  tokens: { requesterToken: token(A), viewerToken: token(B) },
  projections: {
    4: {
      mode: 'simulated',
      pod: pod as never,
      source: { volume: 'v', path: 'p', expirationSeconds: 600, refreshAfterSeconds: 480 },
      versions: [
        { n: 1, token: token(B), receivedAt: 5 },
        { n: 2, token: token(C), receivedAt: 6 },
      ],
      rotating: true,
      stopped: false,
    },
  },
  events: Array.from({ length: 100 }, (_, i) => ({ id: i, at: i, kind: 'ok' as const, badge: '200', text: 'x' })),
};

const steps = [
  { do: 'apply', manifest: 'a.yaml', title: 't', explain: '', commands: [] },
  { do: 'mint', serviceAccount: 'r', as: 'requesterToken', expect: 201, title: 't', explain: '', commands: [] },
  { do: 'project', pod: 'nginx', as: 'podToken', title: 't', explain: '', commands: [] },
  { do: 'reread', token: 'podToken', title: 't', explain: '', commands: [] },
] as ScenarioStep[];

describe('saved progress', () => {
  it('names tokens by id only and keeps the latest events', () => {
    const p = toProgress(state);
    expect(p.tokens).toEqual({ requesterToken: A, viewerToken: B });
    expect(p.projections['4']?.versions).toEqual([
      { n: 1, tokenId: B, receivedAt: 5 },
      { n: 2, tokenId: C, receivedAt: 6 },
    ]);
    expect(JSON.stringify(p)).not.toContain('"claims"');
    expect(p.events).toHaveLength(60);
    expect(p.events.at(-1)?.id).toBe(99);
  });

  it('restores what the vault still knows and names what it does not', () => {
    const r = fromProgress(toProgress(state), [token(A, { held: false, status: 'rejected' }), token(C)]);
    expect(r.tokens.requesterToken?.status).toBe('rejected');
    expect(r.unknown).toEqual(['viewerToken']);
    expect(r.projections[4]?.versions.map((v) => v.n)).toEqual([2]);
    expect(r.projections[4]?.stopped).toBe(true);
    expect(r.projections[4]?.rotating).toBe(false);
    expect(r.results[3]?.verdict).toBe('expected');
  });

  it('counts distinct tokens still held', () => {
    expect(heldCount(state)).toBe(3);
    expect(heldCount({ ...state, tokens: { a: token(A, { status: 'forgotten', held: false }) }, projections: {} })).toBe(0);
  });
});

describe('why a step cannot use its token', () => {
  it('says what happened and which step makes a new one', () => {
    expect(missingTokenText(steps, 'requesterToken', undefined, false)).toBe(
      'requesterToken is not minted yet. Run step 2 first, or use “Run to here”.',
    );
    expect(missingTokenText(steps, 'requesterToken', token(A, { held: false, status: 'rejected' }), false, 'UTC')).toBe(
      'requesterToken expired at 10:50:00 (dropped after the leeway) — run step 2 again.',
    );
    expect(missingTokenText(steps, 'requesterToken', token(A, { held: false, status: 'forgotten' }), false)).toBe(
      'requesterToken was forgotten — run step 2 again.',
    );
    expect(missingTokenText(steps, 'requesterToken', undefined, true)).toBe(
      'requesterToken was dropped at a server restart (or the session ended) — run step 2 again.',
    );
    // A projected file's token is renewed by reading the file again, not by writing it anew.
    expect(missingTokenText(steps, 'podToken', token(B, { held: false }), false, 'UTC')).toContain('run step 4 again');
  });
});

describe('restart notice', () => {
  it('speaks only when another session held tokens for this walkthrough', () => {
    expect(restartNotice(null, 5)).toBeNull();
    expect(restartNotice({ sessionStartedAt: 5, held: 2 }, 5)).toBeNull();
    expect(restartNotice({ sessionStartedAt: 4, held: 0 }, 5)).toBeNull();
    expect(restartNotice({ sessionStartedAt: 4, held: 2 }, 5)).toContain('2 tokens this walkthrough held are gone');
    expect(restartNotice({ sessionStartedAt: 4, held: 1 }, 5)).toContain('1 token this walkthrough held is gone');
  });

  it('reads only a well-formed memo', () => {
    expect(parseHeldMemo('{"sessionStartedAt":1,"held":2}')).toEqual({ sessionStartedAt: 1, held: 2 });
    expect(parseHeldMemo('{"held":"x"}')).toBeNull();
    expect(parseHeldMemo('nope')).toBeNull();
    expect(parseHeldMemo(null)).toBeNull();
  });
});
