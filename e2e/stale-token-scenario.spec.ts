import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { csrf, expect, test } from './support/fixtures';
import { tabTo } from './support/keyboard';
import { e2eState, kubeGet } from './support/state';

// The stale-token workshop scenario from a presenter's point of view, against the real local
// control plane and its audit log: the kubelet-like 3607 s tokens are extended (warnafter an hour
// ahead), so the "an hour later" step first says honestly that it waits; the fast path (the
// presenter's terminal: scripts/stale-token.mjs, the control plane's own key, never the dashboard)
// makes the API server mark reads-once's request stale; the step then finds it, explains the fix
// and links to Long-lived tokens for the account. rereads stays fresh. Keyboard only for the check.

const run = promisify(execFile);
const NS = 'stale-token-demo';
const SHOTS = 'test-results/screens';

test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: e2eState().url, extraHTTPHeaders: csrf });
  expect((await api.post('/api/scenarios/stale-token/teardown', { data: {} })).status()).toBe(200);
  await expect
    .poll(async () => (await kubeGet(`/api/v1/namespaces/${NS}`)).status, { timeout: 60_000 })
    .toBe(404);
  await api.dispose();
});

test('the app that reads its token once shows up stale; the one that re-reads does not', async ({
  page,
  guide,
}) => {
  test.setTimeout(240_000);
  await page.goto('/scenarios');
  const card = page.getByTestId('scenario-stale-token');
  await expect(card).toContainText('Apps that never reload their token');

  const g = guide('stale-token');
  await g.runUpTo(8);
  await g.at(8);
  await expect(g.step).toHaveAttribute('data-do', 'stale-check');
  await expect(g.step).toContainText('This step needs real time');

  // Keyboard only: Tab to the step's button and press Enter.
  const button = g.step.getByTestId('step-run');
  await expect(button).toHaveText('Send list pods with onceToken, then read the audit log');
  await page.locator('body').focus();
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'waiting');
  await expect(g.verdict).toContainText(
    /Not stale yet: the token's refresh point \(warnafter\) is in (59 min|1 h 0 min)/,
  );
  await expect(g.step.getByTestId('try-result').first()).toHaveAttribute('data-status', '200');
  await expect(g.step.getByTestId('stale-check-audit')).toHaveAttribute('data-found', 'no');
  await expect(g.step.getByTestId('stale-check-warnafter')).toContainText(
    '3607 s after kubelet asked for it',
  );
  const fast = g.step.getByTestId('stale-check-fast-path');
  await expect(fast).toContainText('that cannot be shortened');
  await expect(fast.locator('code')).toHaveText(`npm run stale-token -- --namespace ${NS} --pod reads-once`);
  await g.snap('8-waiting');

  // The fast path, as the presenter runs it in a terminal (against this run's control plane).
  const { stdout } = await run(
    process.execPath,
    [
      'scripts/stale-token.mjs',
      '--data-dir',
      e2eState().cluster.dataDir,
      '--namespace',
      NS,
      '--pod',
      'reads-once',
    ],
    { timeout: 30_000 },
  );
  expect(stdout).toContain('list pods in stale-token-demo');
  expect(stdout).toContain(': 200.');

  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.verdict).toContainText('marked 1 request of pod reads-once stale');
  const audit = g.step.getByTestId('stale-check-audit');
  await expect(audit).toHaveAttribute('data-found', 'yes');
  await expect(audit).toContainText(/2 min( \d+ s)? past the refresh|2 min past the refresh/);
  await expect(g.step.getByTestId('stale-check-fix')).toContainText('read the token file again');
  await expect(g.step.getByTestId('stale-check-fast-path')).toHaveCount(0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 1000 });
      await g.step.getByTestId('stale-check').scrollIntoViewIfNeeded();
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, `the guided view scrolls sideways at ${width} px`).toBe(0);
      await page.screenshot({
        path: `${SHOTS}/scenario-stale-check-${width}-${colorScheme}.png`,
        fullPage: false,
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // On stage (presenter mode) the saved place comes back with the finding.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await g.goto('?step=8&presenter=1');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('stale-check-audit')).toHaveAttribute('data-found', 'yes');
  await page.screenshot({ path: `${SHOTS}/scenario-stale-check-presenter-1920.png` });
  await g.goto('?step=8&presenter=0');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The link opens Long-lived tokens narrowed to the account: the pod, how stale, what it sent.
  await g.step.getByTestId('stale-check-link').click();
  await expect(page).toHaveURL(/\/tokens\/legacy\?account=stale-token-demo%2Finventory#stale-heading$/);
  await expect(page.getByTestId('stale-focus')).toContainText(`${NS}/inventory only`);
  const row = page.locator(`[data-testid="stale-token-user"][data-account="${NS}/inventory"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-pod', 'reads-once');
  await expect(row.getByTestId('stale-count')).toHaveText('1');
  await expect(row).toContainText('inventory/1.0 (reads-once; reads its token once)');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/legacy-stale-focus-${width}-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goBack();
  await g.ready();

  // rereads: read the file again, the same request, no stale mark for this pod.
  await g.open(9);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await page.getByRole('button', { name: 'Next →' }).click();
  await g.at(10);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.verdict).toContainText('No request of pod rereads is marked stale');
  await expect(g.step.getByTestId('stale-check-audit')).toHaveAttribute('data-found', 'no');
  await g.snap('10-fresh');

  await page.getByRole('button', { name: 'Next →' }).click();
  await g.at(11);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  expect(await g.verdicts()).toEqual(Array(11).fill('expected'));
});

test('while the page stays open, the waiting step sends the request again just past warnafter', async ({
  page,
  guide,
}) => {
  test.setTimeout(180_000);
  // The browser's clock only (the hour is skipped in this page's timers); the API server keeps real
  // time, so the stale mark itself comes from the fast path, as a presenter would take it.
  // The first test tore the scenario down: its namespace must be gone before it is made again.
  await expect
    .poll(async () => (await kubeGet(`/api/v1/namespaces/${NS}`)).status, { timeout: 60_000 })
    .toBe(404);
  await page.clock.install();
  const g = guide('stale-token');
  await g.runUpTo(8);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'waiting');
  await expect(g.step.getByTestId('stale-check-auto')).toContainText('sends the request again by itself');
  await run(
    process.execPath,
    [
      'scripts/stale-token.mjs',
      '--data-dir',
      e2eState().cluster.dataDir,
      '--namespace',
      NS,
      '--pod',
      'reads-once',
    ],
    { timeout: 30_000 },
  );
  await page.clock.fastForward('59:00');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'waiting');
  await page.clock.fastForward('02:10');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect(g.step.getByTestId('stale-check-audit')).toHaveAttribute('data-found', 'yes');
  await expect(g.step.getByTestId('stale-check-auto')).toHaveCount(0);
  expect(
    (await page.request.post('/api/scenarios/stale-token/teardown', { headers: csrf, data: {} })).status(),
  ).toBe(200);
});
