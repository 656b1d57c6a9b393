import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { kubeGet } from './support/state';

test('shows the connected cluster and who the dashboard is there', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('cluster-card');
  await expect(card).toContainText('v1.36.3');
  await expect(page.getByTestId('dashboard-username')).toHaveText('tokenscope-admin');
  await expect(page.getByTestId('cluster-card')).toContainText('Dashboard identity');
  await expect(card.getByRole('list', { name: 'Groups' })).toContainText('system:masters');
  await page.screenshot({ path: 'test-results/screens/overview.png', fullPage: true });
});

test('every page loads without a failed request or a console error, icon included', async ({ page }) => {
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console: ${m.text()}`);
  });
  for (const path of [
    '/',
    '/tokens',
    '/serviceaccounts',
    '/serviceaccounts/default/default',
    '/rbac',
    '/rbac/who-can',
    '/scenarios',
    '/scenarios/token-request',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  }
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon/);
  expect(failures).toEqual([]);
});

test('applies and tears down a seed scenario from the browser, and the cluster follows', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('scenario-token-request');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card).toContainText('ServiceAccount/service-account-pod-viewerapplied');
  expect(
    (await kubeGet('/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer')).status,
  ).toBe(200);

  await card.getByRole('button', { name: 'Tear down' }).click();
  await expect(card).toContainText('ClusterRoleBinding/cluster-role-binding-pod-viewer-blogdeleted');
  expect(
    (await kubeGet('/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer')).status,
  ).toBe(404);
  await page.screenshot({ path: 'test-results/screens/overview-teardown.png', fullPage: true });

  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card).toContainText('ServiceAccount/service-account-pod-viewerapplied');
  expect(
    (
      await kubeGet(
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-role-binding-pod-viewer-blog',
      )
    ).status,
  ).toBe(200);
});

test('explains what was tried when no cluster is configured', async ({ page, dashboard }) => {
  const home = mkdtempSync(join(tmpdir(), 'tokenscope-nohome-'));
  await page.goto(await dashboard(1, { KUBECONFIG: '', HOME: home }));
  const panel = page.getByTestId('problem-panel');
  await expect(panel).toContainText('No cluster configured');
  await expect(panel).toContainText(join(home, '.kube', 'config'));
  await expect(panel).toContainText('in-cluster ServiceAccount');
  await expect(panel).toContainText('npm run demo');
  await expect(page.getByRole('button', { name: 'Apply' }).first()).toBeDisabled();
  await page.screenshot({ path: 'test-results/screens/overview-no-cluster.png', fullPage: true });
});
