// The cluster switcher (issue 15 item 4) on a dashboard of its own whose kubeconfig names two real
// control planes — the e2e cluster (current context) and a second one reached through an exec
// credential plugin under an EKS-style context name — and a context whose plugin is missing. Switch
// in the header, see the other cluster's ServiceAccounts, share the URL with a fresh browser, and
// see a failing cluster's diagnosis while the others keep working.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startCluster } from '../scripts/lib/cluster.mjs';
import { expect, test } from './support/fixtures';
import { e2eState } from './support/state';

const SECOND = 'arn:aws:eks:us-east-1:123456789012:cluster/second';
const SECOND_SLUG = 'arn~3Aaws~3Aeks~3Aus-east-1~3A123456789012~3Acluster~2Fsecond';
const BROKEN = 'prod eks';
const BROKEN_SLUG = 'prod~20eks';
const shots = process.env.TOKENSCOPE_SHOTS_DIR;

interface Second {
  server: string;
  caFile: string;
  adminToken: string;
}

/** A POST to the second control plane as its admin (how a test sets up what only it holds). */
function post(second: Second, path: string, body: unknown): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(
      new URL(path, second.server),
      {
        method: 'POST',
        ca: readFileSync(second.caFile),
        headers: { Authorization: `Bearer ${second.adminToken}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

function writeKubeconfig(dir: string, second: Second): string {
  const { cluster } = e2eState();
  const plugin = join(dir, 'exec-credential-plugin.mjs');
  copyFileSync(resolve('test/support/exec-credential-plugin.mjs'), plugin);
  chmodSync(plugin, 0o755);
  const tokenFile = join(dir, 'second-token');
  writeFileSync(tokenFile, second.adminToken, { mode: 0o600 });
  const ca = (file: string) => readFileSync(file).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'local',
    clusters: [
      {
        name: 'local',
        cluster: { server: cluster.server, 'certificate-authority-data': ca(cluster.caFile) },
      },
      { name: 'second', cluster: { server: second.server, 'certificate-authority-data': ca(second.caFile) } },
    ],
    users: [
      { name: 'admin', user: { token: cluster.adminToken } },
      {
        name: 'second-via-plugin',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            env: [{ name: 'TOKENSCOPE_PLUGIN_TOKEN_FILE', value: tokenFile }],
          },
        },
      },
      {
        name: 'eks',
        user: {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] },
        },
      },
    ],
    contexts: [
      { name: 'local', context: { cluster: 'local', user: 'admin' } },
      { name: SECOND, context: { cluster: 'second', user: 'second-via-plugin' } },
      { name: BROKEN, context: { cluster: 'second', user: 'eks' } },
    ],
  };
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: `test-results/screens/cluster-switcher-${name}.png` });
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `${name}.png`) });
  }
}

test('switches clusters in the header, keeps the cluster in shareable URLs, and isolates a failing one', async ({
  page,
  browser,
  dashboard,
}) => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'tokenscope-e2e-second-'));
  const started = await startCluster({ dataDir, log: () => {} });
  try {
    const second = started.info as Second;
    expect(
      await post(second, '/api/v1/namespaces/default/serviceaccounts', {
        metadata: { name: 'only-on-second' },
      }),
    ).toBe(201);
    const dir = join(process.cwd(), 'test-results', 'cluster-switcher');
    mkdirSync(dir, { recursive: true });
    // PATH without the aws CLI, so the third context is the missing-plugin case on any machine.
    const url = await dashboard(11, {
      KUBECONFIG: writeKubeconfig(dir, second),
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    });

    // More than one context: the current context's pages are addressed under its name too, so a
    // copied link says which cluster it shows. An unprefixed page redirects there, query kept.
    await page.goto(`${url}/serviceaccounts/default/only-on-second`);
    await expect(page).toHaveURL(`${url}/c/local/serviceaccounts/default/only-on-second`);
    await expect(page.getByTestId('not-found')).toContainText(
      'ServiceAccount default/only-on-second not found',
    );
    const switcher = page.getByTestId('cluster-switcher-button');
    // A click that lands before the switcher's code has loaded and hydrated is lost (the header shows
    // the server-rendered button meanwhile): click again until it opens.
    const openSwitcher = () =>
      expect(async () => {
        await switcher.click();
        await expect(switcher).toHaveAttribute('aria-expanded', 'true', { timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
    await expect(switcher).toHaveAccessibleName('Cluster: local');
    await page.goto(`${url}/serviceaccounts?namespace=default`);
    await expect(page).toHaveURL(`${url}/c/local/serviceaccounts?namespace=default`);
    await expect(page.getByTestId('sa-row').first()).toBeVisible();
    // In-page links keep the current cluster's prefix.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'RBAC' })).toHaveAttribute('href', '/c/local/rbac');
    await nav.getByRole('link', { name: 'RBAC' }).click();
    await expect(page).toHaveURL(`${url}/c/local/rbac`);
    await expect(switcher).toHaveAccessibleName('Cluster: local');

    // The proxy's cluster header cannot be sent by a client: the URL alone names the cluster.
    const forged = await page.request.get(`${url}/c/local/serviceaccounts/default/only-on-second`, {
      headers: { 'x-tokenscope-cluster': SECOND_SLUG, 'x-tokenscope-cluster-proof': 'guessed' },
    });
    // Only the second cluster has it: the page was rendered on local (404), not on the header's cluster.
    expect(forged.status()).toBe(404);
    await page.goto(`${url}/serviceaccounts/default/only-on-second`);

    // Open the switcher: every context with its state, the page's own marked; each entry links to
    // the same page under that cluster's name, the current context's too.
    await openSwitcher();
    const option = (name: string) => page.locator(`[data-testid="cluster-option"][data-context="${name}"]`);
    await expect(option('local')).toHaveAttribute('aria-current', 'page');
    await expect(option('local')).toHaveAttribute('href', '/c/local/serviceaccounts/default/only-on-second');
    await expect(option(SECOND)).toHaveAttribute(
      'href',
      `/c/${SECOND_SLUG}/serviceaccounts/default/only-on-second`,
    );
    await expect(option(SECOND).locator('[data-state]')).toHaveText('Connected', { timeout: 30_000 });
    await expect(option(BROKEN).locator('[data-state]')).toHaveText('Plugin missing');
    await expect(option(BROKEN)).toContainText('The credential plugin aws is not on the PATH');

    // Switch: the same page on the other cluster, which has that ServiceAccount.
    await option(SECOND).click();
    await expect(page).toHaveURL(`${url}/c/${SECOND_SLUG}/serviceaccounts/default/only-on-second`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('only-on-second');
    await expect(switcher).toHaveAccessibleName(`Cluster: ${SECOND}`);

    // In-app links keep the cluster: the namespace's ServiceAccounts on the second cluster.
    await page.getByRole('main').getByRole('link', { name: 'default', exact: true }).first().click();
    await expect(page).toHaveURL(`${url}/c/${SECOND_SLUG}/serviceaccounts?namespace=default`);
    await expect(page.getByTestId('sa-row').filter({ hasText: 'only-on-second' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'RBAC' }).click();
    await expect(page).toHaveURL(`${url}/c/${SECOND_SLUG}/rbac`);
    await expect(switcher).toHaveAccessibleName(`Cluster: ${SECOND}`);

    // The URL is the cluster: a fresh browser (no cookie, no history) opens the same one.
    const fresh = await browser.newContext();
    try {
      const other = await fresh.newPage();
      await other.goto(`${url}/c/${SECOND_SLUG}/serviceaccounts/default/only-on-second`);
      await expect(other.getByRole('heading', { level: 1 })).toHaveText('only-on-second');
      await expect(other.getByTestId('cluster-switcher-button')).toHaveAccessibleName(`Cluster: ${SECOND}`);
    } finally {
      await fresh.close();
    }

    // A failing cluster shows its diagnosis instead of a broken page; the others keep working.
    await page.goto(`${url}/c/${BROKEN_SLUG}/serviceaccounts`);
    const problem = page.getByTestId('problem-panel');
    await expect(problem).toContainText(`Cluster “${BROKEN}” cannot be used`);
    await expect(problem).toContainText('The credential plugin aws is not on the PATH');
    await expect(problem).toContainText('pick one in the header');
    await expect(switcher).toHaveAccessibleName(`Cluster: ${BROKEN}`);
    await openSwitcher();
    await option('local').click();
    await expect(page).toHaveURL(`${url}/c/local/serviceaccounts`);
    await expect(page.getByTestId('problem-panel')).toHaveCount(0);
    await expect(page.getByTestId('sa-table')).toBeVisible();
    await expect(page.getByTestId('sa-row').filter({ hasText: 'only-on-second' })).toHaveCount(0);

    // An unknown cluster is a 404 that leads to the list of clusters.
    const missing = await page.goto(`${url}/c/no-such-cluster/rbac`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toContainText('Cluster not found');
    await page.getByRole('link', { name: 'All clusters of your kubeconfig' }).click();
    await expect(page).toHaveURL(`${url}/c/local/clusters`);

    // Keyboard: ArrowDown opens and walks the list, Escape closes and gives the focus back.
    await page.goto(`${url}/c/${SECOND_SLUG}`);
    await switcher.focus();
    await page.keyboard.press('ArrowDown');
    await expect(switcher).toHaveAttribute('aria-expanded', 'true');
    await expect(option('local')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(option('local')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(option(SECOND)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(switcher).toHaveAttribute('aria-expanded', 'false');
    await expect(switcher).toBeFocused();

    // Widths and colour schemes: the open switcher, and the failing cluster's page.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const width of [390, 1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${url}/c/${SECOND_SLUG}/serviceaccounts`);
        await openSwitcher();
        await expect(option(BROKEN).locator('[data-state]')).toHaveText('Plugin missing', {
          timeout: 30_000,
        });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `horizontal scroll at ${width} px`).toBeLessThanOrEqual(0);
        await shoot(page, `switcher-open-${width}-${colorScheme}`);
        await page.goto(`${url}/c/${BROKEN_SLUG}/serviceaccounts`);
        await expect(page.getByTestId('problem-panel')).toContainText('is not on the PATH');
        await shoot(page, `failing-cluster-${width}-${colorScheme}`);
      }
    }
  } finally {
    await started.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('one context keeps plain URLs, and no client picks the cluster through the proxy’s header', async ({
  page,
}) => {
  // The e2e dashboard's kubeconfig has one context (as `npm run demo`): no prefix, no switcher.
  await page.goto('/serviceaccounts?namespace=default');
  await expect(page).toHaveURL(/\/serviceaccounts\?namespace=default$/);
  await expect(page.getByTestId('sa-table')).toBeVisible();
  await expect(page.getByTestId('cluster-switcher')).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'RBAC' }),
  ).toHaveAttribute('href', '/rbac');
  // A header naming a cluster is the proxy's to set: a client's own is replaced (it used to be
  // kept on unprefixed pages, and this one named no cluster: a 404).
  const forged = await page.request.get('/serviceaccounts?namespace=default', {
    headers: { 'x-tokenscope-cluster': 'no-such-cluster' },
  });
  expect(forged.status()).toBe(200);
  expect(await forged.text()).not.toContain('Cluster not found');
});
