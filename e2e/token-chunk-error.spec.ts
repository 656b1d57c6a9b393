import { expect, test } from './support/fixtures';

// A redeploy while a tab stays open (or a network blip) makes the lazily loaded token cards and
// compare panel fail to download. Each region shows its own alert with a Reload button; the request
// form keeps working (the session history, also loaded on demand, says it could not be shown), and the
// Reload button brings the cards and the history back.

const NS = 'default';
const VIEWER = 'service-account-pod-viewer';
/** Every JavaScript chunk; only requested after the initial load once the route is in place. */
const CHUNK = /\/_next\/static\/chunks\/[^?#]+\.js(?:[?#]|$)/;

test.use({ seed: ['token-request'] });

test('a lazy chunk that fails to download stays in its region: the form still mints', async ({ page }) => {
  await page.goto(`/tokens?namespace=${NS}&serviceAccount=${VIEWER}`);
  const form = page.getByRole('form', { name: 'Request a token' });
  const request = form.getByRole('button', { name: 'Request token' });
  await expect(request).toBeEnabled();
  await page.waitForLoadState('load');
  // A fresh browser session holds no tokens, so the cards' and compare panel's chunks are not loaded yet.
  await expect(page.getByRole('heading', { name: 'Held tokens (0)' })).toBeVisible();

  // As after a redeploy: the chunk names this page knows are gone from the server.
  const blocked: string[] = [];
  await page.route(CHUNK, (route) => {
    blocked.push(route.request().url());
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' });
  });

  await request.click();
  const cards = page.getByRole('alert').filter({ hasText: 'The held tokens could not be shown' });
  await expect(cards).toBeVisible();
  await expect(cards).toContainText('could not be downloaded');
  await expect(cards.getByRole('button', { name: 'Reload page' })).toBeEnabled();
  const compare = page.getByRole('alert').filter({ hasText: 'The compare panel could not be shown' });
  await expect(compare.getByRole('button', { name: 'Reload page' })).toBeVisible();
  expect(blocked.length).toBeGreaterThan(0);

  // The rest of the workbench is still there and working: mint a second token through the form.
  await expect(page.getByRole('heading', { name: 'Held tokens (1)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Token workbench' })).toBeVisible();
  await form.getByLabel('Custom').check();
  await form.getByLabel('Seconds').fill('3600');
  await expect(request).toBeEnabled();
  await request.click();
  await expect(page.getByRole('heading', { name: 'Held tokens (2)' })).toBeVisible();
  await expect(
    page.getByRole('alert').filter({ hasText: 'The session history could not be shown' }),
  ).toBeVisible();
  await expect(form.getByTestId('mint-error')).toBeEmpty();
  await expect(page.getByTestId('token-card')).toHaveCount(0);

  await cards.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/token-chunk-error.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screens/token-chunk-error-dark.png', fullPage: true });

  // The server has the chunks again: Reload, from the keyboard, brings the held tokens' cards back.
  await page.unroute(CHUNK);
  await cards.getByRole('button', { name: 'Reload page' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('token-card')).toHaveCount(2);
  await expect(page.getByTestId('token-history').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('alert').filter({ hasText: 'could not be shown' })).toHaveCount(0);
});
