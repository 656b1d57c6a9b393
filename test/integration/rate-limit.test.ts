// A burst of 100 mint requests from one session: only the bucket's burst reaches the API server,
// the rest are refused with 429 and Retry-After before any call is made.
import { beforeAll, expect, it } from 'vitest';
import * as tokens from '@/app/api/tokens/route';
import { rateLimits } from '@/lib/http/rate-limit';
import { dashboardClients } from '@/lib/kube/clients';
import { applyScenario } from '@/lib/scenarios/apply';
import { loadScenario } from '@/lib/scenarios/load';
import { RouteClient } from '../support/routes';

beforeAll(async () => {
  await applyScenario(dashboardClients(), await loadScenario('token-request'));
});

it('lets the burst through and refuses the rest with 429 and Retry-After', async () => {
  const client = new RouteClient();
  await client.call(tokens.GET);
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
