import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

// The external verifier view in the browser, against the real local control plane: a minted token
// checked as Vault would check it fails the audience check alone (with its reason) while discovery,
// JWKS, signature and times pass; "mint for this verifier" prefills the form and the new token
// passes every check. The token itself never reaches the page.

const VIEWER = 'service-account-pod-viewer';
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const SHOTS = process.env.TOKENSCOPE_SHOTS_DIR ?? 'test-results/screens';

test.use({ seed: ['token-request'], screenPrefix: 'token-verifier' });

async function openVerifier(card: Locator) {
  const panel = card.getByTestId('verifier-panel');
  await panel.getByText('Verify as an outside verifier').click();
  return panel;
}

async function verifyAs(panel: Locator, profile: string) {
  await panel.getByLabel('Verifier').selectOption({ label: profile });
  await panel.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(panel.getByTestId('verifier-result')).toBeVisible();
}

const check = (panel: Locator, id: string) =>
  panel.locator(`[data-testid="verifier-check"][data-check="${id}"]`);

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test('Vault refuses a default-audience token on aud alone; minted for Vault it passes', async ({
  page,
  tokens,
  snap,
}) => {
  const bodies: string[] = [];
  page.on('response', async (res) => {
    if (res.url().includes('/verify')) bodies.push(await res.text().catch(() => ''));
  });
  await tokens.goto();
  await tokens.requestToken(VIEWER);
  const card = tokens.card(VIEWER);
  const panel = await openVerifier(card);

  // The preset says what it expects and where that is documented.
  await panel.getByLabel('Verifier').selectOption({ label: 'HashiCorp Vault: Kubernetes or JWT auth' });
  await expect(panel.getByTestId('verifier-audience')).toHaveValue('vault');
  await expect(
    panel.getByRole('link', { name: 'Vault JWT auth with Kubernetes: bound_audiences' }),
  ).toHaveAttribute('href', 'https://developer.hashicorp.com/vault/docs/auth/jwt/oidc-providers/kubernetes');

  await verifyAs(panel, 'HashiCorp Vault: Kubernetes or JWT auth');
  const result = panel.getByTestId('verifier-result');
  await expect(result).toHaveAttribute('data-passed', 'false');
  await expect(check(panel, 'aud')).toHaveAttribute('data-ok', 'false');
  await expect(check(panel, 'aud')).toContainText(
    'Audience vault not in token; token audiences: https://kubernetes.default.svc.cluster.local',
  );
  for (const id of ['discovery', 'jwks', 'signature', 'iss', 'exp', 'nbf', 'iat']) {
    await expect(check(panel, id), id).toHaveAttribute('data-ok', 'true');
  }
  await expect(result).toContainText('1 of 8 checks fail');
  // Which URLs were fetched is on screen.
  await expect(result).toContainText('/.well-known/openid-configuration');
  await expect(result).toContainText('/openid/v1/jwks');
  await snap('vault-refuses');

  // Mint for this verifier: the form takes the ServiceAccount and the audience.
  await panel.getByRole('button', { name: 'Mint for this verifier' }).click();
  await expect(tokens.form.getByTestId('mint-prefilled')).toContainText('audience vault');
  await expect(tokens.form.getByLabel('Audiences')).toHaveValue('vault');
  await expect(tokens.serviceAccountInput).toHaveValue(VIEWER);
  await expect(tokens.form.getByRole('button', { name: 'Request token' })).toBeFocused();
  const before = await tokens.cards.count();
  await page.keyboard.press('Enter');
  await expect(tokens.cards).toHaveCount(before + 1);

  const fresh = tokens.card(VIEWER);
  const freshPanel = await openVerifier(fresh);
  await verifyAs(freshPanel, 'HashiCorp Vault: Kubernetes or JWT auth');
  await expect(freshPanel.getByTestId('verifier-result')).toHaveAttribute('data-passed', 'true');
  await expect(freshPanel.getByTestId('verifier-result')).toContainText('all 8 checks pass');
  await expect(freshPanel.locator('[data-testid="verifier-check"][data-ok="false"]')).toHaveCount(0);
  await snap('vault-accepts');

  // Custody: no verify response carried a token.
  expect(bodies.length).toBeGreaterThanOrEqual(2);
  for (const b of bodies) expect(b).not.toMatch(JWT);
});

test('a public issuer URL on a private address is refused with the reason; screenshots at every width', async ({
  page,
  tokens,
}) => {
  await tokens.goto();
  await tokens.requestToken(VIEWER);
  const card = tokens.card(VIEWER);
  const panel = await openVerifier(card);
  await panel.getByLabel('A public issuer URL').check();
  await panel.getByLabel('Issuer URL (https, as the token’s iss names it)').fill('https://169.254.169.254');
  await panel.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(check(panel, 'discovery')).toHaveAttribute('data-ok', 'false');
  await expect(check(panel, 'discovery')).toContainText('public addresses');

  await panel.getByLabel('This cluster’s API server').check();
  await verifyAs(panel, 'HashiCorp Vault: Kubernetes or JWT auth');
  for (const width of [390, 1280, 1920]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await noHorizontalScroll(page);
      await card.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: `${SHOTS}/verifier-${width}-${scheme}.png` });
    }
  }
});
