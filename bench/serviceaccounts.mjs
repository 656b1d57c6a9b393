// ServiceAccounts page (issue 8 §3) in Chromium against a cluster holding at least 5,000
// ServiceAccounts: navigation to first rows visible, keystroke in the search box to the next painted
// frame, and the JSON bytes of every /api/serviceaccounts page the browser fetches.
import * as k8s from '@kubernetes/client-node';
import { summary } from './stats.mjs';

const rowSelector = '[data-testid="sa-row"]';

function adminCore(cluster) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  return kc.makeApiClient(k8s.CoreV1Api);
}

/** Counts every ServiceAccount in the cluster, paging like the dashboard does. */
export async function countServiceAccounts(cluster) {
  const core = adminCore(cluster);
  let n = 0;
  let token;
  do {
    const page = await core.listServiceAccountForAllNamespaces({ limit: 500, _continue: token });
    n += page.items.length;
    token = page.metadata?._continue || undefined;
  } while (token);
  return n;
}

/** Tops the cluster up to `total` ServiceAccounts with plain ones in `namespace`, 8 creates in flight. */
export async function seedServiceAccounts(cluster, namespace, total) {
  const core = adminCore(cluster);
  const missing = total - (await countServiceAccounts(cluster));
  if (missing <= 0) return 0;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const todo = Array.from({ length: missing }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (todo.length) {
        const i = todo.shift();
        await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: `filler-${i}` } } });
      }
    }),
  );
  return missing;
}

// Runs in the page before any of its scripts: the first frame in which a row is actually rendered
// (streamed HTML parks Suspense content in a hidden div until React swaps it in, so visibility counts).
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

// Keystroke → painted frame: from the keydown's own timestamp to the task after the next
// requestAnimationFrame (the frame's style, layout and paint are done by then), and whether the rows
// in that frame already match the search box (the local filter, not the debounced server search).
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
          const input = document.querySelector('[data-testid="sa-search"]');
          const needle = (input?.value ?? '').trim().toLowerCase();
          const rows = [...document.querySelectorAll(selector)];
          window.__tsKeys.push({
            key: e.key,
            frameMs,
            paintedMs: performance.now() - t0,
            rows: rows.length,
            matches: rows.every((r) => (r.dataset.name ?? '').toLowerCase().includes(needle)),
          });
        };
        channel.port2.postMessage(0);
      });
    },
    true,
  );
}

/** One cold navigation to /serviceaccounts in a fresh context: first rows, TTFB, FCP, document bytes. */
export async function firstRowsOnce(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(firstRowsProbe, rowSelector);
  await page.goto(`${url}/serviceaccounts`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__tsBench?.firstRowsMs !== null, null, {
    timeout: 30_000,
    polling: 50,
  });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      firstRowsMs: window.__tsBench.firstRowsMs,
      ttfbMs: nav?.responseStart ?? null,
      responseEndMs: nav?.responseEnd ?? null,
      fcpMs: fcp?.startTime ?? null,
      documentBytes: nav?.transferSize ?? null,
    };
  });
  await context.close();
  return timing;
}

async function hydrated(page) {
  await page.waitForFunction(
    () => {
      const input = document.querySelector('[data-testid="sa-search"]');
      return input !== null && Object.keys(input).some((k) => k.startsWith('__reactProps'));
    },
    null,
    { timeout: 30_000 },
  );
}

/** Waits for the debounced server search that follows typing to be answered and rendered. */
async function settle(page, key) {
  const answered = page
    .waitForResponse((r) => r.url().includes('/api/serviceaccounts?'), { timeout: 15_000 })
    .catch(() => null);
  await page.keyboard.press(key);
  await answered;
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, null, {
    timeout: 15_000,
  });
  await page.waitForTimeout(150);
}

async function typeWord(page, word) {
  for (const ch of word.slice(0, -1)) {
    await page.keyboard.press(ch);
    await page.waitForTimeout(120);
  }
  await settle(page, word.slice(-1));
  for (let i = 1; i < word.length; i++) {
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(120);
  }
  await settle(page, 'Backspace');
}

/** Measures the page; `loads` cold navigations, then typing `words` and paging to the end `scrolls` times. */
export async function measureServiceAccountsPage(browser, url, { loads, words, scrolls }) {
  const loadsOut = [];
  for (let i = 0; i < loads; i++) loadsOut.push(await firstRowsOnce(browser, url));

  const context = await browser.newContext();
  const page = await context.newPage();
  const pages = [];
  page.on('response', async (res) => {
    if (!res.url().includes('/api/serviceaccounts?')) return;
    try {
      const body = await res.body();
      const sizes = await res.request().sizes();
      const timing = res.request().timing();
      pages.push({
        url: new URL(res.url()).search,
        status: res.status(),
        jsonBytes: body.length,
        transferBodyBytes: sizes.responseBodySize,
        items: JSON.parse(body.toString('utf8')).items?.length ?? null,
        latencyMs: timing.responseEnd,
      });
    } catch {
      // Aborted by a newer search: the browser never received the body.
    }
  });
  await page.addInitScript(keystrokeProbe, rowSelector);
  await page.goto(`${url}/serviceaccounts`);
  await page.locator(rowSelector).first().waitFor();
  await hydrated(page);
  await page.getByTestId('sa-search').focus();
  for (const word of words) await typeWord(page, word);
  const keys = await page.evaluate(() => window.__tsKeys);

  const scroller = page.getByRole('region', { name: 'ServiceAccounts, scrollable' });
  for (let i = 0; i < scrolls; i++) {
    const before = await page.locator(rowSelector).last().getAttribute('aria-rowindex');
    const next = page.waitForResponse((r) => r.url().includes('continue='), { timeout: 15_000 });
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await next;
    await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForFunction(
      ([sel, prev]) => [...document.querySelectorAll(sel)].at(-1)?.getAttribute('aria-rowindex') !== prev,
      [rowSelector, before],
    );
  }
  await page.waitForTimeout(300);
  await context.close();

  const stale = keys.filter((k) => !k.matches);
  const ok = pages.filter((p) => p.status === 200);
  return {
    firstRows: summary(loadsOut.map((l) => l.firstRowsMs)),
    ttfb: summary(loadsOut.map((l) => l.ttfbMs ?? Number.NaN)),
    fcp: summary(loadsOut.map((l) => l.fcpMs ?? Number.NaN)),
    loads: loadsOut,
    keystroke: summary(keys.map((k) => k.paintedMs)),
    keystrokeFrame: summary(keys.map((k) => k.frameMs)),
    keys,
    staleKeystrokes: stale.length,
    pages: ok,
    failedPages: pages.length - ok.length,
    maxJsonBytes: Math.max(...ok.map((p) => p.jsonBytes)),
    maxTransferBytes: Math.max(...ok.map((p) => p.transferBodyBytes)),
    pageLatency: summary(ok.map((p) => p.latencyMs)),
  };
}
