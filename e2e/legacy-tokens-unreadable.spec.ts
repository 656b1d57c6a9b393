// Without the right to read Secrets in a namespace (here: the dashboard identity is given none with
// TOKENSCOPE_SECRET_NAMESPACES=""), the ServiceAccount pages say so plainly and show everything else.
import { expect, test } from './support/fixtures';

test.use({ seed: ['token-request'] });

test('legacy token Secrets that may not be read are marked, not an error', async ({ page, dashboard }) => {
  test.setTimeout(120_000);
  const url = await dashboard(7, { TOKENSCOPE_SECRET_NAMESPACES: '' });
  await page.goto(`${url}/serviceaccounts?namespace=default`);
  const row = page.locator('[data-testid="sa-row"][data-name="default/service-account-pod-viewer"]');
  await expect(row).toContainText('unreadable');
  await expect(row.getByText('unreadable')).toHaveAttribute('title', /TOKENSCOPE_SECRET_NAMESPACES/);

  await page.goto(`${url}/serviceaccounts/default/service-account-pod-viewer`);
  await expect(page.getByTestId('sa-legacy-unreadable')).toContainText(
    'Tokenscope reads Secrets as its own identity only in the namespaces listed in TOKENSCOPE_SECRET_NAMESPACES',
  );
  await expect(page.getByText('legacy tokens not readable')).toBeVisible();
  await expect(page.getByTestId('permissions-table').first()).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/serviceaccounts/default/service-account-pod-viewer#legacy-tokens`);
      await page.getByTestId('sa-legacy-unreadable').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/screens/legacy-unreadable-${width}-${colorScheme}.png` });
      await page.goto(`${url}/serviceaccounts?namespace=default`);
      await expect(row).toBeVisible();
      await page.screenshot({
        path: `test-results/screens/legacy-unreadable-list-${width}-${colorScheme}.png`,
      });
    }
  }
});
