import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

// Every page from a phone (390 px) to a wide screen: no horizontal page scroll (tables, YAML and
// long identifiers scroll or wrap inside their own boxes), a navigation that folds into a menu on a
// phone, light and dark. Screenshots of each land in test-results/screens/widths-*.

const viewports = [
  { width: 390, height: 844 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

const pages = [
  { name: 'overview', path: '/' },
  { name: 'serviceaccounts', path: '/serviceaccounts' },
  { name: 'serviceaccount', path: '/serviceaccounts/default/service-account-token-requester' },
  { name: 'tokens', path: '/tokens' },
  { name: 'tokens-legacy', path: '/tokens/legacy' },
  { name: 'rbac', path: '/rbac' },
  { name: 'scenarios', path: '/scenarios' },
  { name: 'scenario', path: '/scenarios/token-request' },
  { name: 'scenario-projected', path: '/scenarios/projected-volume' },
  { name: 'scenario-stale-token', path: '/scenarios/stale-token' },
  { name: 'signin', path: '/signin' },
  { name: 'not-found', path: '/serviceaccounts/no-such-ns/default' },
];

/** How far the page scrolls sideways (0 when it fits), and the widest element sticking out. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const limit = doc.clientWidth;
    let widest = '';
    let right = limit;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').slice(0, 80)} (${Math.round(r.right)} px)`;
      }
    }
    return { by: doc.scrollWidth - limit, widest };
  });
}

test.use({ seed: ['token-request', 'projected-volume'] });

for (const viewport of viewports) {
  test(`no horizontal page scroll at ${viewport.width} px, light and dark`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    // A held token, so the workbench shows a card, its claims and the compare box.
    await page.goto('/tokens?namespace=default&serviceAccount=service-account-pod-viewer');
    await page.getByRole('button', { name: 'Request token' }).click();
    await expect(page.getByTestId('token-card')).toHaveCount(1);
    for (const { name, path } of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expect(page.getByTestId('page-loading')).toHaveCount(0);
      if (name === 'tokens') await expect(page.getByTestId('token-card')).toHaveCount(1);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const { by, widest } = await overflow(page);
        expect(
          by,
          `${path} at ${viewport.width} px (${colorScheme}) scrolls sideways; widest: ${widest}`,
        ).toBe(0);
        await page.screenshot({
          path: `test-results/screens/widths-${viewport.width}-${name}-${colorScheme}.png`,
          fullPage: true,
        });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });
}

test('on a phone the navigation is a menu: it opens, reaches every page, and closes', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const toggle = nav.getByRole('button', { name: 'Menu' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'RBAC' })).toBeHidden();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  for (const label of ['Overview', 'Tokens', 'Scenarios', 'ServiceAccounts', 'RBAC', 'Clusters']) {
    const link = nav.getByRole('link', { name: label, exact: true });
    await expect(link).toBeInViewport({ ratio: 1 });
  }
  await page.screenshot({ path: 'test-results/screens/widths-390-menu-open.png' });
  await nav.getByRole('link', { name: 'RBAC', exact: true }).click();
  await expect(page).toHaveURL(/\/rbac$/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'RBAC', exact: true })).toBeHidden();

  // Keyboard: Enter opens, the links follow in tab order, Escape closes and gives focus back.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Overview', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('link', { name: 'RBAC', exact: true })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});
