import { expect, test } from './support/fixtures';

// The RBAC page: who can make a request, through which binding, and who can mint tokens for whom.

test.use({ seed: ['token-request', 'projected-volume'] });

test('who can list pods in default: the viewer and the blog account, through their bindings', async ({
  page,
  snap,
}) => {
  await page.goto('/rbac/who-can');
  const form = page.getByRole('form', { name: 'Who can' });
  await expect(form.getByLabel('Verb')).toHaveValue('list');
  await form.getByRole('button', { name: 'Who can?' }).click();
  await expect(page).toHaveURL(/verb=list&group=&resource=pods/);
  const subjects = page.getByTestId('who-can-subject');
  await expect(subjects.first()).toContainText('system:masters');
  const viewer = subjects.filter({ hasText: 'default/service-account-pod-viewer' });
  await expect(viewer).toContainText('cluster-role-binding-pod-viewer-blog');
  await expect(subjects.filter({ hasText: 'default/service-account-blog' })).toContainText(
    'cluster-role-binding-blog',
  );
  await expect(subjects.filter({ hasText: 'service-account-token-requester' })).toHaveCount(0);
  await snap('who-can-pods');

  await viewer.getByRole('link', { name: 'default/service-account-pod-viewer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('service-account-pod-viewer');
});

test('who can mint a token for the viewer, and who can mint for whom', async ({ page, snap }) => {
  await page.goto('/rbac/who-can');
  const form = page.getByRole('form', { name: 'Who can' });
  await form.getByLabel('Verb').fill('create');
  await form.getByLabel('Resource', { exact: true }).fill('serviceaccounts');
  await form.getByLabel('Subresource').fill('token');
  await form.getByLabel('Namespace', { exact: true }).fill('default');
  await form.getByLabel('Name', { exact: true }).fill('service-account-pod-viewer');
  await form.getByLabel('Name', { exact: true }).press('Enter');
  const subjects = page.getByTestId('who-can-subject');
  await expect(subjects.filter({ hasText: 'service-account-token-requester' })).toContainText(
    'cluster-role-binding-token-requester-blog',
  );
  const minter = page
    .getByTestId('token-minter')
    .filter({ hasText: 'default/service-account-token-requester' });
  // The scenario's role names the one ServiceAccount it may mint for (resourceNames), not all of them.
  await expect(minter).toContainText('service-account-pod-viewer in any namespace');
  await expect(minter).not.toContainText('any ServiceAccount');
  await expect(
    page.getByTestId('token-minter').filter({ hasText: 'default/service-account-pod-viewer' }),
  ).toHaveCount(0);
  await snap('mint');
  await page.emulateMedia({ colorScheme: 'dark' });
  await snap('mint-dark');
});

test('explains a malformed question instead of failing', async ({ page }) => {
  await page.goto('/rbac/who-can?verb=list&resource=Pods!');
  await expect(page.getByTestId('who-can-invalid')).toContainText('resource');
  await expect(page.getByTestId('token-minters')).toBeVisible();
});
