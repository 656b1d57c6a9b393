// Route inventory (Headlamp's TestRestrictedEndpointsRequireToken, adapted): every route refuses
// each cross-site shape with 403, also when a forged x-middleware-subrequest header is sent, and in
// shared mode every non-public route answers 401 without a session.
import { afterEach, describe, expect, it } from 'vitest';
import { routeInventory, send } from '../support/route-inventory';

const routes = routeInventory();
/** Routes that need no session: health and the API description. */
const publicRoutes = ['/api/healthz', '/api/openapi.json', '/api/session'];
const mutating = routes.filter((r) => r.method !== 'GET');
const good = { 'content-type': 'application/json', 'x-tokenscope-request': '1', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };
const forged: Record<string, string>[] = [{}, { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' }];
const csrfCases: [string, Record<string, string>, string][] = [
  ['missing X-Tokenscope-Request', { ...good, 'x-tokenscope-request': '' }, '{}'],
  ['cross-site Origin', { ...good, origin: 'https://evil.example' }, '{}'],
  ['Origin: null', { ...good, origin: 'null' }, '{}'],
  ['Sec-Fetch-Site: cross-site', { ...good, 'sec-fetch-site': 'cross-site' }, '{}'],
  ['text/plain body', { ...good, 'content-type': 'text/plain' }, '{}'],
  ['form body', { ...good, 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'],
];

afterEach(() => {
  delete process.env.TOKENSCOPE_MODE;
});

it('finds the routes', () => {
  expect(routes.length).toBeGreaterThanOrEqual(12);
  expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/tokens', 'GET /api/identity']));
});

describe.each(mutating.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it.each(csrfCases)('refuses %s with 403', async (_case, headers, body) => {
    for (const extra of forged) {
      const res = await send(route, { headers: { ...headers, ...extra }, body });
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('forbidden:csrf');
    }
  });
});

describe('shared mode without a session', () => {
  it.each(routes.filter((r) => !publicRoutes.includes(r.path)).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s answers 401',
    async (_name, route) => {
      process.env.TOKENSCOPE_MODE = 'shared';
      for (const extra of forged) {
        const res = await send(route, {
          headers: { ...(route.method === 'GET' ? {} : good), ...extra },
          body: route.method === 'GET' ? undefined : '{}',
        });
        expect(res.status).toBe(401);
        expect((await res.json()).code).toBe('unauthorized:session');
      }
    },
  );
});
