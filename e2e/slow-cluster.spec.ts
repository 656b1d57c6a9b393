// A slow API server (2 s added by a proxy): the page shell and a progress state appear at once;
// past the per-call timeout the page shows an error instead of hanging.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { startSlowProxy } from './support/slow-proxy';
import { e2eState } from './support/state';

/** A proxy adding `delayMs` to every call to the e2e cluster, and a kubeconfig (`name`) that goes through it. */
async function slowCluster(delayMs: number, name: string) {
  const { cluster } = e2eState();
  const proxy = await startSlowProxy(new URL(cluster.server), delayMs);
  const kubeconfig = join(process.cwd(), 'test-results', name);
  writeFileSync(
    kubeconfig,
    readFileSync(cluster.kubeconfig, 'utf8').replace(cluster.server, `https://127.0.0.1:${proxy.port}`),
  );
  return { proxy, kubeconfig };
}

test('renders the shell at once, shows progress, then the data; a stalled call ends in an error', async ({
  page,
  dashboard,
}) => {
  test.setTimeout(90_000);
  const { proxy, kubeconfig } = await slowCluster(2_000, 'slow-kubeconfig');
  const url = await dashboard(3, { KUBECONFIG: kubeconfig });
  try {
    const started = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    // The shell (navigation and a progress state) arrives while the data is still on its way.
    await expect(page.getByTestId('page-loading')).toBeVisible({ timeout: 5_000 });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(await page.getByTestId('cluster-card').count()).toBe(0);
    const shellMs = Date.now() - started;
    await page.screenshot({ path: 'test-results/screens/slow-cluster-loading.png' });
    await expect(page.getByTestId('cluster-card')).toContainText('v1.36.3', { timeout: 20_000 });
    expect(Date.now() - started).toBeGreaterThan(2_000);
    console.log(`slow cluster: shell after ${shellMs} ms, data after ${Date.now() - started} ms`);

    proxy.setDelay(30_000);
    const stalled = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await expect(page.getByTestId('problem-panel')).toContainText('did not answer in time', {
      timeout: 20_000,
    });
    expect(Date.now() - stalled).toBeLessThan(20_000);
    await page.screenshot({ path: 'test-results/screens/slow-cluster-timeout.png', fullPage: true });
  } finally {
    await proxy.close();
  }
});

test('the ServiceAccounts page of a slow cluster shows its loading state, then the rows', async ({
  page,
  dashboard,
}) => {
  test.setTimeout(60_000);
  const { proxy, kubeconfig } = await slowCluster(1_000, 'slow-kubeconfig-sa');
  const url = await dashboard(12, { KUBECONFIG: kubeconfig });
  try {
    await page.goto(`${url}/serviceaccounts?namespace=default`, { waitUntil: 'commit' });
    // Past IN_DOCUMENT_MS the shell and a progress state stream first.
    await expect(page.getByTestId('page-loading')).toBeVisible({ timeout: 5_000 });
    await expect(page.getByTestId('sa-row').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('page-loading')).toHaveCount(0);
  } finally {
    await proxy.close();
  }
});
