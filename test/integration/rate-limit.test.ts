// A burst of 100 mint requests from one session: only the bucket's burst reaches the API server,
// the rest are refused with 429 and Retry-After before any call is made. Fresh sessions bring no
// fresh budget: minting is also bounded server-wide.
import { beforeAll, expect, it } from 'vitest';
import * as forget from '@/app/api/tokens/[id]/route';
import * as tokens from '@/app/api/tokens/route';
import { rateLimits, resetSharedRateLimits, sharedRateLimits } from '@/lib/server/http/rate-limit';
import { dashboardClients } from '@/lib/kube/clients';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

beforeAll(async () => {
  await applyScenario(dashboardClients(), await loadScenario('token-request'));
});

it('lets the burst through and refuses the rest with 429 and Retry-After', async () => {
  resetSharedRateLimits();
  const client = new RouteClient();
  // Reads make no session; a same-origin change does (forgetting an unknown token: 404).
  await client.call(forget.DELETE, { method: 'DELETE', params: { id: 'tok_AAAAAAAAAAAAAAAAAAAAAAAA' } });
  expect(client.cookie).not.toBe('');
  const body = { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 };
  const replies = await Promise.all(Array.from({ length: 100 }, () => client.call(tokens.POST, { method: 'POST', body })));
  const minted = replies.filter((r) => r.status === 201);
  const limited = replies.filter((r) => r.status === 429);
  expect(minted.length).toBeGreaterThanOrEqual(rateLimits.mint.burst - 1);
  expect(minted.length).toBeLessThanOrEqual(rateLimits.mint.burst + 1);
  expect(minted.length + limited.length).toBe(100);
  for (const r of limited) {
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((r.body as { code: string }).code).toBe('rate-limited:session');
  }
});

it('bounds minting over fresh sessions: 40 sessions get the server-wide burst, not 40 bursts', async () => {
  resetSharedRateLimits();
  const body = { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 };
  const replies = await Promise.all(
    Array.from({ length: 40 }, async () => {
      const client = new RouteClient();
      const out: Awaited<ReturnType<typeof client.call>>[] = [];
      for (let i = 0; i < rateLimits.mint.burst; i++) out.push(await client.call(tokens.POST, { method: 'POST', body }));
      return out;
    }),
  );
  const all = replies.flat();
  const minted = all.filter((r) => r.status === 201).length;
  // Before: 1,200 (every fresh session brought a full bucket). Now the server-wide burst plus what
  // refills while the flood runs.
  expect(minted).toBeGreaterThanOrEqual(sharedRateLimits['mint:server'].burst);
  expect(minted).toBeLessThan(sharedRateLimits['mint:server'].burst * 2);
  const limited = all.filter((r) => r.status === 429);
  expect(limited.length).toBe(all.length - minted);
  expect(limited.some((r) => (r.body as { code: string }).code === 'rate-limited:server')).toBe(true);
});
