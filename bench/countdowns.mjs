// 200 live countdown cards on /tokens (issue 8 §5): the renderer main thread's busy share over idle
// windows, from the Chrome DevTools Protocol's Performance.getMetrics deltas (TaskDuration over the
// metrics' own Timestamp). When the target is missed, a trace of a further window says where the
// time goes.
import { mainThreadBreakdown, timelineCategories } from './trace.mjs';

const csrf = { 'X-Tokenscope-Request': '1' };

async function mintOne(page, namespace, serviceAccount) {
  const res = await page.request.post('/api/tokens', {
    headers: csrf,
    data: { namespace, serviceAccount, expirationSeconds: 3600 },
  });
  if (res.status() !== 201) throw new Error(`POST /api/tokens answered ${res.status()}: ${await res.text()}`);
}

/**
 * Mints `count` tokens into one session. Only a mutation makes a session (a read without a cookie
 * gets a throwaway one), so the first mint goes alone: four first mints in parallel would each make
 * a session of their own, and the browser would keep one cookie (197 cards of 200 once).
 */
async function mintHeldTokens(page, { namespace, serviceAccount, count }) {
  await mintOne(page, namespace, serviceAccount);
  let todo = count - 1;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (todo > 0) {
        todo--;
        await mintOne(page, namespace, serviceAccount);
      }
    }),
  );
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function measureWindow(page, cdp, windowMs) {
  const a = await metrics(cdp);
  await page.waitForTimeout(windowMs);
  const b = await metrics(cdp);
  const wall = b.Timestamp - a.Timestamp;
  const share = (name) => (b[name] - a[name]) / wall;
  return {
    seconds: wall,
    busy: share('TaskDuration'),
    script: share('ScriptDuration'),
    layout: share('LayoutDuration'),
    recalcStyle: share('RecalcStyleDuration'),
    layoutsPerSecond: (b.LayoutCount - a.LayoutCount) / wall,
    domNodes: b.Nodes,
    jsHeapMB: b.JSHeapUsedSize / 1e6,
  };
}

/** Holds `count` tokens in one browser session, opens /tokens and measures `windowCount` idle windows. */
export async function measureCountdowns(
  browser,
  url,
  { namespace, serviceAccount, count, windowMs, windowCount, target },
) {
  const context = await browser.newContext({ baseURL: url });
  const page = await context.newPage();
  try {
    // page and page.request share the context's cookies: the cards are the minted tokens' session.
    await mintHeldTokens(page, { namespace, serviceAccount, count });
    await page.goto('/tokens');
    const cards = page.getByTestId('token-card');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="token-card"]').length === n,
      count,
      {
        timeout: 60_000,
      },
    );
    // A presenter looks at the cards, not at the form above them.
    await cards.first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(2000);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const remaining = page.getByTestId('token-remaining').first();
    const before = await remaining.textContent();
    const windows = [];
    for (let i = 0; i < windowCount; i++) windows.push(await measureWindow(page, cdp, windowMs));
    const after = await remaining.textContent();
    // The machine is shared: a window can catch a neighbour's burst, so the median window is the figure.
    const median = [...windows].sort((x, y) => x.busy - y.busy)[Math.floor(windows.length / 2)];
    const out = {
      cards: await cards.count(),
      ...median,
      windows: windows.map((w) => Math.round(w.busy * 10000) / 100),
      ticked: before !== after,
      remainingBefore: before,
      remainingAfter: after,
    };
    if (out.busy > target) {
      // Evidence for the miss: one more window, traced, reduced to self time per event name.
      await browser.startTracing(page, { categories: timelineCategories });
      await page.waitForTimeout(windowMs);
      out.trace = mainThreadBreakdown((await browser.stopTracing()).toString('utf8'), windowMs / 1000);
    }
    return out;
  } finally {
    await context.close();
  }
}
