// The bindings browser (/rbac, issue 14 §1) in Chromium against the cluster holding the RBAC world
// (10,000 bindings in a full run): navigation to first rows visible, keystroke in the Role filter to
// the next painted frame (the rows held narrow at once; the server is asked after a pause), the
// bytes of the page's HTML document (its first rows) and of each /api/rbac/bindings page fetched.
import { summary } from './stats.mjs';

const rowSelector = '[data-testid="binding-row"]';
const roleFilter = 'Role';

// Runs in the page before any of its scripts: the end of the first frame in which a row is visible
// (streamed Suspense content lands hidden first, so visibility counts), as in serviceaccounts.mjs.
function firstRowsProbe(selector) {
  const state = { firstRowsMs: null };
  window.__tsBench = state;
  const check = () => {
    const row = document.querySelector(selector);
    if (!row?.checkVisibility()) return false;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        state.firstRowsMs = performance.now();
      };
      channel.port2.postMessage(0);
    });
    return true;
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

// Keystroke → painted frame: from the keydown's timestamp to the task after the next animation
// frame, and whether every row in that frame already matches the Role filter (a fast but stale
// frame counts as a failure).
function keystrokeProbe(selector) {
  window.__tsKeys = [];
  window.addEventListener(
    'keydown',
    (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => {
        const frameMs = performance.now() - t0;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const input = document.activeElement;
          const needle = (input instanceof HTMLInputElement ? input.value : '').trim().toLowerCase();
          const rows = [...document.querySelectorAll(selector)];
          const count = document.querySelector('[data-testid="bindings-count"]')?.textContent ?? '';
          window.__tsKeys.push({
            key: e.key,
            frameMs,
            paintedMs: performance.now() - t0,
            rows: rows.length,
            count,
            matches: rows.every((r) => (r.dataset.role ?? '').toLowerCase().includes(needle)),
          });
        };
        channel.port2.postMessage(0);
      });
    },
    true,
  );
}

async function firstRowsOnce(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Requests the page makes for other routes' data (link prefetches, router refreshes) until its rows show.
  let rscRequests = 0;
  page.on('request', (r) => {
    if (r.headers().rsc === '1') rscRequests++;
  });
  await page.addInitScript(firstRowsProbe, rowSelector);
  await page.goto(`${url}/rbac`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__tsBench?.firstRowsMs !== null, null, {
    timeout: 60_000,
    polling: 50,
  });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      firstRowsMs: window.__tsBench.firstRowsMs,
      ttfbMs: nav?.responseStart ?? null,
      responseEndMs: nav?.responseEnd ?? null,
      documentBytes: nav?.transferSize ?? null,
      documentDecodedBytes: nav?.decodedBodySize ?? null,
    };
  });
  const count = await page.getByTestId('bindings-count').textContent();
  await context.close();
  return { ...timing, count, rscRequests };
}

/** Measures /rbac: `loads` cold navigations, then typing each of `words` into the Role filter and deleting it. */
export async function measureBindingsPage(browser, url, { loads, words }) {
  const loadsOut = [];
  for (let i = 0; i < loads; i++) loadsOut.push(await firstRowsOnce(browser, url));

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(keystrokeProbe, rowSelector);
  await page.goto(`${url}/rbac`);
  await page.locator(rowSelector).first().waitFor({ timeout: 60_000 });
  const input = page.getByLabel(roleFilter, { exact: true });
  await page.waitForFunction(
    () => {
      const el = document.querySelector('input[name="role"]');
      return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
    },
    null,
    { timeout: 60_000 },
  );
  const pages = [];
  let rscRequests = 0;
  page.on('request', (r) => {
    if (r.headers().rsc === '1') rscRequests++;
  });
  page.on('response', async (res) => {
    if (!res.url().includes('/api/rbac/bindings')) return;
    const timing = res.request().timing();
    const body = await res.body().catch(() => Buffer.alloc(0));
    pages.push({
      status: res.status(),
      bytes: body.length,
      ms: timing.responseEnd > 0 ? timing.responseEnd : null,
    });
  });
  await input.focus();
  for (const word of words) {
    for (const ch of word) {
      await page.keyboard.press(ch);
      await page.waitForTimeout(120);
    }
    for (let i = 0; i < word.length; i++) {
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(120);
    }
  }
  await page.waitForTimeout(1000);
  // Two more pages of the unfiltered list, as "Show more" asks for them.
  for (let i = 0; i < 2; i++) {
    const more = page.getByRole('button', { name: /^Show [\d,]+ more$/ });
    if (!(await more.isVisible())) break;
    await more.click();
    await page.waitForTimeout(1000);
  }
  const keys = await page.evaluate(() => window.__tsKeys);
  await context.close();

  const html = loadsOut.map((l) => l.documentBytes ?? Number.NaN);
  return {
    firstRows: summary(loadsOut.map((l) => l.firstRowsMs)),
    ttfb: summary(loadsOut.map((l) => l.ttfbMs ?? Number.NaN)),
    loads: loadsOut,
    keystroke: summary(keys.map((k) => k.paintedMs)),
    keystrokeFrame: summary(keys.map((k) => k.frameMs)),
    keys,
    rscRequestsWhileTyping: rscRequests,
    staleKeystrokes: keys.filter((k) => !k.matches).length,
    documentBytes: summary(html),
    documentDecodedBytes: summary(loadsOut.map((l) => l.documentDecodedBytes ?? Number.NaN)),
    pages,
    pageBytes: summary(pages.map((p) => p.bytes)),
    pageLatency: summary(pages.map((p) => p.ms ?? Number.NaN)),
  };
}
