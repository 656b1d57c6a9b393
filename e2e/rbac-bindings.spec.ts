import { expect, test } from './support/fixtures';

// The bindings browser (/rbac): every binding, filtered in the browser with the filters in the URL,
// a binding's page with its subjects and rules, a role's page, and old who-can links redirected.

test.use({ seed: ['token-request', 'projected-volume'] });

const shots = '/tmp/shots-bindings';

test('filter to the pod viewer, follow its binding to its rules and role', async ({ page, snap }) => {
  await page.goto('/rbac');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('RBAC bindings');
  const nav = page.getByRole('navigation', { name: 'RBAC sections' });
  await expect(nav.getByRole('link', { name: 'Bindings' })).toHaveAttribute('aria-current', 'page');
  const count = page.getByTestId('bindings-count');
  await expect(count).toContainText(/\d+ bindings · \d+ dangling/);
  const rows = page.getByTestId('binding-row');
  await expect(rows.first()).toBeVisible();

  // Keyboard: the subject filter is reachable and typing filters at once, the URL follows.
  const filters = page.getByRole('search', { name: 'Filter bindings' });
  await filters.getByLabel('Subject kind').selectOption('ServiceAccount');
  await filters.getByLabel('Subject', { exact: true }).focus();
  await page.keyboard.type('service-account-pod-viewer');
  await expect(page).toHaveURL(/subjectKind=ServiceAccount&subject=service-account-pod-viewer/);
  await expect(count).toContainText(/\d+ of \d+ bindings match/);
  const viewer = rows.filter({ hasText: 'cluster-role-binding-pod-viewer-blog' });
  await expect(viewer).toHaveCount(1);
  await expect(rows.filter({ hasText: 'cluster-role-binding-token-requester-blog' })).toHaveCount(0);
  await snap('filtered');

  // The shared URL reproduces the view on a fresh load.
  await page.reload();
  await expect(filters.getByLabel('Subject', { exact: true })).toHaveValue('service-account-pod-viewer');
  await expect(rows.filter({ hasText: 'cluster-role-binding-pod-viewer-blog' })).toHaveCount(1);

  await viewer.getByRole('link', { name: 'cluster-role-binding-pod-viewer-blog' }).click();
  await expect(page).toHaveURL(/\/rbac\/bindings\/_cluster\/cluster-role-binding-pod-viewer-blog$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('cluster-role-binding-pod-viewer-blog');
  const subject = page.getByTestId('binding-subject');
  await expect(subject).toContainText('service-account-pod-viewer');
  await expect(subject).toContainText('exists');
  const rule = page.getByTestId('role-rule');
  await expect(rule).toHaveCount(1);
  await expect(rule).toContainText('list');
  await expect(rule).toContainText('pods');
  await snap('binding');

  await page.getByRole('link', { name: 'ClusterRole cluster-role-pod-viewer-blog' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('cluster-role-pod-viewer-blog');
  await expect(page.getByTestId('role-bound-by')).toContainText('cluster-role-binding-pod-viewer-blog');
});

test('filters by what the role grants, and says when nothing matches', async ({ page }) => {
  await page.goto('/rbac?grantVerb=create&grantResource=serviceaccounts/token');
  const rows = page.getByTestId('binding-row');
  await expect(rows.filter({ hasText: 'cluster-role-binding-token-requester-blog' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'cluster-role-binding-pod-viewer-blog' })).toHaveCount(0);
  await page.getByLabel('Role').fill('no-role-has-this-name');
  await expect(page.getByTestId('bindings-empty')).toContainText('No binding matches');
  await page.getByTestId('bindings-empty').getByRole('button', { name: 'clear them all' }).click();
  await expect(page).toHaveURL(/\/rbac$/);
  await expect(rows.first()).toBeVisible();
});

test('pages from the server: the first rows come with the page, "Show more" fetches the next page', async ({
  page,
}) => {
  const pages: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/rbac/bindings')) pages.push(r.url());
  });
  await page.goto('/rbac');
  const rows = page.getByTestId('binding-row');
  const count = page.getByTestId('bindings-count');
  await expect(count).toContainText(/\d+ bindings · \d+ dangling/);
  const total = Number(
    ((await count.textContent()) ?? '').match(/^([\d,]+) bindings/)?.[1]?.replace(/,/g, ''),
  );
  // The seeded cluster has more bindings than one page: the HTML brought the first 50, no fetch yet.
  expect(total).toBeGreaterThan(50);
  await expect(rows).toHaveCount(50);
  expect(pages).toEqual([]);
  await expect(page.getByText(`Showing 50 of ${total}.`)).toBeVisible();
  const more = page.getByRole('button', { name: /^Show [\d,]+ more$/ });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(Math.min(total, 100));
  expect(pages).toHaveLength(1);
  expect(new URL(pages[0] ?? '').searchParams.get('continue')).toBeTruthy();
  // Rows stay unique and in order across pages.
  const names = await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name ?? ''));
  expect(new Set(names).size).toBe(names.length);
  // The hygiene section streams in after the rows.
  await expect(page.getByTestId('hygiene')).toBeVisible();
  await expect(page.getByTestId('hygiene-dangling')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: '/tmp/shots-speed/bindings-paged-1280-light.png', fullPage: true });
});

test('an old who-can link lands on who-can; unknown bindings and roles are named 404s', async ({ page }) => {
  await page.goto('/rbac?verb=list&resource=pods');
  await expect(page).toHaveURL(/\/rbac\/who-can\?verb=list&resource=pods$/);
  await expect(
    page.getByTestId('who-can-subject').filter({ hasText: 'default/service-account-pod-viewer' }),
  ).toBeVisible();

  const cases = [
    ['/rbac/bindings/_cluster/no-such-binding', 'binding', 'ClusterRoleBinding no-such-binding not found'],
    ['/rbac/bindings/default/no-such-binding', 'binding', 'RoleBinding default/no-such-binding not found'],
    ['/rbac/roles/_cluster/no-such-role', 'role', 'ClusterRole no-such-role not found'],
    ['/rbac/roles/default/no-such-role', 'role', 'Role default/no-such-role not found'],
  ] as const;
  for (const [path, kind, title] of cases) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByTestId('not-found')).toHaveAttribute('data-missing', kind);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  }
});

test('screenshots at 390, 1280 and 1920 px, light and dark, without sideways scroll', async ({ page }) => {
  test.setTimeout(300_000);
  const pages = [
    ['bindings', '/rbac'],
    ['binding', '/rbac/bindings/_cluster/cluster-role-binding-pod-viewer-blog'],
    ['role', '/rbac/roles/_cluster/view'],
  ] as const;
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, path] of pages) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: `${shots}/${name}-${width}-${scheme}.png`,
          fullPage: name !== 'bindings',
        });
      }
    }
  }
});
