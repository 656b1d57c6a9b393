// Route inventory (Headlamp's TestRestrictedEndpointsRequireToken, adapted): every route refuses
// each cross-site shape with 403, also when a forged x-middleware-subrequest header is sent; every
// route, the event stream included, refuses a Host Tokenscope does not serve (DNS rebinding) with 421
// before doing anything; and in shared mode every non-public route answers 401 without a session.
import { afterEach, describe, expect, it } from 'vitest';
import * as events from '@/app/api/events/route';
import * as session from '@/app/api/session/route';
import * as tokens from '@/app/api/tokens/route';
import { dashboardClients } from '@/lib/kube/clients';
import { requestToken } from '@/lib/kube/tokens';
import { routeInventory, send } from '../support/route-inventory';
import { RouteClient } from '../support/routes';

const routes = routeInventory();
/** Routes that need no session: health and the API description. */
const publicRoutes = ['/api/healthz', '/api/openapi.json', '/api/session'];
const mutating = routes.filter((r) => r.method !== 'GET');
const good = { 'content-type': 'application/json', 'x-tokenscope-request': '1', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };
const forged: Record<string, string>[] = [{}, { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' }];
const csrfCases: [string, Record<string, string>, string][] = [
  ['missing X-Tokenscope-Request', { ...good, 'x-tokenscope-request': '' }, '{}'],
  ['cross-site Origin', { ...good, origin: 'https://evil.example' }, '{}'],
  // A rebinding page is same-origin with itself: Origin names its own host (and the port).
  ['rebinding Origin', { ...good, origin: 'http://rebind.evil.example:3000' }, '{}'],
  ['Origin of another loopback port', { ...good, origin: 'http://127.0.0.1:8080' }, '{}'],
  ['Origin over https for an http server', { ...good, origin: 'https://127.0.0.1:3000' }, '{}'],
  ['Origin: null', { ...good, origin: 'null' }, '{}'],
  ['Sec-Fetch-Site: cross-site', { ...good, 'sec-fetch-site': 'cross-site' }, '{}'],
  ['text/plain body', { ...good, 'content-type': 'text/plain' }, '{}'],
  ['form body', { ...good, 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'],
];

/** Host headers of requests that reached the loopback server under a name it does not serve. */
const foreignHosts = [
  'rebind.evil.example:3000',
  'rebind.evil.example',
  '127.0.0.1:3001',
  'localhost:80',
  '127.0.0.1.nip.io:3000',
  'localhost.evil.example:3000',
  '127.0.0.1:3000.evil.example',
  '0.0.0.0:3000',
  '',
];

afterEach(() => {
  for (const k of ['TOKENSCOPE_MODE', 'PORT', 'TOKENSCOPE_PUBLIC_URL', 'TOKENSCOPE_TRUST_PROXY', 'TOKENSCOPE_TLS_CERT', 'TOKENSCOPE_TLS_KEY']) delete process.env[k];
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

describe('DNS rebinding: a Host Tokenscope does not serve', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s answers 421 to every foreign Host, in both modes', async (_name, route) => {
    for (const mode of ['local', 'shared']) {
      process.env.TOKENSCOPE_MODE = mode;
      for (const host of foreignHosts) {
        // Everything a same-origin script on the rebinding page can send, Origin matching its Host.
        const origin = `http://${host}`;
        const res = await send(route, {
          headers: { ...(route.method === 'GET' ? { origin } : { ...good, origin }), host },
          body: route.method === 'GET' ? undefined : '{}',
        });
        expect(res.status, `${mode} ${host}`).toBe(421);
        expect(res.headers.get('set-cookie')).toBeNull();
        const problem = await res.json();
        expect(problem).toMatchObject({ status: 421, code: 'forbidden:host' });
      }
    }
  });

  it('refuses the event stream under a foreign Host, and streams for a served one', async () => {
    const refused = await new RouteClient().call<{ code: string }>(events.GET, { path: '/api/events?kinds=serviceaccounts', headers: { host: 'rebind.evil.example:3000' } });
    expect(refused.status).toBe(421);
    expect(refused.body.code).toBe('forbidden:host');
    const req = new Request('http://127.0.0.1:3000/api/events?kinds=serviceaccounts', { headers: { host: 'localhost:3000' } });
    const res = await events.GET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    await res.body?.cancel();
  });
});

describe('the hosts Tokenscope serves', () => {
  it.each(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'LOCALHOST:3000'])('serves %s, reads and mints from its own origin', async (host) => {
    const origin = `http://${host.toLowerCase()}`;
    const c = new RouteClient();
    expect((await c.call(tokens.GET, { headers: { host } })).status).toBe(200);
    const minted = await c.call(tokens.POST, {
      method: 'POST',
      headers: { host, origin, 'sec-fetch-site': 'same-origin' },
      body: { namespace: 'default', serviceAccount: 'default', expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
  });

  it('serves loopback on the port it was started on, not on 3000', async () => {
    process.env.PORT = '3301';
    const c = new RouteClient();
    expect((await c.call(tokens.GET, { headers: { host: '127.0.0.1:3301' } })).status).toBe(200);
    expect((await c.call(tokens.GET, { headers: { host: '127.0.0.1:3000' } })).status).toBe(421);
    const mutate = (origin: string) =>
      c.call(tokens.POST, { method: 'POST', headers: { host: '127.0.0.1:3301', origin }, body: { namespace: 'default', serviceAccount: 'default' } });
    expect((await mutate('http://127.0.0.1:3000')).status).toBe(403);
    expect((await mutate('http://127.0.0.1:3301')).status).toBe(201);
  });

  it('serves the names of TOKENSCOPE_PUBLIC_URL, with their own scheme as the only origin', async () => {
    process.env.TOKENSCOPE_PUBLIC_URL = 'https://tokenscope.example.com, https://ts.internal.example:8443';
    const c = new RouteClient();
    for (const host of ['tokenscope.example.com', 'ts.internal.example:8443', '127.0.0.1:3000']) {
      expect((await c.call(tokens.GET, { headers: { host } })).status, host).toBe(200);
    }
    expect((await c.call(tokens.GET, { headers: { host: 'ts.internal.example' } })).status).toBe(421);
    const mutate = (origin: string) =>
      c.call(tokens.POST, { method: 'POST', headers: { host: 'tokenscope.example.com', origin }, body: { namespace: 'default', serviceAccount: 'default' } });
    expect((await mutate('http://tokenscope.example.com')).status).toBe(403);
    expect((await mutate('https://ts.internal.example')).status).toBe(403);
    expect((await mutate('https://tokenscope.example.com')).status).toBe(201);
  });
});

describe('the session cookie is Secure exactly when the browser came over TLS', () => {
  let token = '';
  const signIn = async (headers: Record<string, string> = {}) => {
    process.env.TOKENSCOPE_MODE = 'shared';
    token ||= (await requestToken(dashboardClients(), { namespace: 'default', serviceAccount: 'default', expirationSeconds: 600 })).token;
    const r = await new RouteClient().call(session.POST, { method: 'POST', headers, body: { token } });
    expect(r.status).toBe(200);
    return r.headers.get('set-cookie') ?? '';
  };

  it('ignores X-Forwarded-Proto unless a TLS-terminating proxy is declared', async () => {
    const cookie = await signIn({ 'x-forwarded-proto': 'https' });
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toMatch(/^__Host-/);
  });

  it('believes the declared proxy: https gets a Secure __Host- cookie, http does not', async () => {
    process.env.TOKENSCOPE_TRUST_PROXY = '1';
    expect(await signIn({ 'x-forwarded-proto': 'https' })).toMatch(/^__Host-[^;]+;.*; Secure/);
    expect(await signIn({ 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/);
  });

  it('sets Secure whenever Tokenscope serves TLS itself, and then expects https origins', async () => {
    process.env.TOKENSCOPE_TLS_CERT = '/tls/cert.pem';
    process.env.TOKENSCOPE_TLS_KEY = '/tls/key.pem';
    expect(await signIn({ origin: 'https://127.0.0.1:3000' })).toMatch(/^__Host-[^;]+;.*; Secure/);
    process.env.TOKENSCOPE_MODE = 'shared';
    const plain = await new RouteClient().call<{ code: string }>(session.POST, { method: 'POST', headers: { origin: 'http://127.0.0.1:3000' }, body: { token } });
    expect(plain.body.code).toBe('forbidden:csrf');
  });
});
