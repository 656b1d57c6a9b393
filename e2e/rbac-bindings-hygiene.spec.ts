import { expect, test } from './support/fixtures';
import { kubeGet, kubeRequest } from './support/state';

// The hygiene section on /rbac lists the first few findings of each kind (a 10,000-binding cluster
// made the page's HTML several times heavier than its rows); every finding stays one link away,
// with the table's filters kept.

const NS = 'e2e-hygiene-many';
const DANGLING = 14;
const FIRST = 10;
const shots = '/tmp/shots-bindfast';

test.use({ seed: ['token-request', 'projected-volume'] });

test.beforeAll(async () => {
  if ((await kubeGet(`/api/v1/namespaces/${NS}`)).status !== 404) return;
  expect((await kubeRequest('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201);
  const statuses = await Promise.all(
    Array.from({ length: DANGLING }, (_, i) =>
      kubeRequest('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
        metadata: { name: `gone-${String(i).padStart(2, '0')}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'no-such-role' },
        subjects: [{ kind: 'User', name: 'hygiene-user' }],
      }).then((r) => r.status),
    ),
  );
  expect(statuses.every((s) => s === 201)).toBe(true);
});

test('hygiene lists the first findings; "Show all" lists every one and keeps the filters', async ({
  page,
}) => {
  await page.goto('/rbac');
  const dangling = page.getByTestId('hygiene-dangling');
  await expect(dangling).toBeVisible();
  await expect(dangling.getByRole('listitem')).toHaveCount(FIRST);
  const all = page.getByTestId('hygiene-dangling-all');
  const total = Number((await all.textContent())?.match(/Show all ([\d,]+)/)?.[1]?.replace(/,/g, ''));
  expect(total).toBeGreaterThanOrEqual(DANGLING);
  await expect(dangling).toContainText(`The first ${FIRST} of ${total.toLocaleString('en-US')}.`);

  // A filter set in the table is in the address once it settles; "Show all" keeps it.
  await page.getByLabel('Role', { exact: true }).fill('no-such-role');
  await expect(page).toHaveURL(/role=no-such-role/);
  await expect(page.getByTestId('binding-row')).toHaveCount(DANGLING);
  await all.click();
  await expect(page).toHaveURL(/\/rbac\?role=no-such-role&hygiene=all#hygiene-heading$/);
  await expect(dangling.getByRole('listitem')).toHaveCount(total);
  for (let i = 0; i < DANGLING; i++)
    await expect(
      dangling.getByRole('link', { name: `${NS}/gone-${String(i).padStart(2, '0')}` }),
    ).toBeVisible();
  await expect(page.getByLabel('Role', { exact: true })).toHaveValue('no-such-role');
  await expect(page.getByTestId('binding-row')).toHaveCount(DANGLING);

  // The table's filters change without losing the full list; a reload keeps both.
  await page.getByLabel('Role', { exact: true }).fill('no-such');
  await expect(page).toHaveURL(/\/rbac\?role=no-such&hygiene=all/);
  await page.reload();
  await expect(dangling.getByRole('listitem')).toHaveCount(total);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: `${shots}/rbac-hygiene-all-390-light.png`, fullPage: true });

  // And back to the first few, the filter still kept.
  await page.getByTestId('hygiene-dangling-fewer').click();
  await expect(page).toHaveURL(/\/rbac\?role=no-such#hygiene-heading$/);
  await expect(dangling.getByRole('listitem')).toHaveCount(FIRST);
  await expect(page.getByLabel('Role', { exact: true })).toHaveValue('no-such');
});

test('/rbac with its hygiene section at 390, 1280 and 1920 px, light and dark, without sideways scroll', async ({
  page,
}) => {
  test.setTimeout(180_000);
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/rbac?role=no-such-role');
      await expect(page.getByTestId('binding-row').first()).toBeVisible();
      await expect(page.getByTestId('hygiene-dangling-all')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `/rbac at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${shots}/rbac-${width}-${scheme}.png`, fullPage: true });
    }
  }
});
