// Property-based fuzzing of every route's input (params, query, body) with valid CSRF headers:
// whatever arrives, no route answers 5xx or throws, and the server stays healthy. And of the Host
// header (DNS rebinding): any Host but the served loopback ones is refused with 421 on every route.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RouteEntry, routeInventory, send } from '../support/route-inventory';

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
