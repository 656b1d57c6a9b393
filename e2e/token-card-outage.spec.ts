// While the API server is unreachable, a held token's card cannot know whether the API server would
// accept it: it says "Unknown", never "Valid · The API server accepts this token".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCluster } from '../scripts/lib/cluster.mjs';
import { startNext } from '../scripts/lib/next.mjs';
import { sidePort } from '../playwright.config';

const port = Number(process.env.TOKENSCOPE_E2E_OUTAGE_PORT ?? sidePort(9));

test('held token cards say Unknown while the API server is down, and Valid again after', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'tokenscope-card-outage-'));
  let cluster = await startCluster({ dataDir: dir, log: () => {} });
  const server = await startNext({ port, env: { KUBECONFIG: cluster.info.kubeconfig }, onOutput: () => {} });
  try {
    const minted = await page.request.post(`${server.url}/api/tokens`, {
      headers: { 'X-Tokenscope-Request': '1' },
      data: { namespace: 'default', serviceAccount: 'default', expirationSeconds: 600 },
    });
    expect(minted.status()).toBe(201);
    // The request made the session (its cookie is the page's too); the page shows its tokens.
    await page.goto(`${server.url}/tokens`);
    const card = page.getByTestId('token-card').first();
    await expect(card.getByTestId('token-phase')).toHaveText('Valid');

    await cluster.stop();
    await expect(page.getByTestId('outage-banner')).toBeVisible({ timeout: 10_000 });
    await expect(card.getByTestId('token-phase')).toHaveText('Unknown');
    await expect(card.getByTestId('token-countdown')).toHaveAttribute('data-unknown', 'true');
    await expect(card).not.toContainText('The API server accepts this token');
    await expect(card.getByTestId('token-status')).toHaveText('server: unknown');
    await page.screenshot({ path: 'test-results/screens/tokens-outage-unknown.png', fullPage: true });

    cluster = await startCluster({ dataDir: dir, log: () => {} });
    await expect(page.getByTestId('outage-banner')).toHaveCount(0, { timeout: 15_000 });
    await expect(card.getByTestId('token-phase')).toHaveText('Valid');
  } finally {
    await server.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
