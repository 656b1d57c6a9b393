// A walkthrough's place in the server session: saved and read back by the same session only,
// bounded, for shipped scenarios only, and never holding a token (ids only).
import { describe, expect, it } from 'vitest';
import * as progress from '@/app/api/scenarios/[name]/progress/route';
import type { Problem } from '@/lib/contracts/errors';
import type { ScenarioProgressState } from '@/lib/contracts/scenario-progress';
import { RouteClient } from '../support/routes';

const place = {
  results: { '0': { verdict: 'expected', at: 1, result: { kind: 'minted', token: 'viewerToken' } } },
  tokens: { viewerToken: 'tok_AAAAAAAAAAAAAAAAAAAA' },
  projections: {},
  events: [{ id: 0, at: 1, kind: 'minted', badge: 'minted', text: 'viewerToken' }],
};

describe('scenario progress routes', () => {
  it('keeps the place per session and scenario', async () => {
    const a = new RouteClient();
    const first = await a.call<ScenarioProgressState>(progress.GET, { params: { name: 'token-request' } });
    expect(first.status).toBe(200);
    expect(first.body.savedAt).toBe(0);
    // No stored session yet (a cookie-less read stores none): 0, not a new time on every read.
    expect(first.body.sessionStartedAt).toBe(0);
    expect(first.body.progress.tokens).toEqual({});
    const put = await a.call<ScenarioProgressState>(progress.PUT, {
      method: 'PUT',
      params: { name: 'token-request' },
      body: place,
    });
    expect(put.status).toBe(200);
    expect(put.body.savedAt).toBeGreaterThan(0);
    // A cookie-less read runs on an unstored session; the write stores one, and reads then see it.
    expect(put.body.sessionStartedAt).toBeGreaterThan(0);
    const again = await a.call<ScenarioProgressState>(progress.GET, { params: { name: 'token-request' } });
    expect(again.body.progress).toEqual(place);
    expect(again.body.sessionStartedAt).toBe(put.body.sessionStartedAt);
    const other = await a.call<ScenarioProgressState>(progress.GET, { params: { name: 'projected-volume' } });
    expect(other.body.progress.results).toEqual({});

    const b = new RouteClient();
    const theirs = await b.call<ScenarioProgressState>(progress.GET, { params: { name: 'token-request' } });
    expect(theirs.body.progress.tokens).toEqual({});
    expect(theirs.body.sessionStartedAt).toBe(0);
  });

  it('refuses unknown scenarios, raw tokens, oversized places and cross-site writes', async () => {
    const c = new RouteClient();
    const put = (name: string, body: unknown, headers?: Record<string, string>) =>
      c.call<Problem>(progress.PUT, { method: 'PUT', params: { name }, body, headers });
    expect((await put('no-such-scenario', place)).status).toBe(400);
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect((await put('token-request', { ...place, tokens: { viewerToken: jwt } })).status).toBe(400);
    const events = Array.from({ length: 80 }, (_, i) => ({ id: i, at: i, kind: 'ok', badge: '200', text: 'x'.repeat(450) }));
    const big = await put('token-request', { ...place, events });
    expect(big.status).toBe(400);
    expect(big.body.detail).toContain('larger than');
    expect((await put('token-request', place, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).status).toBe(403);
  });
});
