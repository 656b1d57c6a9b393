// The control plane stops mid-session and comes back on the same data dir: the page says so within
// 5 s, recovers within 10 s of the API server's return without a reload, and ends like a fresh page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCluster } from '../scripts/lib/cluster.mjs';
import { startNext } from '../scripts/lib/next.mjs';
import { rbacListCount, settledRbacListCount } from './support/state';
import { sidePort } from '../playwright.config';

test('shows an API server outage and recovers without a reload', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'tokenscope-outage-'));
  let cluster = await startCluster({ dataDir: dir, log: () => {} });
  const server = await startNext({
    port: sidePort(2),
    env: { KUBECONFIG: cluster.info.kubeconfig },
    onOutput: () => {},
  });
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('cluster-card')).toContainText('v1.36.3');
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    const banner = page.getByTestId('outage-banner');
    await expect(banner).toHaveCount(0);

    await cluster.stop();
    const stopped = Date.now();
    await expect(banner).toContainText('The Kubernetes API server is unreachable', { timeout: 5_000 });
    expect(Date.now() - stopped).toBeLessThanOrEqual(5_000);
    await page.screenshot({ path: 'test-results/screens/outage-banner.png', fullPage: true });

    cluster = await startCluster({ dataDir: dir, log: () => {} });
    const back = Date.now();
    await expect(banner).toHaveCount(0, { timeout: 10_000 });
    expect(Date.now() - back).toBeLessThanOrEqual(10_000);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    const fresh = await browser.newPage();
    await fresh.goto(server.url);
    await expect(page.getByTestId('cluster-card')).toHaveText(
      (await fresh.getByTestId('cluster-card').textContent()) ?? '',
    );
    await fresh.close();

    // After the outage the RBAC watches listed afresh and the watch-fed index is back in service:
    // once that list is done, page views list no RBAC.
    const settled = await settledRbacListCount(cluster.info);
    for (let i = 0; i < 2; i++) {
      await page.goto(`${server.url}/serviceaccounts/default/default`);
      await expect(page.getByTestId('section-bindings')).toBeVisible();
    }
    expect(await rbacListCount(cluster.info)).toBe(settled);
  } finally {
    await server.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
