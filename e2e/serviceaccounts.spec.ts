import { expect, test } from './support/fixtures';
import { kubeGet, kubeRequest } from './support/state';

// The ServiceAccounts pages from a platform engineer's point of view, on the seed scenarios: what
// each account may do and through which binding, who can mint tokens, which pods mount which
// projected tokens, and a list that filters and pages from the server.

const NS = 'default';
const MANY_NS = 'e2e-sa-many';
const MANY = 260;
test.use({ seed: ['token-request', 'projected-volume'] });

test.beforeAll(async () => {
  if ((await kubeGet(`/api/v1/namespaces/${MANY_NS}`)).status === 404) {
    expect(
      await kubeRequest('POST', '/api/v1/namespaces', { metadata: { name: MANY_NS } }).then((r) => r.status),
    ).toBe(201);
    const names = Array.from({ length: MANY }, (_, i) => `worker-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 10) {
      const statuses = await Promise.all(
        names
          .slice(i, i + 10)
          .map((name) =>
            kubeRequest('POST', `/api/v1/namespaces/${MANY_NS}/serviceaccounts`, { metadata: { name } }).then(
              (r) => r.status,
            ),
          ),
      );
      expect(statuses.every((s) => s === 201)).toBe(true);
    }
  }
});

test('the pod viewer may list pods, granted by cluster-role-binding-pod-viewer-blog', async ({
  page,
  snap,
}) => {
  await page.goto(`/serviceaccounts/${NS}/service-account-pod-viewer`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('service-account-pod-viewer');
  const own = page.getByTestId('section-permissions').getByTestId('permissions-table').first();
  const cell = own.locator('[data-testid="perm-cell"][data-resource="pods"][data-verb="list"]');
  await expect(cell).toContainText('cluster-role-binding-pod-viewer-blog');
  await expect(cell).toContainText('cluster-role-pod-viewer-blog');
  await expect(page.getByTestId('sa-warning')).toHaveCount(0);
  await expect(
    page.getByTestId('sa-minter').filter({ hasText: 'default/service-account-token-requester' }),
  ).toContainText('cluster-role-binding-token-requester-blog');

  const canI = page.getByRole('form', { name: 'Can it …?' });
  await canI.getByLabel('Verb').fill('list');
  await canI.getByLabel('Resource', { exact: true }).fill('pods');
  await canI.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('can-i-review')).toHaveText('Allowed');
  await expect(page.getByTestId('can-i-engine')).toHaveText('Allowed');
  await expect(page.getByTestId('can-i-result')).toContainText('cluster-role-binding-pod-viewer-blog');
  await expect(page.getByTestId('can-i-disagreement')).toHaveCount(0);
  await expect(page.getByTestId('request-token')).toHaveAttribute(
    'href',
    `/tokens?namespace=${NS}&serviceAccount=service-account-pod-viewer`,
  );
  await snap('pod-viewer');
});

test('the requester holds only create serviceaccounts/token, and is warned about it', async ({
  page,
  snap,
}) => {
  await page.goto(`/serviceaccounts/${NS}/service-account-token-requester`);
  const own = page.getByTestId('section-permissions').getByTestId('permissions-table').first();
  const cells = own.getByTestId('perm-cell');
  await expect(cells).toHaveCount(1);
  await expect(cells.first()).toHaveAttribute('data-resource', 'serviceaccounts/token');
  await expect(cells.first()).toHaveAttribute('data-verb', 'create');
  await expect(cells.first()).toContainText('cluster-role-binding-token-requester-blog');
  const warning = page.locator('[data-testid="sa-warning"][data-code="mint-tokens"]');
  await expect(warning).toContainText('Can mint tokens for ServiceAccounts');
  await expect(warning).toContainText('cluster-wide');
  await expect(warning).toContainText('service-account-pod-viewer');

  const canI = page.getByRole('form', { name: 'Can it …?' });
  await canI.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('can-i-review')).toHaveText('Not allowed');
  await expect(page.getByTestId('can-i-engine')).toHaveText('Not allowed');
  // Its one rule names the pod viewer (resourceNames), so it differs from "list pods" in three fields.
  await expect(page.getByTestId('can-i-result')).toContainText('No binding reaching it comes close.');
  await snap('requester');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('group-permissions').locator('summary').click();
  await expect(page.getByTestId('group-permissions').getByTestId('permissions-table')).toBeVisible();
  await snap('requester-dark');
});

test('the nginx pod of service-account-blog mounts a projected token that lives 600 s', async ({
  page,
  snap,
}) => {
  await page.goto(`/serviceaccounts/${NS}/service-account-blog`);
  const pod = page.locator('[data-testid="sa-pod"][data-pod="nginx"]');
  const volume = pod.getByTestId('sa-token-volume');
  await expect(volume).toContainText('projected-volume-for-service-account-blog');
  await expect(volume).toContainText('/tmp/secrets');
  await expect(volume).toContainText('service-account-token-as-file');
  await expect(volume.getByTestId('sa-token-lifetime')).toHaveText('600 s (10 min)');
  await expect(volume).toContainText('after 480 s (8 min)');
  await expect(volume).not.toContainText('default (added by');
  await expect(page.getByTestId('section-legacy-tokens')).toContainText('No legacy token Secret');
  await snap('blog');
});

test('the list filters by namespace and search, and pages from the server', async ({ page, snap }) => {
  await page.goto('/serviceaccounts');
  const rows = page.getByTestId('sa-row');
  await expect(rows.first()).toBeVisible();
  const search = page.getByTestId('sa-search');
  await search.fill('service-account-');
  await expect(rows).toHaveCount(3);
  const requester = page.locator(`[data-testid="sa-row"][data-name="${NS}/service-account-token-requester"]`);
  await expect(requester).toContainText('can mint');
  await expect(page.locator(`[data-testid="sa-row"][data-name="${NS}/service-account-blog"]`)).toContainText(
    'off',
  );
  await expect(page).toHaveURL(/q=service-account-/);
  await snap('list-search');

  await search.fill('no-such-account-anywhere');
  await expect(page.getByTestId('sa-empty')).toBeVisible();
  await search.fill('');
  await page.getByTestId('sa-filter-namespace').selectOption(MANY_NS);
  await expect(page).toHaveURL(new RegExp(`namespace=${MANY_NS}`));
  await expect(page.getByTestId('sa-status')).toContainText('more on the server');
  // Windowed: a page of 100 rows puts only the visible ones (plus a margin) in the DOM.
  expect(await rows.count()).toBeLessThan(40);
  await expect(rows.first()).toHaveAttribute('data-name', `${MANY_NS}/default`);
  await snap('list-namespace');

  const table = page.getByRole('region', { name: 'ServiceAccounts, scrollable' });
  // Each scroll to the end asks for the next server page, until the continue token runs out.
  await expect
    .poll(
      async () => {
        await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return page.getByTestId('sa-status').textContent();
      },
      { timeout: 20_000 },
    )
    .toBe(`${MANY + 1} shown`);
  // The last page may have arrived after the poll's scroll: the new end is then below the window.
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(
    page.locator(`[data-testid="sa-row"][data-name="${MANY_NS}/worker-${MANY - 1}"]`),
  ).toBeVisible();
  expect(await rows.count()).toBeLessThan(40);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/serviceaccounts?namespace=${NS}`);
  await expect(rows.first()).toBeVisible();
  await snap('list-dark');
});

test('a disagreement between the API server and the engine is shown loudly', async ({ page, snap }) => {
  // The real engine and API server agree (the integration tests prove it on thousands of requests),
  // so the browser is handed a disagreeing answer to check that it is never hidden.
  await page.route('**/can-i', async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    await route.fulfill({
      response: real,
      json: { ...body, engine: { ...body.engine, allowed: false, grants: [] }, agree: false },
    });
  });
  await page.goto(`/serviceaccounts/${NS}/service-account-pod-viewer`);
  await page.getByRole('form', { name: 'Can it …?' }).getByRole('button', { name: 'Ask' }).click();
  const alert = page.getByTestId('can-i-disagreement');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('The API server says allowed; Tokenscope’s engine says not allowed');
  await snap('disagreement');
});

test('the first rows come in the document itself, not in a streamed boundary', async ({
  page,
  dashboard,
}) => {
  // The page waits up to TOKENSCOPE_IN_DOCUMENT_MS (300 ms by default) for its data before it streams
  // a loading state that React would reveal ~300 ms after the first paint. A side dashboard that may
  // wait 10 s makes the outcome independent of this machine's load; slow-cluster.spec.ts checks the
  // loading state of a cluster slower than the default.
  const url = await dashboard(13, { TOKENSCOPE_IN_DOCUMENT_MS: '10000' });
  const html = await (await page.request.get(`${url}/serviceaccounts?namespace=${NS}`)).text();
  expect(html).toContain('data-testid="sa-row"');
  expect(html).not.toContain('data-testid="page-loading"');
  await page.goto(`${url}/serviceaccounts?namespace=${NS}`);
  await expect(page.getByTestId('sa-row').first()).toBeVisible();
});

test('a later page from a newer snapshot says so, at every width', async ({ page, snap }) => {
  // The API server's 410 and its inconsistent continue token are proven against a real control plane
  // in test/integration/paging-expiry.test.ts (etcd compacting every 2 s); waiting minutes for this
  // cluster to compact is not worth an e2e test, so here the dashboard's own answer to the second
  // page carries the flag it would then carry, and the page is checked to show it.
  await page.route(/\/api\/serviceaccounts\?.*continue=/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), inconsistent: true } });
  });
  for (const [width, scheme] of [
    [390, 'light'],
    [1280, 'light'],
    [1920, 'dark'],
    [390, 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/serviceaccounts?namespace=${MANY_NS}`);
    await expect(page.getByTestId('sa-inconsistent')).toHaveCount(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    const note = page.getByTestId('sa-inconsistent');
    await expect(note).toContainText('Reload the page for a consistent list');
    await expect(page.getByTestId('sa-status')).toContainText('200 shown');
    // The note stays when a further page comes without the flag.
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(page.getByTestId('sa-status')).toContainText(`${MANY + 1} shown`);
    await expect(note).toBeVisible();
    await note.scrollIntoViewIfNeeded();
    await snap(`inconsistent-${width}-${scheme}`);
  }
});
