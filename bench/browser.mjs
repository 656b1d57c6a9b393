// Browser-side figures with Debian's Chromium: first-load JavaScript (compressed bytes over the
// wire, from Resource Timing) of the main pages.
import { chromium } from '@playwright/test';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.TOKENSCOPE_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
}

/** Compressed bytes of every script a cold page load fetches. */
export async function firstLoadJs(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(url, { waitUntil: 'load' });
  if (res?.status() !== 200) {
    await context.close();
    throw new Error(`${url} answered ${res?.status() ?? 'nothing'}`);
  }
  await page.waitForTimeout(1500);
  const bytes = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .reduce((n, e) => n + e.transferSize, 0),
  );
  await context.close();
  return bytes;
}
