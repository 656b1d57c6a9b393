import { signServiceAccountToken } from '../test/support/signer';
import { csrf, expect, TokenPage, test } from './support/fixtures';
import { tabTo } from './support/keyboard';
import { e2eState, kubeGet } from './support/state';

// The seed's TokenRequest walkthrough in the browser, against the real local control plane: the
// requester mints the viewer's token, the viewer lists pods (200), the requester is denied (403),
// and a token runs out: expired, inside the leeway, rejected, with the API server's own answers.

const NS = 'default';
const REQUESTER = 'service-account-token-requester';
const VIEWER = 'service-account-pod-viewer';
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

test.use({ seed: ['token-request'], screenPrefix: 'tokens' });

test('the seed: the requester mints the viewer’s token; viewer 200, requester 403 side by side', async ({
  page,
  tokens,
  snap,
}) => {
  await tokens.goto(`?namespace=${NS}&serviceAccount=${REQUESTER}`);
  await expect(tokens.serviceAccountInput).toHaveValue(REQUESTER);
  // The ServiceAccount field suggests what /api/serviceaccounts lists (once reached), and stays a
  // plain text input.
  await tokens.serviceAccountInput.focus();
  const suggestions = tokens.form.locator(
    `datalist#${await tokens.serviceAccountInput.getAttribute('list')} option`,
  );
  await expect(suggestions.and(page.locator(`[value="${VIEWER}"]`))).toHaveCount(1);
  await tokens.requestToken(REQUESTER);
  const requester = tokens.card(REQUESTER);
  await expect(requester.getByRole('heading', { level: 3 })).toHaveText(
    `system:serviceaccount:${NS}:${REQUESTER}`,
  );
  await expect(requester.getByTestId('token-granted')).toHaveText('Lifetime: requested 600 s, granted 600 s');

  await tokens.requestToken(VIEWER, { actAs: REQUESTER });
  const viewer = tokens.card(VIEWER);
  await expect(viewer).toContainText(`held token ${REQUESTER}`);
  await expect(viewer.getByTestId('token-countdown')).toHaveAttribute('data-phase', 'valid');
  await viewer.getByText('Claims explained').click();
  await expect(viewer.getByRole('rowheader', { name: 'kubernetes.io.serviceaccount' })).toBeVisible();
  await expect(viewer.getByRole('table')).toContainText('Who the token proves you are');

  // The countdown runs: the same shared ticker moves every card.
  const first = await tokens.remainingSeconds(viewer);
  expect(first).toBeGreaterThan(590);
  expect(first).toBeLessThanOrEqual(600);
  await expect.poll(() => tokens.remainingSeconds(viewer), { timeout: 5000 }).toBeLessThan(first);
  await expect.poll(() => tokens.remainingSeconds(requester), { timeout: 5000 }).toBeLessThan(first);
  await snap('minted');

  // Compare: the same request as both identities; the API server decides each.
  await page.getByRole('button', { name: 'Run for all 2 selected' }).click();
  const columns = page.getByTestId('compare-column');
  const viewerCol = columns.and(page.locator(`[data-token-id="${await tokens.tokenId(VIEWER)}"]`));
  const requesterCol = columns.and(page.locator(`[data-token-id="${await tokens.tokenId(REQUESTER)}"]`));
  const pods = (await kubeGet(`/api/v1/namespaces/${NS}/pods`)).body.items as unknown[];
  await expect(viewerCol.getByTestId('try-result')).toHaveAttribute('data-status', '200');
  await expect(viewerCol.getByTestId('try-item-count')).toHaveText(
    `${pods.length} item${pods.length === 1 ? '' : 's'}`,
  );
  await expect(requesterCol.getByTestId('try-result')).toHaveAttribute('data-status', '403');
  await expect(requesterCol).toContainText(
    `pods is forbidden: User "system:serviceaccount:${NS}:${REQUESTER}" cannot list resource "pods"`,
  );
  await expect(requesterCol.getByTestId('status-badge')).toHaveClass(/amber/);
  await expect(viewerCol.getByTestId('status-badge')).toHaveClass(/emerald/);
  await expect(viewerCol.locator('code').first()).toContainText('$TOKEN');
  await page.getByTestId('compare-results').scrollIntoViewIfNeeded();
  await snap('compare');

  // whoami and TokenReview with the viewer's token.
  await viewer.getByRole('button', { name: 'Who am I?' }).click();
  await expect(viewer.getByTestId('whoami-result').getByTestId('user-name')).toHaveText(
    `system:serviceaccount:${NS}:${VIEWER}`,
  );
  await viewer.getByRole('button', { name: 'TokenReview' }).click();
  await expect(viewer.getByTestId('review-result')).toHaveAttribute('data-authenticated', 'true');
  await expect(viewer.getByTestId('review-result')).toContainText('system:serviceaccounts:default');

  // The viewer may not mint: the API server's own 403 is shown.
  await tokens.requestToken(REQUESTER, { actAs: VIEWER, refused: true });
  const alert = tokens.form.getByTestId('mint-error');
  await expect(alert).toContainText('HTTP 403');
  await expect(alert).toContainText(`cannot create resource "serviceaccounts/token"`);

  // Below the floor: said once, at the field, in words and in the API server's own; nothing is sent.
  const mints: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/tokens') mints.push(r.url());
  });
  await tokens.serviceAccountInput.fill(VIEWER);
  await tokens.form.getByLabel('Custom').check();
  await tokens.form.getByLabel('Seconds').fill('599');
  await tokens.form.getByRole('button', { name: 'Request token' }).click();
  const secondsError = tokens.form.getByTestId('field-error-seconds');
  await expect(secondsError).toContainText('599 s is too short');
  await expect(secondsError).toContainText('may not specify a duration less than 10 minutes');
  await expect(tokens.form.getByText(/may not specify a duration/)).toHaveCount(1);
  await expect(tokens.form.getByLabel('Seconds')).toBeFocused();
  await expect(alert).toBeEmpty();
  expect(mints).toEqual([]);
  await expect(page.getByTestId('token-card')).toHaveCount(2);
  await tokens.form.scrollIntoViewIfNeeded();
  await snap('below-floor');

  // Above --service-account-max-token-expiration (48 h here): shortened, and the Warning is shown.
  await tokens.requestToken(VIEWER, { seconds: 3 * 86400 });
  const clamped = tokens.card(VIEWER);
  await expect(clamped.getByTestId('token-warnings')).toBeVisible();
  await expect(clamped.getByTestId('token-granted')).toContainText(
    'requested 259200 s, granted 172800 s (shortened',
  );
  await clamped.scrollIntoViewIfNeeded();
  await snap('clamped');

  await expect(page.getByTestId('token-history').locator('tbody tr')).toHaveCount(3);
  await page.emulateMedia({ colorScheme: 'dark' });
  await snap('dark');
  await page
    .getByTestId('compare-results')
    .screenshot({ path: 'test-results/screens/tokens-dark-compare.png' });
  await clamped.screenshot({ path: 'test-results/screens/tokens-dark-card.png' });
});

test('reveal and copy only on request, never in browser storage', async ({ page, context, tokens, snap }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await tokens.goto();
  await tokens.requestToken(VIEWER);
  const card = tokens.card(VIEWER);
  await expect(card.getByTestId('token-revealed')).toHaveCount(0);
  expect(await page.content()).not.toMatch(JWT);

  await card.getByRole('button', { name: 'Reveal token' }).click();
  const revealed = (await card.getByTestId('token-revealed').textContent()) ?? '';
  expect(revealed).toMatch(JWT);
  const payload = JSON.parse(Buffer.from(revealed.split('.')[1] ?? '', 'base64url').toString());
  expect(payload.sub).toBe(`system:serviceaccount:${NS}:${VIEWER}`);
  await expect(card.locator('dd', { hasText: payload.jti })).toBeVisible();
  await snap('revealed');
  await card.getByRole('button', { name: 'Hide token' }).click();
  await expect(card.getByTestId('token-revealed')).toHaveCount(0);
  expect(await page.content()).not.toContain(revealed);

  await card.getByRole('button', { name: 'Copy token' }).click();
  await expect(card.getByText('Copied', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(revealed);
  expect(await page.content()).not.toContain(revealed);

  const stored = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  );
  expect(stored).not.toMatch(JWT);
});

test('presenter-safe mode: tokens are used, never revealed or copied', async ({
  browser,
  dashboard,
  snap,
}) => {
  const page = await browser.newPage({ baseURL: await dashboard(8, { TOKENSCOPE_PRESENTER_SAFE: '1' }) });
  try {
    const tokens = new TokenPage(page);
    await tokens.goto();
    await tokens.requestToken(VIEWER);
    const card = tokens.card(VIEWER);
    await expect(card.getByTestId('presenter-safe-note')).toBeVisible();
    await expect(card.getByRole('button', { name: /Reveal|Copy token/ })).toHaveCount(0);
    const res = await page.request.post(`/api/tokens/${await tokens.tokenId(VIEWER)}/reveal`, {
      headers: csrf,
      data: {},
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).code).toBe('forbidden:presenter-safe');
    await card.getByRole('button', { name: 'Run request' }).click();
    await expect(card.getByTestId('try-result')).toHaveAttribute('data-status', '200');
    await snap('presenter-safe', page);
  } finally {
    await page.close();
  }
});

test('the whole walkthrough works with the keyboard alone', async ({ page, tokens }) => {
  await tokens.goto(`?namespace=${NS}&serviceAccount=${REQUESTER}`);
  await tabTo(page, tokens.serviceAccountInput);
  await page.keyboard.press('Enter');
  await expect(tokens.card(REQUESTER)).toBeVisible();

  await tabTo(page, tokens.serviceAccountInput);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(VIEWER);
  await page.keyboard.press('Escape');
  const mintAs = tokens.form.getByLabel('Mint as');
  await tabTo(page, mintAs);
  await page.keyboard.press('ArrowDown');
  await expect(mintAs).toHaveValue(await tokens.tokenId(REQUESTER));
  await tabTo(page, tokens.form.getByRole('button', { name: 'Request token' }));
  await page.keyboard.press('Enter');
  const viewer = tokens.card(VIEWER);
  await expect(viewer).toContainText(`held token ${REQUESTER}`);

  await tabTo(page, page.getByRole('button', { name: 'Run for all 2 selected' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('compare-column').getByTestId('try-result')).toHaveCount(2);

  await tabTo(page, viewer.getByRole('button', { name: 'Run request' }));
  await page.keyboard.press('Enter');
  await expect(viewer.getByTestId('try-result')).toHaveAttribute('data-status', '200');

  await tabTo(page, viewer.getByRole('button', { name: 'Reveal token' }));
  await page.keyboard.press('Enter');
  await expect(viewer.getByTestId('token-revealed')).toHaveText(JWT);
  await expect(viewer.getByRole('button', { name: 'Hide token' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(viewer.getByTestId('token-revealed')).toHaveCount(0);

  await tabTo(page, viewer.getByRole('button', { name: 'Forget' }));
  await page.keyboard.press('Enter');
  await expect(tokens.card(VIEWER)).toHaveCount(0);
  await expect(page.getByTestId('token-history').getByTestId('history-status').first()).toHaveText(
    'forgotten',
  );
});

test('a token runs out: expired, inside the leeway, rejected — and the API server agrees', async ({
  page,
  tokens,
  snap,
}) => {
  test.setTimeout(120_000);
  const { cluster } = e2eState();
  const sa = await kubeGet(`/api/v1/namespaces/${NS}/serviceaccounts/${VIEWER}`);
  const uid = String((sa.body.metadata as { uid?: string }).uid);
  // Signed with the cluster's own key, 10 minutes long and already 30 s past exp: the API server
  // accepts it for 30 more seconds (its leeway), then answers 401.
  const signedAt = Math.floor(Date.now() / 1000);
  const exp = signedAt - 30;
  const iat = exp - 600;
  const jwt = await signServiceAccountToken({
    signingKeyFile: cluster.signingKey,
    issuer: cluster.issuer,
    audience: [cluster.issuer],
    namespace: NS,
    serviceAccount: VIEWER,
    serviceAccountUid: uid,
    iat,
    exp,
  });

  // The browser's clock starts 30 s after iat and is moved forward with page.clock, never past the
  // real time, so whenever the card probes, the API server is at least as far along as the card.
  await page.clock.install({ time: (iat + 30) * 1000 });
  await tokens.goto();
  await page.getByText('Hold a token you already have').click();
  await page.getByLabel('Token (JWT)').fill(jwt);
  await page.getByLabel('Label (optional)').fill('backdated');
  await page.getByRole('button', { name: 'Hold token' }).click();
  const card = tokens.card(VIEWER);
  const countdown = card.getByTestId('token-countdown');
  await expect(countdown).toHaveAttribute('data-phase', 'valid');
  await expect(card.getByTestId('token-granted')).toHaveText(
    'Lifetime: imported: lives 600 s (10 min) from iat to exp',
  );
  await expect(page.getByTestId('clock-skew')).toContainText('behind');
  await snap('expiry-valid');

  // Past 80 % of its lifetime a kubelet would rewrite a projected token's file; nothing refreshes a
  // token held here, so it is simply still valid, and no kubelet refresh point is mentioned.
  await page.clock.fastForward('08:00');
  await expect(countdown).toHaveAttribute('data-phase', 'valid');
  await expect(card.getByTestId('token-phase')).toHaveText('Valid');
  await expect(card).not.toContainText(/kubelet/i);
  await snap('expiry-past-80-percent');

  await page.clock.fastForward('00:45');
  await expect(countdown).toHaveAttribute('data-phase', 'expiring');
  expect(await tokens.remainingSeconds(card)).toBeLessThanOrEqual(45);
  await snap('expiry-expiring');

  // Past exp by the browser's clock: the card asks the API server, which still accepts (leeway).
  await page.clock.fastForward('00:55');
  await expect(countdown).toHaveAttribute('data-phase', 'leeway');
  expect(Date.now() / 1000).toBeLessThan(exp + 60);
  const probe = card.getByTestId('token-probe');
  await expect(probe).toContainText('API server answered 201 Authenticated');
  await snap('expiry-leeway');

  // Wait (real time) until the API server's leeway is over, bring the browser to the real time,
  // and the card's own probe after the leeway gets the API server's 401.
  const rejectAt = (exp + 60 + 6) * 1000;
  await page.waitForTimeout(Math.max(0, rejectAt - Date.now()));
  await page.clock.fastForward(Math.max(0, Date.now() - (await page.evaluate(() => Date.now()))));
  await expect(countdown).toHaveAttribute('data-phase', 'rejected');
  await expect(probe).toContainText(/API server answered 401 Unauthorized at \d\d:\d\d:\d\d/);
  await expect(card.getByTestId('token-status')).toHaveText('server: rejected');
  await expect(probe.getByText('401', { exact: true })).toHaveClass(/red/);

  await card.getByRole('button', { name: 'Run request' }).click();
  await expect(card.getByTestId('try-result')).toHaveAttribute('data-status', '401');
  await snap('expiry-rejected');
  await page.emulateMedia({ colorScheme: 'dark' });
  await card.screenshot({ path: 'test-results/screens/tokens-expiry-rejected-dark.png' });
});
