import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { tabTo } from './support/keyboard';
import { kubeGet, kubeRequest } from './support/state';

// Issue 4's bound-object picker, with the keyboard only: choose a kind, see the empty state for
// Nodes (the local control plane has no kubelet), pick a Secret seeded in the cluster, mint, and
// find the Secret's name and real UID on the card, minted by the named dashboard identity.

const NS = 'default';
const VIEWER = 'service-account-pod-viewer';
const SECRET = `picker-seeded-${randomBytes(3).toString('hex')}`;

let secretUid = '';
let adminName = '';

test.use({ seed: ['token-request'], screenPrefix: 'bound-object' });

test.beforeAll(async () => {
  const secret = await kubeRequest('POST', `/api/v1/namespaces/${NS}/secrets`, {
    metadata: { name: SECRET },
    stringData: { password: 'not-for-the-browser' },
  });
  expect(secret.status).toBe(201);
  secretUid = String((secret.body.metadata as { uid: string }).uid);
  const me = await kubeRequest('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  adminName = String((me.body.status as { userInfo: { username: string } }).userInfo.username);
});

test('pick a Secret with the keyboard, mint, and the card names it with its UID', async ({ page, snap }) => {
  await page.goto(`/tokens?namespace=${NS}&serviceAccount=${VIEWER}`);
  const form = page.getByRole('form', { name: 'Request a token' });
  await expect(form.getByRole('button', { name: 'Request token' })).toBeEnabled();
  const kind = form.getByRole('combobox', { name: 'Kind', exact: true });
  const name = form.getByRole('combobox', { name: 'Name', exact: true });
  const uid = form.getByLabel('UID (optional)');
  const status = form.getByTestId('bound-object-status');

  await tabTo(page, kind);
  // Pod, Secret, Node: a closed select moves with the arrow keys.
  await page.keyboard.press('ArrowDown');
  await expect(kind).toHaveValue('Pod');
  // Loaded (a count, or the empty state when no scenario created pods yet).
  await expect(status).toContainText(/(\d+|No) pods? in namespace default/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(kind).toHaveValue('Node');
  const nodes = ((await kubeGet('/api/v1/nodes')).body.items as unknown[] | null) ?? [];
  if (nodes.length === 0) {
    await expect(status).toHaveText(
      'No nodes in this cluster (a control plane without kubelets has none) — create one or choose another kind.',
    );
    await form.getByRole('group', { name: 'Bound object (optional)' }).scrollIntoViewIfNeeded();
    await snap('nodes-empty');
  }
  await page.keyboard.press('ArrowUp');
  await expect(kind).toHaveValue('Secret');
  await expect(status).toContainText(/\d+ secrets? in namespace default/);

  await page.keyboard.press('Tab');
  await expect(name).toBeFocused();
  await page.keyboard.type('seeded');
  const listbox = form.getByRole('listbox');
  await expect(listbox).toBeVisible();
  await expect(listbox.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  const option = listbox.getByRole('option', { selected: true });
  await expect(option).toContainText(SECRET);
  await expect(name).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? 'missing');
  await form.getByRole('group', { name: 'Bound object (optional)' }).scrollIntoViewIfNeeded();
  await snap('listbox');
  await page.keyboard.press('Enter');
  await expect(listbox).toBeHidden();
  await expect(name).toHaveValue(SECRET);
  await expect(uid).toHaveValue(secretUid);
  await expect(form).toContainText(`refuses the request if Secret ${SECRET} no longer has this UID`);
  // The Secret's data never reaches the page.
  expect(await page.content()).not.toContain('not-for-the-browser');

  // Enter with the list closed submits the form.
  await page.keyboard.press('Enter');
  const card = page.locator(`[data-testid="token-card"][data-service-account="${VIEWER}"]`).first();
  await expect(card).toContainText(`Secret/${SECRET} (uid ${secretUid})`);
  await expect(card).toContainText(`dashboard identity (${adminName})`);
  await card.getByText('Claims explained').click();
  await expect(card.getByRole('table')).toContainText(secretUid);
  await snap('minted');
  await card.screenshot({ path: 'test-results/screens/bound-object-card.png' });

  // Typing by hand is still possible: the UID empties and the note says what that means.
  await name.fill('typed-by-hand');
  await expect(uid).toHaveValue('');
  await expect(form).toContainText('Without a UID the API server does not check the object’s identity');
  await expect(status).toContainText('No listed Secret is named like “typed-by-hand”');

  await page.emulateMedia({ colorScheme: 'dark' });
  await name.fill('');
  await name.press('ArrowDown');
  await expect(listbox).toBeVisible();
  await form.getByRole('group', { name: 'Bound object (optional)' }).scrollIntoViewIfNeeded();
  await snap('dark');
  await form.screenshot({ path: 'test-results/screens/bound-object-dark-form.png' });
  await card.screenshot({ path: 'test-results/screens/bound-object-dark-card.png' });
});

test('acting as a signed-in user who may not list Secrets: the 403 names the missing permission', async ({
  page,
  dashboard,
  snap,
}) => {
  test.setTimeout(90_000);
  const tr = await kubeRequest('POST', `/api/v1/namespaces/${NS}/serviceaccounts/${VIEWER}/token`, {
    spec: { expirationSeconds: 3600, audiences: [] },
  });
  const token = (tr.body.status as { token: string }).token;
  const url = await dashboard(5, { TOKENSCOPE_MODE: 'shared' });
  await page.goto(`${url}/signin`);
  await page.getByLabel('Your bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toHaveText(`system:serviceaccount:${NS}:${VIEWER}`);
  await page.goto(`${url}/tokens?namespace=${NS}&serviceAccount=${VIEWER}`);
  const form = page.getByRole('form', { name: 'Request a token' });
  // Minting without a held token acts as the signed-in user, and the form says so.
  await expect(form.getByRole('combobox', { name: 'Mint as' }).locator('option').first()).toHaveText(
    `You (system:serviceaccount:${NS}:${VIEWER})`,
  );
  const kind = form.getByRole('combobox', { name: 'Kind', exact: true });
  const status = form.getByTestId('bound-object-status');
  await kind.selectOption('Secret');
  await expect(status).toContainText('Could not list secrets in namespace default (HTTP 403)');
  await expect(status).toContainText(
    `User "system:serviceaccount:${NS}:${VIEWER}" cannot list resource "secrets"`,
  );
  await expect(status).toContainText('Listing needs the list verb on secrets in namespace default');
  // Typing by hand still works after a refused list.
  await form.getByRole('combobox', { name: 'Name', exact: true }).fill(SECRET);
  await expect(form.getByRole('combobox', { name: 'Name', exact: true })).toHaveValue(SECRET);
  await form.getByRole('group', { name: 'Bound object (optional)' }).scrollIntoViewIfNeeded();
  await snap('forbidden');
  await page.emulateMedia({ colorScheme: 'dark' });
  await form.screenshot({ path: 'test-results/screens/bound-object-dark-forbidden.png' });
});
