// The custody audit, run as the teardown project of the e2e project (playwright.config.ts): after
// every spec that ran, however many, no JWT may be found in the server's logs, the pages' HTML, the
// built assets, browser storage or script-readable cookies. It mints and uses a token of its own,
// so it audits something even after a single spec (or alone: `playwright test --project custody`),
// and searches for that token verbatim too. And the server listens on loopback only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { e2ePort } from '../playwright.config';
import { csrf, expect, test } from './support/fixtures';

// Mutations carry a JSON content type even without a body (reveal has none).
const api = { ...csrf, 'Content-Type': 'application/json' };

const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

test('no token leaks into logs, pages, assets or browser storage', async ({ page }) => {
  await page.goto('/');
  const apply = await page.request.post('/api/scenarios/token-request/apply', { headers: api, data: {} });
  expect(apply.ok()).toBe(true);
  const minted = await page.request.post('/api/tokens', {
    headers: api,
    data: { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 },
  });
  expect(minted.status()).toBe(201);
  const { id } = await minted.json();
  const known = (await (await page.request.post(`/api/tokens/${id}/reveal`, { headers: api })).json())
    .token as string;
  expect(known).toMatch(JWT);
  const tryIt = await page.request.post(`/api/tokens/${id}/requests`, {
    headers: api,
    data: { verb: 'list', group: '', resource: 'pods', namespace: 'default' },
  });
  expect((await tryIt.json()).status).toBe(200);

  const html: string[] = [];
  page.on('response', async (r) => {
    const type = r.headers()['content-type'] ?? '';
    if (/text\/html|text\/x-component/.test(type)) html.push(await r.text().catch(() => ''));
  });
  for (const path of ['/', '/tokens', '/serviceaccounts', '/rbac', '/rbac/who-can']) {
    await page.goto(path);
    html.push(await page.content());
  }
  const storage = await page.evaluate(async () => ({
    local: JSON.stringify({ ...window.localStorage }),
    session: JSON.stringify({ ...window.sessionStorage }),
    cookie: document.cookie,
    idb: (await indexedDB.databases?.())?.map((d) => d.name).join(',') ?? '',
  }));
  expect(storage.cookie).toBe('');

  await page.waitForTimeout(500);
  const serverLog = readFileSync(join(process.cwd(), 'test-results', 'e2e-server.log'), 'utf8');
  expect(serverLog).toContain('token minted');
  const assets = [
    ...walk(join(process.cwd(), '.next', 'static')),
    ...walk(join(process.cwd(), '.next', 'server')),
  ]
    .filter((f) => /\.(js|html|rsc|body|json)$/.test(f))
    .map((f) => readFileSync(f, 'utf8'));

  // The scan must have something to scan: pages were captured and the build has assets.
  expect(html.filter((h) => h.includes('Tokenscope')).length).toBeGreaterThanOrEqual(4);
  expect(assets.length).toBeGreaterThan(10);
  const places: Record<string, string[]> = {
    'server log': [serverLog],
    'HTML and RSC payloads': html,
    'built assets': assets,
    'browser storage': [storage.local, storage.session, storage.cookie, storage.idb],
  };
  for (const [where, texts] of Object.entries(places)) {
    const found = texts.flatMap((t) => t.match(JWT) ?? []);
    expect(found, `JWT-shaped strings in ${where}`).toEqual([]);
    expect(
      texts.some((t) => t.includes(known)),
      `the minted token in ${where}`,
    ).toBe(false);
  }
});

test('listens on loopback only', () => {
  const hexPort = e2ePort.toString(16).toUpperCase().padStart(4, '0');
  const listening = ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((f) => {
      try {
        return readFileSync(f, 'utf8').split('\n').slice(1);
      } catch {
        return [];
      }
    })
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
    .map((cols) => cols[1]?.split(':')[0] ?? '');
  expect(listening.length).toBeGreaterThan(0);
  // 127.0.0.1 in /proc/net/tcp's little-endian hex, or ::1 / ::ffff:127.0.0.1 in tcp6.
  for (const addr of listening) {
    expect(['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']).toContain(
      addr,
    );
  }
});
