// Shared mode in the browser: sign in with your own token, Tokenscope acts as you (the API server's
// refusals are yours), sign out drops the session.
import { expect, test } from './support/fixtures';
import { kubeRequest } from './support/state';

test.use({ seed: ['token-request'] });

test('sign in, act as yourself, sign out', async ({ page, dashboard }) => {
  test.setTimeout(90_000);
  const tr = await kubeRequest(
    'POST',
    '/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer/token',
    {
      spec: { expirationSeconds: 3600, audiences: [] },
    },
  );
  const token = (tr.body.status as { token: string }).token;
  const url = await dashboard(4, { TOKENSCOPE_MODE: 'shared' });
  await page.goto(url);
  await expect(page).toHaveURL(/\/signin$/);
  await page.getByLabel('Your bearer token').fill(`${token.slice(0, -3)}xyz`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'did not accept this token' })).toBeVisible();

  await page.getByLabel('Your bearer token').fill(token);
  await page.screenshot({ path: 'test-results/screens/signin.png', fullPage: true });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toHaveText(
    'system:serviceaccount:default:service-account-pod-viewer',
  );
  await expect(page.getByTestId('dashboard-username')).toHaveText(
    'system:serviceaccount:default:service-account-pod-viewer',
  );
  await expect(page.getByTestId('cluster-card')).toContainText('You (signed in; Tokenscope acts as you)');
  await expect(page.getByTestId('cluster-card')).not.toContainText('Dashboard identity');
  await page.screenshot({ path: 'test-results/screens/shared-overview.png', fullPage: true });
  // The kubeconfig's contexts are the operator's: no Clusters link, and the page refuses with why.
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' }),
  ).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Every context of this kubeconfig →' })).toHaveCount(0);
  await page.goto(`${url}/clusters`);
  await expect(page.getByTestId('problem-panel')).toContainText(
    'the contexts of its kubeconfig are its operator’s',
  );

  await page.goto(`${url}/serviceaccounts`);
  // Whichever list the API server refuses first, the refusal names the signed-in user, not the dashboard.
  await expect(
    page.getByText(/User "system:serviceaccount:default:service-account-pod-viewer" cannot list/).first(),
  ).toBeVisible();
  // The live stream works for a signed-in user too: no false "server is not answering".
  await page.waitForTimeout(2_500);
  await expect(page.getByTestId('outage-banner')).toHaveCount(0);
  await page.screenshot({
    path: 'test-results/screens/shared-serviceaccounts-forbidden.png',
    fullPage: true,
  });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  const after = await page.request.get(`${url}/api/tokens`);
  expect(after.status()).toBe(401);
});
