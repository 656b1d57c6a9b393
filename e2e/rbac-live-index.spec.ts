import { expect, test } from '@playwright/test';
import { kubeRequest, rbacListCount, settledRbacListCount } from './support/state';

// Pages read RBAC from the index the live watches keep current: with a browser listening, page views
// list no RBAC at all, and a change made with the API still reaches the page. The watches run in the
// events route's bundle and the pages in another, so this only shows in a real `next start`.
test('pages use the watch-fed RBAC index: no RBAC lists per view, and changes still show', async ({
  page,
}) => {
  await page.goto('/serviceaccounts/default/default');
  const bindings = page.getByTestId('section-bindings');
  await expect(bindings).toBeVisible();
  // The watches list once when they start; wait until that is over.
  const before = await settledRbacListCount();
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await expect(bindings).toBeVisible();
  }
  await page.goto('/serviceaccounts');
  await expect(page.getByRole('heading', { level: 1, name: 'ServiceAccounts' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'default' }).first()).toBeVisible();
  await page.goto('/serviceaccounts/default/default');
  expect(await rbacListCount()).toBe(before);

  // A binding made meanwhile reaches the open page (live refresh), from the index, still without a list.
  const name = `live-index-${Date.now().toString(36)}`;
  const made = await kubeRequest(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    },
  );
  expect(made.status).toBe(201);
  await expect(bindings).toContainText(name, { timeout: 10_000 });
  expect(await rbacListCount()).toBe(before);
  await kubeRequest('DELETE', `/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/${name}`);
  await expect(bindings).not.toContainText(name, { timeout: 10_000 });
});
