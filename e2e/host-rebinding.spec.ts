// DNS rebinding, as a browser lives it: Chromium resolves rebind.evil.example to 127.0.0.1 (as the
// attacker's DNS would after the page loaded), so a page there is same-origin with itself while it
// talks to Tokenscope. Tokenscope must refuse the page and every API call under that name, and keep
// serving 127.0.0.1 and localhost, public/ included.
import { type Browser, type Page, chromium, expect, test } from '@playwright/test';
import { e2ePort } from '../playwright.config';
import { chromiumArgs, chromiumPath } from '../scripts/lib/chromium.mjs';

const evil = `http://rebind.evil.example:${e2ePort}`;
let browser: Browser;

test.beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--host-resolver-rules=MAP rebind.evil.example 127.0.0.1'],
  });
});

test.afterAll(async () => {
  await browser.close();
});

/** What a script on the page gets back from Tokenscope's API (same-origin, custom header set). */
function apiFromPage(page: Page, path: string, method = 'GET') {
  return page.evaluate(
    async ({ path, method }) => {
      const res = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-Tokenscope-Request': '1' },
        body:
          method === 'GET'
            ? undefined
            : JSON.stringify({ namespace: 'kube-system', serviceAccount: 'default' }),
      });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    },
    { path, method },
  );
}

test('a page under a rebound name is refused, and so is every API call it makes', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${evil}/`);
  expect(res?.status()).toBe(421);
  await expect(page.locator('body')).toContainText('421 Misdirected Request');
  await expect(page.locator('body')).toContainText('does not serve the host name "rebind.evil.example');
  await page.screenshot({ path: 'test-results/screens/host-rebinding-refused.png' });
  expect((await page.goto(`${evil}/serviceaccounts`))?.status()).toBe(421);

  for (const [path, method] of [
    ['/api/tokens', 'GET'],
    ['/api/identity', 'GET'],
    ['/api/serviceaccounts', 'GET'],
    ['/api/events', 'GET'],
    ['/api/tokens', 'POST'],
  ] as const) {
    const answer = await apiFromPage(page, path, method);
    expect(answer.status, `${method} ${path}`).toBe(421);
    expect(answer.type).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'forbidden:host', status: 421 });
  }
  // public/ is under the same check: only build output (/_next/static) is served to any name.
  for (const path of ['/robots.txt', '/icon.svg']) {
    expect((await page.goto(`${evil}${path}`))?.status(), path).toBe(421);
  }
  // Refused before a session exists: the rebinding origin holds no cookie of Tokenscope's.
  expect(await page.context().cookies()).toEqual([]);
  await page.close();
});

test('127.0.0.1 and localhost on the served port keep working in the same browser', async () => {
  for (const origin of [`http://127.0.0.1:${e2ePort}`, `http://localhost:${e2ePort}`]) {
    const page = await browser.newPage();
    const res = await page.goto(`${origin}/`);
    expect(res?.status(), origin).toBe(200);
    await expect(page.getByTestId('cluster-card')).toBeVisible();
    const answer = await apiFromPage(page, '/api/tokens');
    expect(answer.status, origin).toBe(200);
    await page.close();
  }
});

test('public/ is served on the served names: robots.txt keeps crawlers out, icon.svg is the page icon', async () => {
  for (const origin of [`http://127.0.0.1:${e2ePort}`, `http://localhost:${e2ePort}`]) {
    const page = await browser.newPage();
    const robots = await page.goto(`${origin}/robots.txt`);
    expect(robots?.status(), origin).toBe(200);
    expect(robots?.headers()['content-type']).toMatch(/^text\/plain/);
    expect(await robots?.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);

    await page.goto(`${origin}/`);
    const href = await page.locator('head link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/icon.svg');
    const icon = await page.request.get(`${origin}${href}`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toContain('<title>Tokenscope</title>');
    await page.close();
  }
});
