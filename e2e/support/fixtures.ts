// The e2e vocabulary every spec imports instead of @playwright/test: page objects, the seed each
// test needs applied before it runs, a CSRF-ready API client, screenshots, and side dashboards that
// stop by themselves. Everything here is per test, so any test passes alone (`playwright test spec:line`).
import { basename } from 'node:path';
import { type APIRequestContext, test as base, type Page } from '@playwright/test';
import { sidePort } from '../../playwright.config';
import { startNext } from '../../scripts/lib/next.mjs';
import { GuidePage } from './pages/guide-page';
import { TokenPage } from './pages/token-page';
import { applySeedScenarios, e2eState } from './state';

export { expect } from '@playwright/test';
export { GuidePage, TokenPage };

/** The header every mutating API request carries (the CSRF check of DESIGN.md). */
export const csrf = { 'X-Tokenscope-Request': '1' };

interface Options {
  /** Seed scenarios applied (idempotently, through the dashboard's API) before each test; none by default. */
  seed: string[];
  /** File-name prefix of the spec's screenshots in test-results/screens/ (default: the spec's name). */
  screenPrefix: string;
}

interface Fixtures {
  /** Applies `seed`; automatic, so a test never relies on an earlier test or file having applied it. */
  seeded: undefined;
  /** The main dashboard's API, with the CSRF header; a session of its own (not the page's). */
  api: APIRequestContext;
  /** Saves a full-page screenshot of the test's page (or `of`) as test-results/screens/PREFIX-NAME.png. */
  snap: (name: string, of?: Page) => Promise<void>;
  /** The token workbench of this test's page. */
  tokens: TokenPage;
  /** A scenario's guided view on this test's page. */
  guide: (scenario: string) => GuidePage;
  /**
   * Starts another dashboard on sidePort(n) against the e2e cluster (env adds to or overrides
   * KUBECONFIG) and returns its URL; it is stopped when the test ends, pass or fail.
   */
  dashboard: (n: number, env?: Record<string, string>) => Promise<string>;
}

export const test = base.extend<Fixtures & Options>({
  seed: [[], { option: true }],
  screenPrefix: ['', { option: true }],
  seeded: [
    async ({ seed, playwright }, use) => {
      if (seed.length > 0) await applySeedScenarios(playwright, seed);
      await use(undefined);
    },
    { auto: true },
  ],
  api: async ({ playwright }, use) => {
    const api = await playwright.request.newContext({ baseURL: e2eState().url, extraHTTPHeaders: csrf });
    await use(api);
    await api.dispose();
  },
  snap: async ({ page, screenPrefix }, use, testInfo) => {
    const prefix = screenPrefix || basename(testInfo.file, '.spec.ts');
    await use(async (name, of = page) => {
      await of.screenshot({ path: `test-results/screens/${prefix}-${name}.png`, fullPage: true });
    });
  },
  tokens: async ({ page }, use) => {
    await use(new TokenPage(page));
  },
  guide: async ({ page }, use) => {
    await use((scenario) => new GuidePage(page, scenario));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  dashboard: async ({}, use) => {
    const started: { stop: () => Promise<void> }[] = [];
    await use(async (n, env = {}) => {
      const server = await startNext({
        port: sidePort(n),
        env: { KUBECONFIG: e2eState().cluster.kubeconfig, ...env },
        onOutput: () => {},
      });
      started.push(server);
      return server.url;
    });
    for (const server of started) await server.stop();
  },
});
