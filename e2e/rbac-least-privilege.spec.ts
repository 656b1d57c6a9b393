import { mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { MintedToken } from '../lib/contracts/tokens';
import { expect, test } from './support/fixtures';
import { e2eState, kubeGet } from './support/state';

// The least-privilege loop against the real local control plane and its real audit log: the
// least-privilege scenario's over-granted pod viewer makes its two requests with its own token,
// the page shows them, the unused grants and a minimal Role, and "Apply to a copy and replay"
// replays both with the copy's token: 0 failures, the unused grants gone. Then the copy is removed.

const ns = 'least-privilege-demo';
const sa = 'service-account-pod-viewer';
const page_ = `/rbac/least-privilege?namespace=${ns}&name=${sa}&window=3600`;
const shots = '/tmp/shots-leastpriv';

async function shoot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      // No horizontal page scroll at any width.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${shots}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.configure({ mode: 'serial' });

test('the least-privilege loop narrows a deliberately over-granted account and replays with 0 failures', async ({
  page,
  api,
}) => {
  test.setTimeout(180_000);
  // The scenario's objects: the pod viewer, over-granted, and a pod to read.
  expect((await api.post('/api/scenarios/least-privilege/apply', { data: {} })).status()).toBe(200);
  await expect
    .poll(async () => (await kubeGet(`/api/v1/namespaces/${ns}/pods/web`)).status, { timeout: 30_000 })
    .toBe(200);

  // Before any request: the empty state says how to generate some.
  await page.goto(`/rbac/least-privilege?namespace=${ns}&name=${sa}&window=900`);
  const tabs = page.getByRole('link', { name: 'Least privilege' }).first();
  await expect(tabs).toBeVisible();

  // The requests the viewer really makes, with its own token (as the scenario's steps do).
  const minted = await api.post('/api/tokens', {
    data: { namespace: ns, serviceAccount: sa, expirationSeconds: 600 },
  });
  expect(minted.status()).toBe(201);
  const { id } = (await minted.json()) as MintedToken;
  const tryIt = async (data: Record<string, string>) =>
    ((await (await api.post(`/api/tokens/${id}/requests`, { data })).json()) as { status: number }).status;
  await expect
    .poll(() => tryIt({ verb: 'list', group: '', resource: 'pods', namespace: ns }), { timeout: 30_000 })
    .toBe(200);
  expect(await tryIt({ verb: 'get', group: '', resource: 'pods', namespace: ns, name: 'web' })).toBe(200);
  expect(await tryIt({ verb: 'list', group: '', resource: 'configmaps', namespace: ns })).toBe(200);
  // A request it is refused: listed as denied, never granted.
  expect(await tryIt({ verb: 'list', group: '', resource: 'services', namespace: ns })).toBe(403);

  await page.goto(page_);
  const used = page.getByTestId('lp-used');
  await expect(used).toContainText(`list pods in ${ns}`);
  await expect(used).toContainText(`get pods web in ${ns}`);
  await expect(page.getByTestId('lp-denied')).toContainText(`list services in ${ns}`);
  // Secrets and delete pods were granted and never used.
  // The over-grant is partly used: delete pods, watch pods and get/list Secrets were never used.
  const unusedParts = page.getByTestId('lp-granted').getByTestId('lp-unused-parts');
  await expect(unusedParts.first()).toBeVisible();
  await expect(page.getByTestId('lp-granted')).toContainText('delete pods');
  await expect(page.getByTestId('lp-granted')).toContainText('get secrets');
  const yaml = page.getByTestId('lp-yaml');
  await expect(yaml).toContainText('resourceNames: ["web"]');
  await expect(yaml).toContainText('resources: ["configmaps", "pods"]');
  await expect(yaml).not.toContainText('secrets');
  await expect(yaml).not.toContainText('services');
  await expect(yaml).not.toContainText('delete');
  await shoot(page, 'least-privilege-report');

  await page.getByTestId('lp-run').click();
  const summary = page.getByTestId('lp-replay-summary');
  await expect(summary).toContainText('0 failures', { timeout: 60_000 });
  await expect(summary).toContainText(`system:serviceaccount:${ns}:${sa}-leastpriv`);
  const results = page.getByTestId('lp-replay-result');
  expect(await results.count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-testid="lp-replay-result"][data-ok="false"]')).toHaveCount(0);
  // Every unused grant the original had is gone from the copy.
  const checks = page.getByTestId('lp-unused-checks').locator('li');
  expect(await checks.count()).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('lp-unused-checks').locator('li[data-gone="false"]')).toHaveCount(0);
  await expect(page.getByTestId('lp-unused-checks')).toContainText('get secrets');
  await expect(page.getByTestId('lp-unused-checks')).toContainText('delete pods');
  // The copy exists in the cluster, labelled as Tokenscope's; the original is untouched.
  const copy = await kubeGet(`/api/v1/namespaces/${ns}/serviceaccounts/${sa}-leastpriv`);
  expect(copy.status).toBe(200);
  expect(
    (copy.body.metadata as { labels: Record<string, string> }).labels['app.kubernetes.io/managed-by'],
  ).toBe('tokenscope');
  expect(
    (await kubeGet(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/role-pod-viewer-overgranted`))
      .status,
  ).toBe(200);
  await shoot(page, 'least-privilege-replayed');

  await page.getByTestId('lp-remove').click();
  await expect(page.getByTestId('lp-removed')).toContainText(`ServiceAccount ${ns}/${sa}-leastpriv`);
  expect((await kubeGet(`/api/v1/namespaces/${ns}/serviceaccounts/${sa}-leastpriv`)).status).toBe(404);
  expect(
    (await kubeGet(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/${sa}-leastpriv`)).status,
  ).toBe(404);
});

test('empty states: no requests in the window, and no account chosen; the ServiceAccount page links here', async ({
  page,
  api,
}) => {
  expect((await api.post('/api/scenarios/least-privilege/apply', { data: {} })).status()).toBe(200);
  await expect
    .poll(async () => (await kubeGet(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status, {
      timeout: 30_000,
    })
    .toBe(200);
  await page.goto(`/serviceaccounts/${ns}/default`);
  await page.getByTestId('least-privilege-link').click();
  await expect(page).toHaveURL(new RegExp(`/rbac/least-privilege\\?namespace=${ns}&name=default`));
  await expect(page.getByTestId('lp-empty')).toContainText('No requests in the last hour');
  await expect(
    page.getByTestId('lp-empty').getByRole('link', { name: 'least-privilege scenario' }),
  ).toHaveAttribute('href', '/scenarios/least-privilege');
  await shoot(page, 'least-privilege-empty');
  await page.goto('/rbac/least-privilege');
  await expect(page.getByTestId('lp-choose')).toBeVisible();
  await page.getByLabel('Namespace', { exact: true }).fill(ns);
  await page.getByLabel('ServiceAccount', { exact: true }).fill(sa);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('lp-used')).toBeVisible();
  expect((await api.post('/api/scenarios/least-privilege/teardown', { data: {} })).status()).toBe(200);
  // The audit log holds ServiceAccount requests and TokenRequests only (the dashboard's own other
  // calls and watches are level None), so it stays small: its size is printed for the report.
  const log = e2eState().cluster.auditLog;
  const events = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as { verb: string; user: { username: string }; objectRef?: { subresource?: string } },
    );
  for (const e of events) {
    if (e.verb === 'create' && e.objectRef?.subresource === 'token') continue;
    expect(e.user.username).toMatch(/^system:serviceaccount:/);
  }
  console.log(`audit log: ${statSync(log).size} bytes, ${events.length} events`);
});
