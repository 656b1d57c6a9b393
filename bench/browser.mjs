// Browser-side figures with Debian's Chromium: first-load JavaScript (compressed bytes over the
// wire, from Resource Timing) of the main pages.
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../scripts/lib/chromium.mjs';

export { chromiumArgs };

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
}

/** Compressed bytes of every script a cold page load fetches, in total and per script. */
export async function firstLoadJs(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(url, { waitUntil: 'load' });
  if (res?.status() !== 200) {
    await context.close();
    throw new Error(`${url} answered ${res?.status() ?? 'nothing'}`);
  }
  await page.waitForTimeout(1500);
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .map((e) => ({
        name: new URL(e.name).pathname,
        transferBytes: e.transferSize,
        decodedBytes: e.decodedBodySize,
      })),
  );
  await context.close();
  const bytes = scripts.reduce((n, s) => n + s.transferBytes, 0);
  // A Next.js page always loads its runtime: zero bytes means the timing was not exposed, not a pass.
  if (bytes === 0) throw new Error(`${url}: no script transfer sizes recorded`);
  return { bytes, scripts: scripts.sort((a, b) => b.transferBytes - a.transferBytes) };
}
