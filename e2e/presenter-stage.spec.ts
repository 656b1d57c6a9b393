import { expect, type Locator, type Page, test } from '@playwright/test';
import { GuidePage as Guide } from './support/pages/guide-page';
import { applySeedScenarios } from './support/state';

// Presenter mode as the back row sees it: after Send, the API server's answer (status, reason,
// "Why denied?") and the countdown of the token in play are inside the window on a projector, a
// laptop and a phone, in figures readable from 10 m; the seed's whole token-request story is a few
// counted clicks from the overview; the 200-vs-403 comparison is one click from the denial; and a
// token minted on the Tokens page comes into view, marked, with a larger countdown.

const shots = process.env.TOKENSCOPE_SHOTS_DIR ?? 'test-results/screens';
const viewports = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
const desktop = (page: Page) => (page.viewportSize()?.width ?? 0) >= 1280;

test.beforeAll(async ({ playwright }) => {
  await applySeedScenarios(playwright, ['token-request', 'projected-volume']);
});

/** Waits until the element lies wholly inside the window by its bounding box (smooth scrolling may still move it). */
async function expectWhollyInView(page: Page, what: string, locator: Locator) {
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await expect
    .poll(
      async () => {
        const b = await locator.boundingBox();
        if (!b) return 'not rendered';
        const inside = b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5;
        return inside
          ? 'inside'
          : `at ${Math.round(b.x)},${Math.round(b.y)} size ${Math.round(b.width)}×${Math.round(b.height)}`;
      },
      { message: `${what} inside ${width}×${height}` },
    )
    .toBe('inside');
}

const fontPx = (l: Locator) => l.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

/** What the room sees (the window, not the whole page), light and dark. */
async function shoot(page: Page, name: string, fullPage = false) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: `${shots}/${name}-${page.viewportSize()?.width}-${colorScheme}.png`,
      fullPage,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The whole page at each width, light and dark. */
async function shootEverySize(page: Page, name: string) {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await shoot(page, name, true);
  }
}

/** Clicks Send (again) and waits for the API server's answer to be shown. */
async function send(g: Guide) {
  const answered = g.page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' && /\/api\/tokens\/[^/]+\/requests$/.test(new URL(r.url()).pathname),
  );
  await g.step.getByTestId('step-run').click();
  await answered;
  await expect(g.step.getByTestId('step-run')).not.toHaveText('Running…');
}

test('after Send in presenter mode the 403, “Why denied?” and the countdown are in view at 1280, 1920 and 390 px', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const g = new Guide(page, 'token-request');
  await g.runUpTo(7, '&presenter=1');
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    // As a presenter opens it: the step's own link, then Send.
    await g.goto('?step=7&presenter=1');
    await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'on');
    await send(g);
    await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
    const status = g.step.getByTestId('stage-status');
    const countdown = g.step.locator('[data-testid="stage-countdown"][data-token="requesterToken"]');
    await expect(status).toHaveText('403');
    await expect(g.step.getByTestId('stage-answer')).toContainText('Forbidden');
    await expectWhollyInView(page, 'the 403', status);
    await expectWhollyInView(page, 'the countdown', countdown);
    await expectWhollyInView(page, '“Why denied?”', g.step.getByTestId('stage-why'));
    await expect(countdown.getByTestId('stage-phase')).toHaveText('Valid');
    // The masked-token notice is a one-line chip, not a banner over the step.
    expect((await page.getByTestId('presenter-notice').boundingBox())?.height ?? 999).toBeLessThan(48);
    if (desktop(page)) {
      // Readable from 10 m: figures of at least 64 px, the badge as large as the countdown.
      expect(await fontPx(countdown.getByTestId('stage-remaining'))).toBeGreaterThanOrEqual(64);
      expect(await fontPx(status)).toBeGreaterThanOrEqual(64);
    }
    test.info().annotations.push({
      type: `scrollY at ${viewport.width}×${viewport.height}`,
      description: String(await page.evaluate(() => Math.round(window.scrollY))),
    });
    await shoot(page, 'presenter-token-request-403');
  }
  // The answer region is announced; the chip is a chip; each step chip says what it does.
  await expect(g.step.getByTestId('step-outcome')).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('presenter-notice')).toContainText('audit log');
  await expect(page.getByTestId('progress-step').nth(6)).toContainText('requester: list pods 403');
  await expect(page.getByTestId('progress-step').nth(6)).toHaveAccessibleName(
    /Step 7 \(done as expected\): The requester's own token is denied/,
  );

  // Presenter mode off: the same answer at its everyday size.
  await page.getByTestId('presenter-switch').click();
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'off');
  await expect(g.step.getByTestId('stage-status')).toHaveCount(0);
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '403');
  await shootEverySize(page, 'normal-token-request-403');
});

test('“Compare” is one click from the denial: the viewer’s 200 beside the requester’s 403; “Why denied?” goes to the explanation', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const g = new Guide(page, 'token-request');
  await g.runUpTo(7, '&presenter=1');
  await g.run();
  await g.step.getByTestId('stage-compare').click();
  const columns = g.step.getByTestId('compare-column');
  await expect(columns).toHaveCount(2);
  await expect(columns.filter({ hasText: 'viewerToken' }).getByTestId('try-result')).toHaveAttribute(
    'data-status',
    '200',
  );
  await expect(columns.filter({ hasText: 'requesterToken' }).getByTestId('try-result')).toHaveAttribute(
    'data-status',
    '403',
  );
  // On stage, each column's status in the same figures as the step's own.
  for (const column of await columns.all()) {
    await expectWhollyInView(page, 'a compared status', column.getByTestId('compare-status'));
    expect(await fontPx(column.getByTestId('compare-status'))).toBeGreaterThanOrEqual(64);
  }
  await page.screenshot({ path: `${shots}/presenter-compare-1280-light.png` });

  await g.step.getByTestId('stage-why').click();
  const why = g.step.getByTestId('why-denied');
  await expect(why).toBeFocused();
  await expect(why.getByRole('heading', { name: 'Why denied?' })).toBeInViewport();
});

test('from the overview to the seed’s 200 and 403 in presenter mode, clicks counted', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  let clicks = 0;
  const click = async (target: Locator) => {
    await target.click();
    clicks++;
  };
  await page.goto('/');
  await click(page.getByTestId('scenario-token-request').getByTestId('scenario-present-link'));
  const g = new Guide(page, 'token-request');
  await g.ready();
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'on');
  // Step 6's chip, then "Run to here": the ServiceAccounts, roles, the requester's token, and the
  // requester minting the pod viewer's token.
  await click(page.getByTestId('progress-step').filter({ hasText: 'viewer: list pods 200' }));
  await click(page.getByTestId('run-to-here'));
  await expect(page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(5);
  const timeline = page.getByTestId('presenter-timeline').getByTestId('timeline-event');
  await expect(timeline.filter({ hasText: 'minted' })).toHaveCount(2);
  await click(g.step.getByTestId('step-run'));
  await expect(g.step.getByTestId('stage-status')).toHaveText('200');
  await expect(g.step.getByTestId('stage-countdown')).toHaveAttribute('data-token', 'viewerToken');
  const to200 = clicks;
  await click(g.step.getByTestId('stage-next'));
  await expect(g.step).toHaveAttribute('data-step', '7');
  await expect(g.step.getByTestId('stage-status')).toHaveText('403');
  await expectWhollyInView(page, 'the 403', g.step.getByTestId('stage-status'));
  const to403 = clicks;
  test.info().annotations.push({ type: 'clicks', description: `overview → 200: ${to200}; → 403: ${to403}` });
  expect(to200).toBeLessThanOrEqual(4);
  expect(to403).toBeLessThanOrEqual(5);
});

test('the projected volume on stage: the file token’s 200 and its countdown in view', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const g = new Guide(page, 'projected-volume');
  await g.runUpTo(6, '&presenter=1');
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await g.goto('?step=6&presenter=1');
    await send(g);
    await expect(g.step.getByTestId('stage-status')).toHaveText('200');
    await expectWhollyInView(page, 'the 200', g.step.getByTestId('stage-status'));
    await expectWhollyInView(page, 'the countdown', g.step.getByTestId('stage-countdown'));
    await shoot(page, 'presenter-projected-volume-200');
  }
  await page.getByTestId('presenter-switch').click();
  await shootEverySize(page, 'normal-projected-volume-200');
});

test('a token minted on the Tokens page comes into view, marked for a moment, with a larger countdown', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const cards = page.getByTestId('token-card');
  // This page's session holds one more token after each mint (the list loads after the page does).
  let held = 0;
  const mint = async () => {
    await page.goto('/tokens?namespace=default&serviceAccount=service-account-pod-viewer');
    await expect(page.getByRole('heading', { name: `Held tokens (${held})` })).toBeVisible();
    await page.getByRole('button', { name: 'Request token' }).click();
    await expect(cards).toHaveCount(++held);
  };
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await mint();
    const fresh = page.locator('[data-testid="token-card"][data-fresh]');
    await expect(fresh).toHaveCount(1);
    await expect(fresh).toHaveAttribute('data-marked', 'true');
    await expectWhollyInView(page, 'the new card’s countdown', fresh.getByTestId('token-countdown'));
    expect(await fontPx(fresh.getByTestId('token-remaining'))).toBeGreaterThanOrEqual(36);
    await shoot(page, 'tokens-minted');
    // The mark goes; the everyday cards keep their everyday countdown.
    await expect(fresh).not.toHaveAttribute('data-marked', 'true', { timeout: 5_000 });
    if (held > 1) {
      const older = page.locator('[data-testid="token-card"]:not([data-fresh])').first();
      expect(await fontPx(older.getByTestId('token-remaining'))).toBeLessThan(30);
    }
  }

  // Reduced motion: the card is in view at once, and the mark neither fades nor moves.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await mint();
  const fresh = page.locator('[data-testid="token-card"][data-fresh]');
  await expectWhollyInView(page, 'the new card’s countdown', fresh.getByTestId('token-countdown'));
  expect(await fresh.evaluate((el) => getComputedStyle(el).transitionProperty)).toBe('none');
});
