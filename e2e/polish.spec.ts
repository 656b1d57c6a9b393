import { expect, test } from './support/fixtures';

// The small things a newcomer trips over: where am I (active nav), a form that says what is wrong
// before sending, 404s that name what is missing, an RBAC page that answers at once and notices
// nonsense, and no kubelet talk on tokens no kubelet will ever refresh.

test.use({ seed: ['token-request'] });

test('the navigation marks the current section', async ({ page }) => {
  await page.goto('/serviceaccounts/default/service-account-pod-viewer');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const current = nav.locator('[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText('ServiceAccounts');
  const tokens = nav.getByRole('link', { name: 'Tokens', exact: true });
  // Visible, not only announced: the current link is underlined, the others are not.
  const underline = (el: Element) => getComputedStyle(el).borderBottomColor;
  expect(await current.evaluate(underline)).not.toBe(await tokens.evaluate(underline));
  await tokens.click();
  await expect(tokens).toHaveAttribute('aria-current', 'page');
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
});

test('the token form says once, in words, what is wrong, and sends nothing', async ({ page }) => {
  const mints: string[] = [];
  const lists: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/tokens') mints.push(r.url());
    if (new URL(r.url()).pathname === '/api/serviceaccounts') lists.push(r.url());
  });
  await page.goto('/tokens?namespace=default&serviceAccount=service-account-pod-viewer');
  const form = page.getByRole('form', { name: 'Request a token' });
  await form.getByLabel('Custom').check();
  await form.getByLabel('Seconds').fill('599');
  // Shown as typed, before any send.
  await expect(form.getByTestId('field-error-seconds')).toHaveText(
    '599 s is too short: the API server mints tokens for at least 600 s (10 minutes) and would answer “may not specify a duration less than 10 minutes”.',
  );
  await form.getByRole('button', { name: 'Request token' }).click();
  await expect(form.getByText(/10 minutes”/)).toHaveCount(1);
  await expect(form.getByTestId('mint-error')).toBeEmpty();
  await expect(form.getByLabel('Seconds')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Seconds').fill('600');
  await expect(form.getByTestId('field-error-seconds')).toBeEmpty();
  await form.getByLabel('Namespace', { exact: true }).fill('Team_A');
  await expect(form.getByTestId('field-error-namespace')).toHaveText(
    'A namespace name may only contain lowercase letters, digits and “-”; “Team_A” has “T”, “_”, “A”.',
  );
  await form.getByRole('button', { name: 'Request token' }).click();
  await expect(form.getByLabel('Namespace', { exact: true })).toBeFocused();
  // One message: the ServiceAccount suggestions (debounced 250 ms) do not add a second,
  // developer-worded one, nor ask the server about a namespace that cannot exist.
  await page.waitForTimeout(1000);
  await expect(form.getByText(/DNS-1123|query\.namespace/)).toHaveCount(0);
  expect(lists.filter((u) => u.includes('Team_A'))).toEqual([]);
  await expect(form.getByTestId('mint-error')).toBeEmpty();
  await page.screenshot({ path: 'test-results/screens/polish-form-errors.png', fullPage: true });
  expect(mints).toEqual([]);

  // What only the API server knows is still its to say, in its own words.
  await form.getByLabel('Namespace', { exact: true }).fill('default');
  await form.getByLabel('ServiceAccount', { exact: true }).fill('no-such-account');
  await form.getByRole('button', { name: 'Request token' }).click();
  await expect(form.getByTestId('mint-error')).toContainText('HTTP 404');
  await expect(form.getByTestId('mint-error')).toContainText('serviceaccounts "no-such-account" not found');
  expect(mints).toHaveLength(1);
});

test('not-found pages answer 404 and name what is missing', async ({ page }) => {
  const cases = [
    ['/serviceaccounts/no-such-ns/default', 'namespace', 'Namespace no-such-ns not found'],
    [
      '/serviceaccounts/default/no-such-account',
      'serviceaccount',
      'ServiceAccount default/no-such-account not found',
    ],
    // Names no ServiceAccount or namespace can have: 404 too, saying which rule the name breaks.
    ['/serviceaccounts/default/Bad', 'serviceaccount', 'Not a ServiceAccount name'],
    ['/serviceaccounts/Bad_NS/default', 'serviceaccount', 'Not a ServiceAccount name'],
    ['/scenarios/no-such-scenario', 'scenario', 'Scenario no-such-scenario not found'],
    ['/no-such-page', 'page', 'Page not found'],
  ] as const;
  for (const [path, kind, title] of cases) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    const panel = page.getByTestId('not-found');
    await expect(panel).toHaveAttribute('data-missing', kind);
    await expect(panel.getByRole('heading', { level: 1 })).toHaveText(title);
  }
  await page.goto('/serviceaccounts/default/Bad');
  await expect(page.getByTestId('not-found')).toContainText('“Bad” cannot be a ServiceAccount name');
  // The namespace page does not blame the ServiceAccount.
  await page.goto('/serviceaccounts/no-such-ns/default');
  await expect(page.getByTestId('not-found')).not.toContainText('ServiceAccount default not found');
  // Pages that exist still answer 200.
  expect((await page.goto('/serviceaccounts/default/default'))?.status()).toBe(200);
  expect((await page.goto('/scenarios/token-request'))?.status()).toBe(200);
});

test('RBAC answers its prefilled question on load and warns about fly unicorns', async ({ page }) => {
  await page.goto('/rbac/who-can');
  const subjects = page.getByTestId('who-can-subject');
  await expect(subjects.filter({ hasText: 'default/service-account-pod-viewer' })).toBeVisible();
  await expect(page.getByTestId('who-can-result')).toContainText('list pods');
  await expect(page.getByTestId('who-can-warnings')).toHaveCount(0);

  const form = page.getByRole('form', { name: 'Who can' });
  await form.getByLabel('Verb').fill('fly');
  await form.getByLabel('Resource', { exact: true }).fill('unicorns');
  await form.getByRole('button', { name: 'Who can?' }).click();
  await expect(page).toHaveURL(/verb=fly/);
  const warnings = page.getByTestId('who-can-warnings');
  await expect(warnings).toBeVisible();
  await expect(warnings).toContainText('serves the verb “fly”');
  await expect(warnings).toContainText('no resource “unicorns”');
  await page.screenshot({ path: 'test-results/screens/polish-rbac-unicorns.png', fullPage: true });
});

test('a token minted through the TokenRequest API shows no kubelet refresh point', async ({ page }) => {
  await page.goto('/tokens?namespace=default&serviceAccount=service-account-pod-viewer');
  await page.getByRole('button', { name: 'Request token' }).click();
  const card = page.getByTestId('token-card').first();
  await expect(card.getByTestId('token-times')).toContainText('rejected after');
  await expect(card.getByTestId('token-times')).not.toContainText('kubelet');
  await expect(card).not.toContainText(/kubelet/i);
});
