// Property-based fuzzing of every route's input (params, query, body) with valid CSRF headers:
// whatever arrives, no route answers 5xx or throws, and the server stays healthy. And of the Host
// header (DNS rebinding): any Host but the served loopback ones is refused with 421 on every route.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as events from '@/app/api/events/route';
import * as forget from '@/app/api/tokens/[id]/route';
import * as importRoute from '@/app/api/tokens/import/route';
import * as tokens from '@/app/api/tokens/route';
import type { MintedToken, TokenList } from '@/lib/contracts/tokens';
import { resetSharedRateLimits } from '@/lib/server/http/rate-limit';
import { type RouteEntry, routeInventory, send } from '../support/route-inventory';
import { RouteClient } from '../support/routes';

const CASES = Number(process.env.TOKENSCOPE_FUZZ_CASES ?? 1000);
const headers = { 'content-type': 'application/json', 'x-tokenscope-request': '1', origin: 'http://127.0.0.1:3000' };

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('../../etc/passwd', '%00', '\u0000', '__proto__', 'constructor', 'default', 'token-request', 'a'.repeat(300), '-1', '1e309'),
  fc.stringMatching(/^[a-z0-9-]{1,70}$/),
);
const json = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue(),
  fc.record({
    namespace: nasty, serviceAccount: nasty, expirationSeconds: fc.oneof(fc.integer(), fc.double(), nasty),
    audiences: fc.array(nasty, { maxLength: 12 }), verb: nasty, resource: nasty, group: nasty, token: nasty,
    boundObjectRef: fc.record({ kind: nasty, name: nasty, uid: nasty }),
  }, { requiredKeys: [] }),
  fc.constant({ __proto__: { polluted: true } }),
);
const bodyText = fc.oneof(json.map((v) => JSON.stringify(v)), fc.string(), fc.constant('{"a":'), fc.constant('x'.repeat(70_000)));

/** Host headers near the served ones (`127.0.0.1:3000`, `localhost:3000`, `[::1]:3000`) and anything else. */
const served = ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000'];
const hostLike = fc
  .oneof(
    fc.stringMatching(/^[a-zA-Z0-9.:[\]_-]{0,40}$/),
    fc.tuple(fc.constantFrom(...served, '127.0.0.1', 'localhost', '::1'), fc.stringMatching(/^[a-z0-9.:-]{0,12}$/), fc.boolean()).map(([h, extra, before]) =>
      before ? `${extra}${h}` : `${h}${extra}`,
    ),
    fc.constantFrom('rebind.evil.example:3000', '127.0.0.1:3000.', 'localhost.:3000', '127.1:3000', '2130706433:3000', '[::ffff:127.0.0.1]:3000', '[0:0:0:0:0:0:0:1]:3000'),
  )
  .filter((h) => !served.includes(h.toLowerCase()));

let unhandled = 0;
process.on('unhandledRejection', () => {
  unhandled++;
});
// Each test answers for the rejections it left (so a test run alone checks them too); the last test
// below also catches any that surface only after the final fuzz run.
afterEach(() => {
  expect(unhandled).toBe(0);
});

describe.each(routeInventory().map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route: RouteEntry) => {
  it(`answers < 500 to ${CASES} generated inputs`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ params: fc.array(nasty, { minLength: route.segments.length, maxLength: route.segments.length }), body: bodyText, query: fc.dictionary(nasty, nasty, { maxKeys: 4 }) }),
        async ({ params, body, query }) => {
          const p = Object.fromEntries(route.segments.map((s, i) => [s, params[i] ?? '']));
          const qs = new URLSearchParams(query).toString();
          const res = await send(route, { headers, body, params: p, query: qs ? `?${qs}` : '' });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          // An event stream never ends by itself; everything else is read to the end.
          if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
          else await res.text();
        },
      ),
      { numRuns: CASES },
    );
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(CASES);
  }, 120_000);
});

describe.each(routeInventory().map((r) => [`${r.method} ${r.path}`, r] as const))('%s under a foreign Host', (_name, route: RouteEntry) => {
  it(`answers 421 to ${Math.ceil(CASES / 10)} generated Host headers, Origin matching`, async () => {
    await fc.assert(
      fc.asyncProperty(hostLike, bodyText, async (host, body) => {
        const res = await send(route, { headers: { ...headers, host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, body });
        expect(res.status).toBe(421);
        expect((await res.json()).code).toBe('forbidden:host');
      }),
      { numRuns: Math.ceil(CASES / 10) },
    );
  }, 120_000);
});

it('left no unhandled rejections and a healthy server', async () => {
  const health = routeInventory().find((r) => r.path === '/api/healthz');
  expect(health).toBeDefined();
  if (health) expect((await send(health)).status).toBe(200);
  expect(unhandled).toBe(0);
});

// Floods (issue 12, item 3): nothing an anonymous or greedy caller sends may cost another user
// anything, nor hold unbounded memory.
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A JWT-shaped token to import (imports are decoded for display, never verified). */
function fakeToken(claims: Record<string, unknown> = {}): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'system:serviceaccount:default:victim', exp, ...claims })}.c2ln`;
}
// Literals, not imports, so that these cases run (and fail) against the code before the fix too.
const MAX_SESSIONS = 1000;
const MAX_STREAMS_PER_SESSION = 8;
// Reads that need no cluster round trip, so that a flood of them is quick; each one used to make a session.
const cheapReads = ['/api/tokens', '/api/healthz', '/api/session', '/api/openapi.json'];
const getRoutes = routeInventory().filter((r) => r.method === 'GET' && cheapReads.includes(r.path));

describe('floods', () => {
  // The fuzzing above spends the server-wide mint budget; each flood starts from a full one.
  beforeEach(() => resetSharedRateLimits());

  it('cookie-less requests neither make sessions nor evict a victim’s tokens', async () => {
    expect(getRoutes).toHaveLength(cheapReads.length);
    const victim = new RouteClient();
    const held: MintedToken[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await victim.call<MintedToken>(importRoute.POST, { method: 'POST', body: { token: fakeToken({ jti: `v${i}` }) } });
      expect(r.status).toBe(201);
      held.push(r.body);
    }
    // Reads without a cookie run on a session that is never stored: no cookie.
    for (let i = 0; i < 1.2 * MAX_SESSIONS; i += 50) {
      const replies = await Promise.all(Array.from({ length: 50 }, (_, j) => send(getRoutes[(i + j) % getRoutes.length] as RouteEntry)));
      for (const r of replies) {
        expect(r.headers.get('set-cookie')).toBeNull();
        await r.text();
      }
    }
    // Same-origin mutations do store sessions (they must), but only empty ones make room for more.
    for (let i = 0; i < 1.2 * MAX_SESSIONS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          new RouteClient().call(forget.DELETE, { method: 'DELETE', params: { id: 'tok_AAAAAAAAAAAAAAAAAAAAAAAA' } }),
        ),
      );
    }
    const list = await victim.call<TokenList>(tokens.GET);
    expect(list.body.tokens.map((t) => t.id).sort()).toEqual(held.map((t) => t.id).sort());
    expect(list.body.tokens.every((t) => t.held)).toBe(true);
  }, 60_000);

  it('refuses a body declared larger than 64 KiB with 413, and cuts off one that never ends', async () => {
    const big = await new RouteClient().call<{ code: string }>(importRoute.POST, {
      method: 'POST',
      body: { token: 'x'.repeat(70_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('too-large:request');
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const route = routeInventory().find((r) => r.path === '/api/tokens/import' && r.method === 'POST') as RouteEntry;
    const res = await route.handler(
      new Request('http://127.0.0.1:3000/api/tokens/import', { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers }, body: endless, duplex: 'half' } as RequestInit),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(pulled * 16 * 1024).toBeLessThan(256 * 1024);
  }, 20_000);

  it('refuses tokens longer than a real one (8 KiB) on import', async () => {
    const r = await new RouteClient().call<{ code: string }>(importRoute.POST, {
      method: 'POST',
      body: { token: fakeToken({ pad: 'x'.repeat(9000) }) },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
  });

  it('bounds imports over fresh sessions by the server-wide limit', async () => {
    const replies = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const c = new RouteClient();
        const out: number[] = [];
        for (let i = 0; i < 30; i++) out.push((await c.call(importRoute.POST, { method: 'POST', body: { token: fakeToken() } })).status);
        return out;
      }),
    );
    const statuses = replies.flat();
    // Before: each fresh session brought a full bucket of 30, so all 1,200 were held.
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(120);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(1000);
  }, 60_000);

  it(`caps a session at ${MAX_STREAMS_PER_SESSION} event streams`, async () => {
    const c = new RouteClient();
    await c.call(forget.DELETE, { method: 'DELETE', params: { id: 'tok_AAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(c.cookie).not.toBe('');
    const open = (signal: AbortSignal) =>
      events.GET(new Request('http://127.0.0.1:3000/api/events?kinds=serviceaccounts', { headers: { host: '127.0.0.1:3000', cookie: c.cookie }, signal }), {
        params: Promise.resolve({}),
      });
    const aborts = Array.from({ length: MAX_STREAMS_PER_SESSION }, () => new AbortController());
    const streams = await Promise.all(aborts.map((a) => open(a.signal)));
    expect(streams.map((r) => r.status)).toEqual(aborts.map(() => 200));
    const refused = await open(new AbortController().signal);
    expect(refused.status).toBe(429);
    await refused.text();
    // Closing one frees its place.
    aborts[0]?.abort();
    await streams[0]?.body?.cancel().catch(() => {});
    const again = await open(new AbortController().signal);
    expect(again.status).toBe(200);
    await again.body?.cancel();
    for (const [i, a] of aborts.entries()) {
      a.abort();
      await streams[i]?.body?.cancel().catch(() => {});
    }
  });
});

