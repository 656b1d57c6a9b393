import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { kubeRequest } from './support/state';

// The risk page: findings with their grant chain, and an escalation path that ends in cluster-admin.

test.use({ seed: ['token-request', 'projected-volume'] });

const NS = 'e2e-risk';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** A purpose-built chain: e2e-risk/minter may mint a token for e2e-risk/boss, who is bound to cluster-admin. */
async function createChain(): Promise<void> {
  await kubeRequest('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  for (const name of ['boss', 'minter'])
    await kubeRequest('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name } });
  await kubeRequest('POST', `${RBAC}/clusterrolebindings`, {
    metadata: { name: 'e2e-risk-boss' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'boss', namespace: NS }],
  });
  await kubeRequest('POST', `${RBAC}/namespaces/${NS}/roles`, {
    metadata: { name: 'mint-boss' },
    rules: [
      { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['boss'] },
    ],
  });
  await kubeRequest('POST', `${RBAC}/namespaces/${NS}/rolebindings`, {
    metadata: { name: 'minter-mints-boss' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mint-boss' },
    subjects: [{ kind: 'ServiceAccount', name: 'minter', namespace: NS }],
  });
}

async function removeChain(): Promise<void> {
  await kubeRequest('DELETE', `${RBAC}/clusterrolebindings/e2e-risk-boss`);
  await kubeRequest('DELETE', `/api/v1/namespaces/${NS}`);
}

const SHOTS = '/tmp/shots-risk';

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      // No horizontal page scroll at any width.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: width === 390 });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

// Each screenshot set is 6 full renders; on a loaded 2-core machine that outlasts the default timeout.
test.describe.configure({ timeout: 240_000 });

test.beforeAll(createChain);
test.afterAll(removeChain);

test('lists the minter’s path to cluster-admin and the seed requester’s mint finding, with grants and links', async ({
  page,
}) => {
  const path = page.getByTestId('escalation-path').filter({ hasText: 'e2e-risk/minter' });
  // The page reads the watch-fed RBAC index: the chain made just before reaches it within the
  // watch's latency, and an analysis is shared for 3 s, so a first view may predate it.
  await expect(async () => {
    await page.goto('/rbac/risk');
    await expect(path).toContainText('reaches cluster-admin in 1 step', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('RBAC risk');
  await expect(page.getByRole('link', { name: 'Risk', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(path.getByTestId('escalation-step')).toContainText(
    'mint a token for ServiceAccount e2e-risk/boss (serviceaccounts/token create in namespace e2e-risk via RoleBinding e2e-risk/minter-mints-boss → Role mint-boss)',
  );
  await expect(path).toContainText('ClusterRoleBinding e2e-risk-boss');

  // Filters are a GET form: the seed's requester may mint for the viewer only.
  const form = page.getByRole('form', { name: 'Filter findings' });
  await form.getByLabel('Finding').selectOption('mint-tokens');
  await form.getByLabel('Name contains').fill('token-requester');
  await form.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/code=mint-tokens/);
  const finding = page
    .getByTestId('risk-finding')
    .filter({ hasText: 'default/service-account-token-requester' });
  await expect(finding.first()).toContainText('service-account-pod-viewer');
  await expect(finding.first()).toContainText('ClusterRoleBinding cluster-role-binding-token-requester-blog');
  await expect(page.getByTestId('risk-finding').filter({ hasNotText: 'token-requester' })).toHaveCount(0);
  await shots(page, 'risk-filtered');

  await page.goto('/rbac/risk');
  await shots(page, 'risk');

  await page
    .getByTestId('escalation-path')
    .filter({ hasText: 'e2e-risk/minter' })
    .getByRole('link', { name: 'e2e-risk/minter' })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('minter');
  const section = page.getByTestId('section-risk');
  await expect(section.getByTestId('escalation-step')).toContainText(
    'mint a token for ServiceAccount e2e-risk/boss',
  );
  await shots(page, 'sa-minter');
});

test('proves the seed requester → viewer mint with real tokens, ending in the viewer’s 200 listing pods', async ({
  page,
}) => {
  await page.goto('/rbac/risk?code=mint-tokens&q=token-requester');
  const finding = page
    .getByTestId('risk-finding')
    .filter({ hasText: 'default/service-account-token-requester' })
    .first();
  await finding.getByRole('button', { name: 'Prove it' }).click();
  const proof = finding.getByTestId('proof-result');
  await expect(proof).toHaveAttribute('data-proven', 'true', { timeout: 30_000 });
  const steps = proof.getByTestId('proof-step');
  await expect(steps.nth(0)).toContainText(
    '201 mint a token for default/service-account-token-requester as you',
  );
  await expect(steps.nth(0)).toContainText('system:serviceaccount:default:service-account-token-requester');
  await expect(steps.nth(1)).toContainText(
    '201 mint a token for default/service-account-pod-viewer as ServiceAccount default/service-account-token-requester',
  );
  await expect(proof.getByTestId('proof-check')).toContainText(
    '200 list pods in default as default/service-account-pod-viewer',
  );
  // No token reached the page: only ids and statuses.
  expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
  await shots(page, 'risk-proof');

  // The escalation path of the purpose-built chain ends in a 200 listing Secrets everywhere.
  const path = page.getByTestId('escalation-path').filter({ hasText: 'e2e-risk/minter' });
  await expect(async () => {
    await page.goto('/rbac/risk?q=e2e-risk');
    await expect(path.getByRole('button', { name: 'Prove it' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await path.getByRole('button', { name: 'Prove it' }).click();
  await expect(path.getByTestId('proof-result')).toHaveAttribute('data-proven', 'true', { timeout: 30_000 });
  await expect(path.getByTestId('proof-check')).toContainText(
    '200 list secrets in all namespaces as e2e-risk/boss',
  );
});

test('says when nothing matches, and when an account has no path', async ({ page }) => {
  await page.goto('/rbac/risk?q=no-such-subject-anywhere');
  await expect(page.getByTestId('risk-empty')).toContainText('No finding matches');
  await page.goto('/serviceaccounts/default/service-account-pod-viewer');
  await expect(page.getByTestId('sa-no-path')).toBeVisible();
  await page.goto('/serviceaccounts/e2e-risk/boss');
  await expect(page.getByTestId('sa-admin')).toBeVisible();
});
