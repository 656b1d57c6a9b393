// /clusters on a dashboard of its own whose kubeconfig names the e2e cluster three ways (its token,
// an exec plugin, and the in-use context) and three broken contexts: each row says what it is and,
// after its check, whether it connected and as whom, or what is wrong and what to do.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from './support/fixtures';
import { e2eState } from './support/state';

const shots = process.env.TOKENSCOPE_SHOTS_DIR;

function writeKubeconfig(): string {
  const { cluster } = e2eState();
  const dir = join(process.cwd(), 'test-results', 'clusters');
  mkdirSync(dir, { recursive: true });
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, cluster.adminToken, { mode: 0o600 });
  // A CA that signed nothing the API server presents.
  const otherCa = join(dir, 'other-ca.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=other-ca',
      '-keyout',
      join(dir, 'other-ca.key'),
      '-out',
      otherCa,
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(cluster.caFile).toString('base64');
  const plugin = resolve('test/support/exec-credential-plugin.mjs');
  const exec = (command: string, args: string[] = []) => ({
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command,
      args,
      env: [{ name: 'TOKENSCOPE_PLUGIN_TOKEN_FILE', value: tokenFile }],
    },
  });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'local',
    clusters: [
      { name: 'local', cluster: { server: cluster.server, 'certificate-authority-data': ca } },
      { name: 'local-other-ca', cluster: { server: cluster.server, 'certificate-authority': otherCa } },
      { name: 'gone', cluster: { server: 'https://127.0.0.1:9', 'certificate-authority-data': ca } },
    ],
    users: [
      { name: 'admin', user: { token: cluster.adminToken } },
      { name: 'via-plugin', user: exec(plugin) },
      { name: 'eks', user: exec('aws', ['eks', 'get-token', '--cluster-name', 'prod']) },
    ],
    contexts: [
      { name: 'local', context: { cluster: 'local', user: 'admin' } },
      { name: 'local-via-plugin', context: { cluster: 'local', user: 'via-plugin', namespace: 'default' } },
      { name: 'prod-eks', context: { cluster: 'local', user: 'eks' } },
      { name: 'decommissioned', context: { cluster: 'gone', user: 'admin' } },
      { name: 'rebuilt-cluster', context: { cluster: 'local-other-ca', user: 'admin' } },
    ],
  };
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

test('lists every context with its own state, re-checks one, and has no dead end', async ({
  page,
  dashboard,
}) => {
  test.setTimeout(180_000);
  // PATH without the aws CLI, so `prod-eks` is the missing-plugin case on any machine.
  const url = await dashboard(10, {
    KUBECONFIG: writeKubeconfig(),
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
  });
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(`${url}/c/local/clusters`);
  await expect(page.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();

  const row = (name: string) => page.locator(`[data-testid="cluster-row"][data-context="${name}"]`);
  const state = (name: string) => row(name).locator('[data-state]');
  await expect(page.getByTestId('clusters-summary')).toHaveText('5 contexts: 2 connected, 3 failing.', {
    timeout: 30_000,
  });

  await expect(row('local')).toContainText('in use');
  await expect(row('local')).toContainText('Bearer token');
  await expect(state('local')).toHaveText('Connected');
  await expect(row('local')).toContainText('As tokenscope-admin');
  await expect(row('local')).toContainText('Kubernetes v1.36.3');
  // More than one context: every cluster is opened under its name, the current one's too.
  await expect(row('local').getByTestId('open-cluster')).toHaveAttribute('href', '/c/local');
  await expect(row('prod-eks').getByTestId('open-cluster')).toHaveAttribute('href', '/c/prod-eks');

  await expect(row('local-via-plugin')).toContainText('Exec plugin exec-credential-plugin.mjs');
  await expect(row('local-via-plugin').locator('code')).toHaveText('exec-credential-plugin.mjs');
  await expect(row('local-via-plugin')).toContainText('namespace default');
  await expect(state('local-via-plugin')).toHaveText('Connected');

  await expect(state('prod-eks')).toHaveText('Plugin missing');
  await expect(row('prod-eks')).toContainText(
    'The credential plugin aws is not on the PATH of the Tokenscope server.',
  );
  await expect(row('prod-eks')).toContainText('the AWS CLI');

  await expect(state('decommissioned')).toHaveText('Unreachable');
  await expect(row('decommissioned')).toContainText('Cannot reach the API server at https://127.0.0.1:9');

  await expect(state('rebuilt-cluster')).toHaveText('Certificate problem');
  await expect(row('rebuilt-cluster')).toContainText('authority the kubeconfig does not trust');

  // No token anywhere in the page.
  expect(await page.content()).not.toContain(e2eState().cluster.adminToken);

  // Re-check one context: its badge goes back to checking and comes back with the same diagnosis.
  const recheck = page.getByRole('button', { name: 'Re-check decommissioned' });
  await recheck.focus();
  await page.keyboard.press('Enter');
  await expect(state('decommissioned')).toHaveText('Unreachable');
  await expect(recheck).toBeEnabled();
  await page.getByRole('button', { name: 'Re-check all' }).click();
  await expect(page.getByTestId('clusters-summary')).toHaveText('5 contexts: 2 connected, 3 failing.', {
    timeout: 30_000,
  });

  // The overview links here too.
  await page.goto(url);
  await page.getByRole('link', { name: 'Every context of this kubeconfig →' }).click();
  await expect(page).toHaveURL(`${url}/c/local/clusters`);

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/clusters`);
      await expect(page.getByTestId('clusters-summary')).toHaveText('5 contexts: 2 connected, 3 failing.', {
        timeout: 30_000,
      });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal scroll at ${width} px`).toBeLessThanOrEqual(0);
      const name = `clusters-${width}-${colorScheme}.png`;
      await page.screenshot({ path: `test-results/screens/${name}`, fullPage: true });
      if (shots) await page.screenshot({ path: join(shots, name), fullPage: true });
    }
  }
});
