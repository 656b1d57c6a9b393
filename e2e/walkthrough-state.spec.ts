import { expect, type Page, test } from '@playwright/test';
import type { ScenarioProgressState } from '../lib/contracts/scenario-progress';
import type { MintedToken } from '../lib/contracts/tokens';
import { signServiceAccountToken } from '../test/support/signer';
import { Guide } from './support/guide';
import { e2eState, kubeGet, kubeRequest } from './support/state';

// A walkthrough that never loses its place: its progress lives in the server session, so a reload,
// a visit to another page, a second tab and a lost session each find (or name) the same place. The
// projected volume as the seed tells it (200, then 401 after expiry, then 200 after re-reading the
// file), with a backdated file token signed by the cluster's own key. What is already applied in
// the cluster shows on the cards and steps, live.

const csrf = { 'X-Tokenscope-Request': '1' };
const screensAt = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screens/walkthrough-${name}.png`, fullPage: true });

test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: e2eState().url, extraHTTPHeaders: csrf });
  for (const name of ['token-request', 'projected-volume']) {
    expect((await api.post(`/api/scenarios/${name}/teardown`, { data: {} })).status()).toBe(200);
  }
  await api.dispose();
});

test('reload, another page and a second tab keep the walkthrough’s place; a lost token is named', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const g = new Guide(page, 'token-request');
  await g.runUpTo(6);
  await g.run();
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '200');
  const placed = await g.verdicts();
  expect(placed.slice(0, 6)).toEqual(Array(6).fill('expected'));
  await g.open(5);
  const viewerId = await g.step.getByTestId('token-card').getAttribute('data-token-id');
  expect(viewerId).toMatch(/^tok_/);

  // Reload: the same outcomes, the same token, the same 200.
  await page.reload();
  await g.ready();
  expect(await g.verdicts()).toEqual(placed);
  await expect(g.step.getByTestId('token-card')).toHaveAttribute('data-token-id', viewerId ?? '');
  await g.open(6);
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '200');
  await screensAt(page, 'reloaded');

  // Away to ServiceAccounts and back, through the app's own navigation.
  await page.getByRole('link', { name: 'ServiceAccounts' }).first().click();
  await expect(page).toHaveURL(/\/serviceaccounts/);
  await page.goBack();
  await g.ready();
  expect(await g.verdicts()).toEqual(placed);

  // Send still works: the requester's token is found by its id and the API server answers 403.
  await g.open(7);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '403');

  // A second tab shows the same place.
  const second = await context.newPage();
  const g2 = new Guide(second, 'token-request');
  await g2.goto('?step=7');
  expect((await g2.verdicts()).slice(0, 7)).toEqual(Array(7).fill('expected'));
  await expect(g2.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '403');
  await second.close();

  // The requester's token is forgotten elsewhere (the Tokens page): the step says so, and which step mints one.
  await g.open(4);
  const requesterId = await g.step.getByTestId('token-card').getAttribute('data-token-id');
  expect((await page.request.delete(`/api/tokens/${requesterId}`, { headers: csrf })).status()).toBe(204);
  await page.reload();
  await g.ready();
  await g.open(7);
  await expect(g.step.getByTestId('step-needs')).toHaveText(
    'requesterToken was forgotten — run step 4 again.',
  );
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'failed');
  await expect(g.verdict).toContainText('requesterToken was forgotten — run step 4 again.');
  await expect(page.getByText(/not held yet/)).toHaveCount(0);

  // The session is gone (as after a server restart): the page says how many held tokens were lost.
  // The step's result is saved first (a save still pending would land in a new session); then only
  // the session cookie goes: the browser's memo of what the walkthrough held is a cookie of its own.
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-saving', 'false');
  await context.clearCookies({ name: 'tokenscope-sid' });
  await page.reload();
  await g.ready();
  await expect(page.getByTestId('restart-notice')).toHaveText(
    'The server restarted or the session ended: 1 token this walkthrough held is gone. The cluster keeps what was applied; run the minting steps again.',
  );
  await expect(page.locator('[data-testid="progress-step"][data-verdict="none"]')).toHaveCount(9);
  await screensAt(page, 'session-lost');
});

test('a session lost mid-walkthrough (a server restart) is named at the next step, not carried over silently', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const g = new Guide(page, 'token-request');
  await g.runUpTo(6);
  const guide = page.getByTestId('scenario-guide');
  await expect(guide).toHaveAttribute('data-saving', 'false');
  await expect(page.getByTestId('restart-notice')).toHaveCount(0);

  // The server forgets the session (as after a restart) while the page stays open; the next step's
  // change lands in a new session, and the page says the held tokens went with the old one.
  await context.clearCookies({ name: 'tokenscope-sid' });
  await g.open(1);
  await g.run();
  await expect(page.getByTestId('restart-notice')).toHaveText(
    'The server restarted or the session ended: 2 tokens this walkthrough held are gone. The cluster keeps what was applied; run the minting steps again.',
  );
  await g.open(6);
  await expect(g.step.getByTestId('step-needs')).toContainText('run step 5 again');
});

test('projected volume as the seed tells it: the file’s token lists pods (200), 401 after expiry, 200 after re-reading', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { cluster } = e2eState();
  const g = new Guide(page, 'projected-volume');
  await g.runUpTo(6);

  // The application read the file 10 minutes ago: a pod-bound token, signed with the cluster's own
  // key, 40 s past its exp — the API server accepts it for 20 s more (its 60 s leeway).
  const sa = await kubeGet('/api/v1/namespaces/default/serviceaccounts/service-account-blog');
  const pod = await kubeGet('/api/v1/namespaces/default/pods/nginx');
  const saUid = String((sa.body.metadata as { uid: string }).uid);
  const podUid = String((pod.body.metadata as { uid: string }).uid);
  const exp = Math.floor(Date.now() / 1000) - 40;
  const jwt = await signServiceAccountToken({
    signingKeyFile: cluster.signingKey,
    issuer: cluster.issuer,
    audience: [cluster.issuer],
    namespace: 'default',
    serviceAccount: 'service-account-blog',
    serviceAccountUid: saUid,
    iat: exp - 600,
    exp,
    extra: {
      'kubernetes.io': {
        namespace: 'default',
        serviceaccount: { name: 'service-account-blog', uid: saUid },
        pod: { name: 'nginx', uid: podUid },
      },
    },
  });
  const imported = await page.request.post('/api/tokens/import', {
    headers: csrf,
    data: { token: jwt, label: 'file v1 (read 10 min ago)' },
  });
  expect(imported.status()).toBe(201);
  const old = (await imported.json()) as MintedToken;
  // The walkthrough's saved place, as the page would have saved it 10 minutes ago: file v1 is that token.
  const savedNow = async () =>
    (await (
      await page.request.get('/api/scenarios/projected-volume/progress')
    ).json()) as ScenarioProgressState;
  // The page saves a moment after each change.
  await expect.poll(async () => Object.keys((await savedNow()).progress.projections)).toEqual(['4']);
  const saved = await savedNow();
  const projection = saved.progress.projections['4'];
  if (!projection) throw new Error('no projection saved');
  const progress = {
    ...saved.progress,
    tokens: { ...saved.progress.tokens, podToken: old.id },
    projections: { '4': { ...projection, versions: [{ n: 1, tokenId: old.id, receivedAt: Date.now() }] } },
  };
  expect(
    (
      await page.request.put('/api/scenarios/projected-volume/progress', { headers: csrf, data: progress })
    ).status(),
  ).toBe(200);
  await page.reload();
  await g.ready();

  // 200: the file's token lists the pods in default.
  await g.open(6);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '200');
  await screensAt(page, 'projected-200');

  // 401: past exp + 60 s the same request is rejected; the watch sends it by itself.
  await g.open(7);
  await g.run();
  await expect(g.step.getByTestId('expiry-watch')).toHaveAttribute('data-token-id', old.id);
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected', { timeout: 60_000 });
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '401');
  await expect(g.verdict).toHaveText('Rejected: the same request now gets 401, as expected.');
  await screensAt(page, 'projected-401');

  // Re-read the file: kubelet's newer version, a real pod-bound token; the same request gets 200 again.
  await g.open(8);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('reread-result')).toContainText('podToken now holds file v2');
  await g.open(9);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '200');
  await screensAt(page, 'projected-200-again');
  const held = (await (
    await page.request.get('/api/scenarios/projected-volume/progress')
  ).json()) as ScenarioProgressState;
  const v2 = held.progress.projections['4']?.versions.find((v) => v.n === 2)?.tokenId;
  expect(held.progress.tokens.podToken).toBe(v2);
  expect(JSON.stringify(held)).not.toMatch(/eyJ[\w-]+\.eyJ/);
  await page.request.post('/api/scenarios/projected-volume/teardown', { headers: csrf, data: {} });
});

test('cards and apply steps show what is already in the cluster, and follow changes live', async ({
  page,
}) => {
  const card = page.getByTestId('scenario-projected-volume');
  expect(
    (
      await page.request.post('/api/scenarios/projected-volume/teardown', { headers: csrf, data: {} })
    ).status(),
  ).toBe(200);
  await expect
    .poll(async () => (await kubeGet('/api/v1/namespaces/default/pods/nginx')).status, { timeout: 30_000 })
    .toBe(404);
  await page.goto('/scenarios');
  await expect(card.getByTestId('scenario-cluster-state')).toHaveAttribute('data-state', 'absent');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByTestId('scenario-cluster-state')).toHaveAttribute('data-state', 'applied');
  await expect(card.getByTestId('scenario-cluster-state')).toContainText('4 of 4 objects');
  await expect(card.locator('[data-testid="object-presence"][data-presence="applied"]')).toHaveCount(4);

  const g = new Guide(page, 'projected-volume');
  await g.goto('?step=1');
  await g.page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.locator('[data-testid="progress-step"][data-cluster="applied"]')).toHaveCount(4);
  await expect(g.step.getByTestId('step-cluster')).toHaveAttribute('data-state', 'applied');
  await expect(g.step.getByTestId('step-cluster')).toContainText('Already in the cluster');
  await screensAt(page, 'applied-steps');

  // Someone deletes the ServiceAccount with kubectl: the live stream brings it to the page.
  expect(
    (await kubeRequest('DELETE', '/api/v1/namespaces/default/serviceaccounts/service-account-blog')).status,
  ).toBe(200);
  await expect(g.step.getByTestId('step-cluster')).toHaveAttribute('data-state', 'not-applied');
  await expect(page.locator('[data-testid="progress-step"][data-cluster="applied"]')).toHaveCount(3);
  await page.goto('/scenarios');
  await expect(card.getByTestId('scenario-cluster-state')).toHaveAttribute('data-state', 'partial');
  await expect(card.getByTestId('scenario-cluster-state')).toContainText('3 of 4 objects');
  await page.request.post('/api/scenarios/projected-volume/teardown', { headers: csrf, data: {} });
});

test('scenario pages at 390, 1280 and 1920 px, light and dark', async ({ page }) => {
  test.setTimeout(400_000);
  const g = new Guide(page, 'projected-volume');
  await g.runUpTo(6);
  await g.run();
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : width === 1280 ? 720 : 1080 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [where, query] of [
        ['step6', '?step=6'],
        ['step1', '?step=1'],
        ['step7', '?step=7'],
      ] as const) {
        await g.goto(query);
        await screensAt(page, `${where}-${width}-${scheme}`);
      }
      await page.goto('/scenarios');
      await expect(page.getByTestId('scenario-cluster-state').first()).toBeVisible();
      await screensAt(page, `list-${width}-${scheme}`);
    }
  }
  await page.request.post('/api/scenarios/projected-volume/teardown', { headers: csrf, data: {} });
});
